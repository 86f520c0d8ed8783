#!/usr/bin/env bash
# conflicts.test.sh XIUFU SOURCE_DIR WORK_DIR
# Two policies that are neither an override of the other nor its successor
# (the two of tests/golden/cases/policy_conflict.xf) decide the same records:
#   - a record they decide differently is counted, and the run says so once,
#     with the first such record and the fix, in the run's language;
#   - records they decide alike, or that only one takes, are not counted;
#   - the warning does not change the exit code; --quiet leaves it out.
set -euo pipefail
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$(cd "$2" && pwd) work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
command -v sqlite3 > /dev/null || { echo "FAIL: the sqlite3 shell is needed" >&2; exit 1; }
policy=$src/tests/golden/cases/policy_conflict.xf

# penalty 1: 攀枝花, 吊销营业执照, fulfilled: 国家 not_repairable, 省级 can_apply (differently)
# penalty 2: 攀枝花, not fulfilled, published 2026-01-10: not_yet by both (alike)
# penalty 3: Beijing: 省级 does not take it (one decision)
# penalty 4: 攀枝花, fulfilled, no revocation: 国家 not_yet, 省级 can_apply (differently)
make_db() { # DB ROWS...
  local db=$1
  shift
  sqlite3 "$db" < "$src/runtime/records.sql"
  {
    echo "BEGIN;"
    echo "INSERT INTO entity VALUES ('91510402000000001X', '甲', '企业', '存续', '510402', NULL, NULL, NULL, NULL);"
    echo "INSERT INTO entity VALUES ('911101050000000022', '乙', '企业', '存续', '110105', NULL, NULL, NULL, NULL);"
    for row in "$@"; do echo "$row"; done
    echo "COMMIT;"
  } | sqlite3 "$db"
}
p1="INSERT INTO penalty VALUES (1, '91510402000000001X', '罚1', '市场监督管理局', '市场监管', '510402', '虚假宣传', '其他', '罚款,吊销营业执照', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, '2026-01-20', '2026-01-20', NULL, NULL);"
p2="INSERT INTO penalty VALUES (2, '91510402000000001X', '罚2', '市场监督管理局', '市场监管', '510402', '虚假宣传', '其他', '罚款', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, NULL, NULL, NULL, NULL);"
p3="INSERT INTO penalty VALUES (3, '911101050000000022', '罚3', '市场监督管理局', '市场监管', '110105', '虚假宣传', '其他', '罚款,吊销营业执照', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, '2026-01-20', '2026-01-20', NULL, NULL);"
p4="INSERT INTO penalty VALUES (4, '91510402000000001X', '罚4', '市场监督管理局', '市场监管', '510402', '虚假宣传', '其他', '罚款', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, '2026-01-20', '2026-01-20', NULL, NULL);"
make_db apart.db "$p1" "$p2" "$p3" "$p4"
make_db alike.db "$p2" "$p3"

zh='xiufu run：警告：2 条记录被两项政策作出不同的决定，例如 penalty 第 1 条：“国家”为 not_repairable，“省级”为 can_apply；请把其中一项写成另一项的覆盖政策（override … as …），或写明先后接替（supersedes），或收窄 where 使两者不重叠'
en="xiufu run: warning: 2 records were decided differently by two policies, e.g. penalty 1: not_repairable by '国家', can_apply by '省级'; make one an override of the other ('override ... as ...'), say which follows which ('supersedes'), or narrow a 'where' so that they do not meet"

for engine in jit interp; do
  rc=0
  "$xiufu" run --engine $engine -p "$policy" -d apart.db --as-of 2026-06-30 -o apart-$engine.out.db 2> apart-$engine.zh.err || rc=$?
  [ $rc = 0 ] || fail "$engine: exit $rc, want 0: $(tail -3 apart-$engine.zh.err)"
  [ "$(grep -c '^xiufu run：警告' apart-$engine.zh.err)" = 1 ] || fail "$engine: want one warning: $(cat apart-$engine.zh.err)"
  grep -qxF "$zh" apart-$engine.zh.err || fail "$engine: the Chinese warning differs: $(grep '^xiufu run：' apart-$engine.zh.err)"
  got=$(sqlite3 apart-$engine.out.db "SELECT group_concat(policy || ':' || subject_id || ':' || outcome, ' ')
                                      FROM (SELECT * FROM decision ORDER BY subject_id, policy)")
  [ "$got" = "国家:1:not_repairable 省级:1:can_apply 国家:2:not_yet 省级:2:not_yet 国家:3:not_repairable 国家:4:not_yet 省级:4:can_apply" ] ||
    fail "$engine: the decisions the warning counts are not as hand-checked: $got"
done

"$xiufu" run --lang en -p "$policy" -d apart.db --as-of 2026-06-30 -o apart-en.out.db 2> apart.en.err ||
  fail "--lang en: exit $?"
grep -qxF "$en" apart.en.err || fail "the English warning differs: $(grep '^xiufu run: warning' apart.en.err)"

"$xiufu" run --quiet -p "$policy" -d apart.db --as-of 2026-06-30 -o quiet.out.db 2> quiet.err || fail "--quiet: exit $?"
! grep -q '^xiufu run：警告' quiet.err || fail "--quiet still warns"

"$xiufu" run -p "$policy" -d alike.db --as-of 2026-06-30 -o alike.out.db 2> alike.err || fail "alike: exit $?"
[ "$(sqlite3 alike.out.db "SELECT count(*) FROM decision")" = 3 ] || fail "alike: want 3 decisions"
! grep -q '^xiufu run：警告' alike.err || fail "records decided alike are counted: $(grep '^xiufu run：' alike.err)"

if [ $failures -ne 0 ]; then
  echo "conflicts.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "conflicts.test.sh: ok"
