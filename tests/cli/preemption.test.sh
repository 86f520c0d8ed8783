#!/usr/bin/env bash
# preemption.test.sh XIUFU SOURCE_DIR WORK_DIR
# Overrides of the shipped national policies and the preemption check
# (docs/language.md §14a): the shipped packs check clean; a local step put
# before the national exclusions is reported against each exclusion it can
# preempt, and only those (the proof is exact: a step whose condition cannot
# meet an exclusion, or that an earlier step keeps from it, is not reported);
# `overrides STEP` with a basis and `decide instead of STEP` accept a step;
# the merged ladder decides in the placed order.
set -euo pipefail
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd) work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
nat=$src/policies/national

rc=0; "$xiufu" check --lang en "$src/policies" > shipped.out 2> shipped.err || rc=$?
[[ $rc == 0 ]] || fail "xiufu check policies: exit $rc: $(head -c 600 shipped.err)"
grep -q "comes before" shipped.err && fail "the shipped packs preempt a national exclusion: $(grep 'comes before' shipped.err | head -3)"

# the pilot's step before every national step (the default place): the exclusions it can preempt
# are 简易程序, 仅警告, 撤销修复后期满, 撤销修复, 期满 and 随名单移出; not 注销日 or 已注销 (the
# scope says 存续) nor 吊销类不得提前 (the step says not 吊销类)
pack() { # NAME PLACE EXTRA-CONDITION [OVERRIDES]
  cat > "$1.xf" <<XF
module t.$1
use national.samr.order107.penalty
basis "《某市试点方案》"
effective from 2026-01-01 until 2026-12-31

override 行政处罚信息_107号令 as 行政处罚信息_$1 where starts_with(p.entity.region, "5104") and p.entity.status == 存续
  decide $2
    auto_repair from 可申请日 when not 吊销类 $3 and all required ${4:-}  basis "三、（二）"
XF
}
check() { # NAME: exit code into rc, diagnostics into NAME.err
  rc=0; "$xiufu" check --lang en "$nat" "$1.xf" > "$1.out" 2> "$1.err" || rc=$?
}
names() { grep -o "comes before step [0-9]* '[^']*'" "$1.err" | sed "s/.*'\(.*\)'/\1/" | tr '\n' ' '; }

pack first "" ""
check first
[[ $rc == 1 ]] || fail "first: exit $rc"
[[ "$(names first)" == "简易程序 仅警告 撤销修复后期满 撤销修复 期满 随名单移出 " ]] || fail "first: reported $(names first)"
grep -q "first.xf:8:5: error: step 1 (auto_repair) of '行政处罚信息_first' comes before step 3 '简易程序' of '行政处罚信息_107号令' (not_published, 《市场监督管理行政处罚信息公示规定》（国家市场监督管理总局令第45号）第二条第一款) and can decide otherwise a record that step excludes (e.g. p.procedure = 简易, " first.err ||
  fail "first: the message: $(head -1 first.err)"

# after the revoked repairs: 期满 and 随名单移出 are left (吊销类不得提前 is excluded by the condition)
pack after "after 撤销修复" ""
check after
[[ "$(names after)" == "期满 随名单移出 " ]] || fail "after 撤销修复: reported $(names after)"

# the conditions exclude every national exclusion: nothing to report, at the default place
pack disjoint "" "and p.procedure == 普通 and not p.measures == {警告} and p.repair_revoked == none and not as_of >= 停止公示日 and 名单移出日 == none"
check disjoint
[[ $rc == 0 ]] || fail "disjoint: exit $rc: $(head -c 600 disjoint.err)"

# overrides, with the step's basis
pack declared "after 撤销修复" "" "overrides 期满, 随名单移出"
check declared
[[ $rc == 0 ]] || fail "overrides 期满, 随名单移出: exit $rc: $(head -c 600 declared.err)"

# placed before 申请: clean, and decides after the exclusions
pack placed "before 申请" ""
check placed
[[ $rc == 0 ]] || fail "before 申请: exit $rc: $(head -c 600 placed.err)"
cat >> placed.xf <<'XF'

test "简易程序：不予公示" {
  entity  { region: "510402" }
  penalty { measures: {罚款}, fine_yuan: 1000元, tier: 一般, procedure: 简易,
            published: 2026-01-05, fulfilled: 2026-01-20, remedied: 2026-01-20 }
  on 2026-05-01 expect not_published
}

test "普通程序：自动修复" {
  entity  { region: "510402" }
  penalty { measures: {罚款}, fine_yuan: 100000元, tier: 一般,
            published: 2026-01-05, fulfilled: 2026-01-20, remedied: 2026-01-20 }
  on 2026-05-01 expect auto_repair eligible_from 2026-04-06
}
XF
rc=0; "$xiufu" test --lang en --min-coverage 0 "$nat" placed.xf > placed-test.out 2>&1 || rc=$?
grep -q "^ok 简易程序：不予公示$" placed-test.out || fail "placed: $(grep FAIL placed-test.out | head -3)"
grep -q "^ok 普通程序：自动修复$" placed-test.out || fail "placed: $(grep FAIL placed-test.out | head -3)"

# instead of a step: the step is replaced, the rest checked
cat > instead.xf <<'XF'
module t.instead
use national.lists.referral
basis "《某县方案》"

override 严重失信主体名单_认定单位 as 严重失信主体名单_某县 where starts_with(s.entity.region, "6203")
  decide instead of 移交认定单位
    refer otherwise       basis "三、（三）"
XF
check instead
[[ $rc == 0 ]] || fail "instead of: exit $rc: $(head -c 600 instead.err)"

((failures == 0)) || { echo "$failures failure(s)" >&2; exit 1; }
echo "preemption: ok"
