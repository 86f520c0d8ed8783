#!/usr/bin/env bash
# xiufu_test.test.sh XIUFU SOURCE_DIR WORK_DIR
# `xiufu test`: the tests written inside the shipped policies pass and exercise
# every ladder step, exception and requirement of every module (on the JIT and
# on the interpreter); and a small policy with a failing test and a coverage
# gap is reported as such, with exit code 1.
set -euo pipefail

. "$(dirname "$0")/../lib/args.sh" "$@"
mkdir -p "$work/tmp"
export TMPDIR=$work/tmp   # temporary databases go here; they must all be gone afterwards
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# ---- the shipped policies ---------------------------------------------------------------
for engine in jit interp; do
  out=$work/policies-$engine.txt
  rc=0
  "$xiufu" test --lang en --engine $engine "$src/policies" > "$out" 2> "$work/policies-$engine.err" || rc=$?
  [ $rc -eq 0 ] || { fail "xiufu test --engine $engine $src/policies exited $rc"; cat "$out" "$work/policies-$engine.err"; }
  grep -q '^FAIL' "$out" && { fail "$engine: failing tests:"; grep '^FAIL' "$out"; }
  coverage=$(grep -E '^  [^ ].*: steps [0-9]+/[0-9]+, exceptions [0-9]+/[0-9]+, requirements [0-9]+/[0-9]+ = [0-9]+%$' "$out" || true)
  [ -n "$coverage" ] || fail "$engine: no coverage lines"
  if grep -v ' = 100%$' <<< "$coverage" | grep -q .; then
    fail "$engine: modules below 100% coverage:"
    grep -v ' = 100%$' <<< "$coverage"
    grep '^    not exercised' "$out" || true
  fi
  for m in national.samr.rules2021.penalty national.samr.order107.penalty national.samr.rules2021.lists \
           national.samr.order107.lists national.ndrc.notice527 national.ndrc.order58 national.ndrc.order36 \
           national.lists.referral national.samr.order107.inspection sichuan.panzhihua.pilot; do
    grep -q "^  $m: " <<< "$coverage" || fail "$engine: no coverage line for $m"
  done
  last=$(tail -n 1 "$out")
  [[ "$last" =~ ^[1-9][0-9]*\ passed,\ 0\ failed$ ]] || fail "$engine: last line is '$last'"
  echo "$engine: $last"
done
cmp -s <(tail -n 1 "$work/policies-jit.txt") <(tail -n 1 "$work/policies-interp.txt") ||
  fail "the engines disagree: $(tail -n 1 "$work/policies-jit.txt") / $(tail -n 1 "$work/policies-interp.txt")"

# ---- a failing test and a coverage gap ---------------------------------------------------
cd "$work"
cat > neg.xf <<'XF'
module neg
use schema
basis "《示例办法》"

# the requirement has no basis: its warning must show once, not once per run
policy 简单 for p: penalty
  where p.published != none and p.published <= as_of
  let 期 = 3 months                           basis "第一条"
      except 1 year when p.domain == 食品     basis "第二条"
  require 已缴 = p.fulfilled != none and p.fulfilled <= as_of
  decide
    can_apply from met(p.published, 期) when all required     basis "第三条"
    not_yet otherwise set eligible_from = met(p.published, 期)  basis "第三条"

test "通过" {
  penalty { published: 2026-01-10, fulfilled: 2026-01-20 }
  on 2026-04-10 expect not_yet eligible_from 2026-04-11
  on 2026-04-11 expect can_apply eligible_from 2026-04-11
  on 2025-12-31 expect none
}

test "失败" {
  entity  { region: "510402" }
  penalty { published: 2026-01-10 }
  on 2026-04-11 expect can_apply eligible_from 2026-04-12
}
XF
line() { grep -n "$1" neg.xf | head -n 1 | cut -d: -f1; }
on=$(line 'eligible_from 2026-04-12') exc=$(line 'except 1 year')
cat > neg.want <<TXT
ok 通过
FAIL 失败 (neg.xf:$on): on 2026-04-11 expected can_apply got not_yet (简单, step 2)
FAIL 失败 (neg.xf:$on): on 2026-04-11 expected eligible_from 2026-04-12 got 2026-04-11

coverage:
  neg: steps 2/2, exceptions 0/1, requirements 1/1 = 75%
    not exercised: exception 1 of 期 in 简单 (neg.xf:$exc)
1 module(s) below the minimum coverage of 100%
1 passed, 1 failed
TXT
rc=0
"$xiufu" test --lang en neg.xf > neg.out 2> neg.err || rc=$?
[ $rc -eq 1 ] || fail "failing test: exit $rc, want 1"
diff -u neg.want neg.out || fail "failing test: output differs (--- want, +++ got)"
[ "$(grep -c 'warning' neg.err)" = 1 ] || { fail "failing test: want the one warning once on stderr"; cat neg.err; }

# the same in Chinese (the default)
cat > neg-zh.want <<TXT
ok 通过
FAIL 失败（neg.xf:$on）：2026-04-11 预期 can_apply，实际 not_yet（简单 第 2 步）
FAIL 失败（neg.xf:$on）：2026-04-11 预期 eligible_from 为 2026-04-12，实际为 2026-04-11

覆盖率：
  neg：步骤 2/2，例外 0/1，要求 1/1 = 75%
    未覆盖：简单 中“期”的第 1 个例外（neg.xf:$exc）
1 个模块的覆盖率低于 100%
1 passed, 1 failed
TXT
rc=0
"$xiufu" test neg.xf > neg-zh.out 2> /dev/null || rc=$?
[ $rc -eq 1 ] || fail "failing test (zh): exit $rc, want 1"
diff -u neg-zh.want neg-zh.out || fail "failing test (zh): output differs"

# passing tests, a gap: --min-coverage decides
sed '/^test "失败"/,$d' neg.xf > gap.xf
sed -i 's/^module neg$/module gap/' gap.xf
rc=0
"$xiufu" test --lang en gap.xf > gap.out 2>&1 || rc=$?
[ $rc -eq 1 ] || fail "coverage gap: exit $rc, want 1"
grep -qx '1 passed, 0 failed' gap.out || fail "coverage gap: no '1 passed, 0 failed' line"
grep -qx '  gap: steps 2/2, exceptions 0/1, requirements 0/1 = 50%' gap.out || { fail "coverage gap: coverage line"; cat gap.out; }
rc=0
"$xiufu" test --lang en --min-coverage 50 gap.xf > gap50.out 2>&1 || rc=$?
[ $rc -eq 0 ] || { fail "--min-coverage 50: exit $rc, want 0"; cat gap50.out; }

# usage
rc=0; "$xiufu" test > /dev/null 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "no paths: exit $rc, want 2"
rc=0; "$xiufu" test --min-coverage 101 neg.xf > /dev/null 2>&1 || rc=$?
[ $rc -eq 2 ] || fail "--min-coverage 101: exit $rc, want 2"

# nothing left behind
leftover=$(ls -A "$TMPDIR")
[ -z "$leftover" ] || fail "temporary files left in \$TMPDIR: $leftover"

echo "xiufu_test.test.sh: $failures failure(s)"
[ $failures -eq 0 ]
