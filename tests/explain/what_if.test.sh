#!/usr/bin/env bash
# xiufu explain --what-if: one record decided again with changed values,
# through the run's own stored rules on the run's day, beside the decision
# as recorded.  A case of each jurisdiction with a fixture (tests/e2e); the
# changed dates below are worked out by hand:
#   national  penalty:3, 2026-11-01: the fine paid on 2026-03-01 — every
#             requirement met, 3 months from publication 2026-01-10 → can_apply
#             from 2026-04-11 (step 11)
#   攀枝花    penalty:1, 2025-12-01: published 2025-07-10 instead of 2025-08-10 —
#             six months end 2026-01-10, three years 2028-07-10, the reminder a
#             month before: still not_yet, every date a month earlier
#   湘潭      penalty:9, 2025-12-24: published 2025-06-10 — six months end
#             2025-12-10, so can_apply from 2025-12-11 (step 6); three years
#             2028-06-10
#   永昌      penalty:1, 2025-12-01: as 攀枝花, and its period outputs a month earlier
# Usage: what_if.test.sh XIUFU SOURCE_DIR WORK_DIR
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work/tmp"
export TMPDIR=$work/tmp  # the scratch folders of --what-if, checked below
failures=0 checked=0
fail() { failures=$((failures + 1)); printf 'FAIL: %s\n' "$*"; }

# decide NAME AS_OF: the fixture of tests/e2e/NAME decided on AS_OF into $work/NAME-out.db
decide() {
  local name=$1 as_of=$2 policies=()
  sqlite3 "$work/$name.db" < "$src/runtime/records.sql"
  sqlite3 "$work/$name.db" < "$src/tests/e2e/$name/fixture.sql"
  while read -r p; do [[ -n "$p" ]] && policies+=("$src/$p"); done < "$src/tests/e2e/$name/policies.txt"
  "$xiufu" run --quiet -p "${policies[@]}" -d "$work/$name.db" --as-of "$as_of" -o "$work/$name-out.db"
}

# what_if NAME SUBJECT CHANGE... -- LINE...: each LINE in the comparison
what_if() {
  local name=$1 subject=$2 changes=() args=()
  shift 2
  while [[ $1 != -- ]]; do changes+=("$1"); args+=(--what-if "$1"); shift; done
  shift
  checked=$((checked + 1))
  if ! "$xiufu" explain -d "$work/$name-out.db" --subject "$subject" "${args[@]}" > "$work/$name.out" 2> "$work/$name.err"; then
    fail "$name ${changes[*]}: exit $? ($(head -3 "$work/$name.err"))"
    return
  fi
  for want in "$@"; do
    grep -qxF -- "$want" "$work/$name.out" || fail "$name ${changes[*]}: no line '$want'"
  done
}

decide national 2026-11-01
what_if national penalty:3 fulfilled=2026-03-01 -- \
  '  结论：暂不符合修复条件 (not_yet) → 可申请修复 (can_apply)' \
  '  决定步骤：第 12 步「not_yet otherwise」 → 第 11 步「can_apply from 可申请日 when all required」' \
  '  满足时间条件之日：2026-04-11 = 2026-04-11（不变）' \
  '结论：可申请修复（can_apply）'
# paid after the evaluation day: nothing changes
what_if national penalty:3 fulfilled=2026-12-01 -- '  结论：暂不符合修复条件 (not_yet) = 暂不符合修复条件 (not_yet)（不变）'
# the entity deregistered: Order 107 art. 20, step 1
what_if national penalty:3 entity.status=注销 entity.deregistered=2026-05-01 -- \
  '  结论：暂不符合修复条件 (not_yet) → 公示期满 (expired)' \
  '  停止公示之日：2027-01-11 → 2026-05-01'

decide panzhihua 2025-12-01
what_if panzhihua penalty:1 published=2025-07-10 -- \
  '  结论：暂不符合修复条件 (not_yet) = 暂不符合修复条件 (not_yet)（不变）' \
  '  满足时间条件之日：2026-02-11 → 2026-01-11' \
  '  停止公示之日：2028-08-11 → 2028-07-11' \
  '  remind_on：2026-01-11 → 2025-12-11'

decide xiangtan 2025-12-24
what_if xiangtan penalty:9 published=2025-06-10 -- \
  '  结论：暂不符合修复条件 (not_yet) → 可申请修复 (can_apply)' \
  '  决定步骤：第 7 步「not_yet otherwise」 → 第 6 步「can_apply from 可申请日 when all required」' \
  '  满足时间条件之日：2026-02-11 → 2025-12-11' \
  '  停止公示之日：2028-08-11 → 2028-06-11'

decide yongchang 2025-12-01
what_if yongchang penalty:1 published=2025-07-10 -- \
  '  满足时间条件之日：2026-02-11 → 2026-01-11' \
  '  min_period_end：2026-02-10 → 2026-01-10' \
  '  max_period_end：2028-08-10 → 2028-07-10' \
  '  remind_on：2026-01-11 → 2025-12-11'

# nothing is written: the records and the output stay as they were
[[ $(sqlite3 "$work/national.db" "SELECT ifnull(fulfilled, '-') FROM penalty WHERE id = 3") == - ]] \
  || fail "--what-if changed the records database"
[[ $(sqlite3 "$work/national-out.db" "SELECT count(*) FROM run") == 1 ]] || fail "--what-if added a run to the output"

. "$(dirname "$0")/expect.sh"
expect 1 "penalty 表没有可改的列 paid" -- -d "$work/national-out.db" --subject penalty:3 --what-if paid=2026-03-01
expect 1 "has no column id that may change" -- -d "$work/national-out.db" --subject penalty:3 --what-if id=4 --lang en
expect 1 "应为 列名=值" -- -d "$work/national-out.db" --subject penalty:3 --what-if fulfilled
expect 2 "add --policy" -- -d "$work/national-out.db" --uscc 911101050000000149 --what-if fulfilled=2026-03-01 --lang en
expect 0 "" -- -d "$work/national-out.db" --subject penalty:3 --what-if fulfilled=2026-03-01 --lang en --html "$work/what-if.html"
grep -qF 'class="sbs"' "$work/what-if.html" && grep -qF 'With the changes' "$work/what-if.html" \
  || fail "--what-if --html: the two decisions are not side by side"
mv "$work/national.db" "$work/moved.db"
expect 1 "请用 --records 指定" -- -d "$work/national-out.db" --subject penalty:3 --what-if fulfilled=2026-03-01
expect 0 "→ 可申请修复 (can_apply)" -- -d "$work/national-out.db" --subject penalty:3 --what-if fulfilled=2026-03-01 --records "$work/moved.db"
ls "$TMPDIR" | grep -q '^xiufu-what-if-' && fail "a scratch folder of --what-if was left behind"

echo "what-if: $checked checked, $failures failed"
[[ $failures -eq 0 ]]
