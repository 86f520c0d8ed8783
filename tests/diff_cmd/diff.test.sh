#!/usr/bin/env bash
# `xiufu diff` on a hand-made records database: the transition table, the date
# shifts, records only one side governs, entities affected, two evaluation
# days in one pass, -o DIFF.db, --fail-on-change and the usage errors.
# Usage: diff.test.sh XIUFU SOURCE_DIR WORK_DIR
#
# Side A (rules_a.xf): 市场监管 penalties, published; expired from met(published,
# 1 year), can_apply from met(published, 3 months) when fulfilled, else not_yet
# with eligible_from = met(published, 3 months); stops_on = met(published, 1 year).
# Side B (rules_b.xf): penalties of every sector by ordinary procedure (普通),
# published; the same ladder with six months instead of three.
# met(D, n months) is the day after the same-numbered day n months on
# (docs/readings.md reading 1): met(2025-03-01, 3 months) = 2025-06-02.
set -u
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
here=$src/tests/diff_cmd
fail=0
check() {  # check WHAT EXPECTED ACTUAL
  if [[ "$2" != "$3" ]]; then
    echo "FAIL: $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1
  else
    echo "ok: $1"
  fi
}

db=records.db
sqlite3 "$db" < "$src/runtime/records.sql"
sqlite3 "$db" < "$here/records.sql"

# ---- one day: 2026-01-01 ----
"$xiufu" diff -a "$here/rules_a.xf" -b "$here/rules_b.xf" -d "$db" --as-of 2026-01-01 -o diff.db --lang en \
  > out.txt 2> err.txt
check "exit 0 without --fail-on-change" 0 $?
q() { sqlite3 -separator ' ' diff.db "$1" | tr '\n' ';'; }
# records decided: 1,2,3,4,7 by A; 1,2,3,5,7 by B; 6 by neither: 6 records
check "the transition table, every record (a b records changed)" \
  "can_apply can_apply 1 1;can_apply not_yet 1 1;expired expired 1 0;none can_apply 1 1;not_yet none 1 1;not_yet not_yet 1 1;" \
  "$(q "SELECT a_outcome, b_outcome, records, changed FROM diff_transition ORDER BY 1, 2")"
check "the day's totals (records a_decided b_decided changed entities)" "6 5 5 5 4;" \
  "$(q "SELECT records, a_decided, b_decided, changed, entities FROM diff_day")"
check "the changed records" \
  "penalty 1 can_apply 2025-06-02 2026-03-02 can_apply 2025-09-02 2026-03-02 eligible_from 92 0;penalty 2 can_apply 2025-11-02 2026-08-02 not_yet 2026-02-02 2026-08-02 outcome,eligible_from 92 0;penalty 4 not_yet 2026-01-02 2026-10-02 none   outcome,eligible_from,stops_on  ;penalty 5 none   can_apply 2025-11-02 2026-05-02 outcome,eligible_from,stops_on  ;penalty 7 not_yet 2025-12-16 2026-09-16 not_yet 2026-03-16 2026-09-16 eligible_from 90 0;" \
  "$(q "SELECT subject_table, subject_id, a_outcome, a_eligible_from, a_stops_on, b_outcome, b_eligible_from, b_stops_on, changed, eligible_shift, stops_shift FROM diff_record ORDER BY subject_id")"
# steps: 1 expired, 2 can_apply, 3 not_yet
check "the policy and the step cited on each side" \
  "1 处罚_A 2 A 第四条 处罚_B 2 B 第四条;2 处罚_A 2 A 第四条 处罚_B 3 B 第五条;4 处罚_A 3 A 第五条   ;5    处罚_B 2 B 第四条;" \
  "$(q "SELECT subject_id, a_policy, a_step, substr(a_basis, instr(a_basis, '》') + 1), b_policy, b_step, substr(b_basis, instr(b_basis, '》') + 1) FROM diff_record WHERE subject_id IN (1, 2, 4, 5) ORDER BY subject_id")"
check "the date shifts (field change days records)" \
  "eligible_from gained  1;eligible_from later 90 1;eligible_from later 92 2;eligible_from lost  1;stops_on gained  1;stops_on lost  1;" \
  "$(q "SELECT field, change, days, records FROM diff_shift ORDER BY field, change, days")"
check "region: the authority's (penalty 5: 310115)" "1 440305;2 110105;4 110105;5 310115;7 110105;" \
  "$(q "SELECT subject_id, region FROM diff_record ORDER BY subject_id")"
check "breakdown by sector" "市场监管 4;税务 1;" \
  "$(q "SELECT value, sum(records) FROM diff_breakdown WHERE dimension = 'sector' GROUP BY value ORDER BY value")"
check "breakdown by domain" "- 2;药品 1;食品 2;" \
  "$(q "SELECT coalesce(value, '-'), sum(records) FROM diff_breakdown WHERE dimension = 'domain' GROUP BY value ORDER BY value")"
check "breakdown by policy" "none → 处罚_B 1;处罚_A → none 1;处罚_A → 处罚_B 3;" \
  "$(q "SELECT value, sum(records) FROM diff_breakdown WHERE dimension = 'policy' GROUP BY value ORDER BY value")"
check "diff_run: changed records and entities" "5 4 7;" "$(q "SELECT changed, entities, records_read - 4 FROM diff_run")"

# the text summary
grep -q '^records changed: 5$' out.txt; check "text: records changed" 0 $?
grep -q '^entities affected: 4$' out.txt; check "text: entities affected" 0 $?
grep -Eq '^  not_yet → none +1$' out.txt; check "text: a transition" 0 $?
grep -Eq '^eligible_from: 0 earlier, 3 later, 1 gained a date, 1 lost it$' out.txt; check "text: eligible_from shifts" 0 $?
grep -Eq '^ +\+31…\+90 days #+ 1$' out.txt && grep -Eq '^ +\+91…\+180 days #+ 2$' out.txt
check "text: the histogram buckets (+90 in 31…90; +92 twice in 91…180)" 0 $?
grep -Eq '^not_yet +0 +1 +0 +1$' out.txt
check "text: the not_yet row of the transition table (columns can_apply not_yet expired none)" 0 $?

# examples: both explanations, as xiufu explain renders them, citing each side's rule
check "examples: up to 2 a changed transition (5 transitions of one record each)" 5 "$(sqlite3 diff.db 'SELECT count(*) FROM diff_example')"
check "example of penalty 2 has both explanations" "1 1" \
  "$(sqlite3 -separator ' ' diff.db "SELECT a_explanation IS NOT NULL, b_explanation IS NOT NULL FROM diff_example WHERE subject_id = 2")"
check "example of penalty 4 has no B explanation (none)" "1 0" \
  "$(sqlite3 -separator ' ' diff.db "SELECT a_explanation IS NOT NULL, b_explanation IS NOT NULL FROM diff_example WHERE subject_id = 4")"
grep -q 'A 第四条' out.txt && grep -q 'B 第五条' out.txt; check "text: the examples cite both rules" 0 $?
grep -q '\[A explains\]' out.txt && grep -q '\[B explains\]' out.txt; check "text: both explanations shown" 0 $?
# the same explanation as xiufu explain gives from a run of side B
"$xiufu" run -p "$here/rules_b.xf" -d "$db" --as-of 2026-01-01 -o run_b.db --quiet
"$xiufu" explain -d run_b.db --subject penalty:2 --lang en > explain_b.txt
sqlite3 diff.db "SELECT b_explanation FROM diff_example WHERE subject_id = 2" > example_b.txt
# the run number and start time differ; every other line is the same
strip() { grep -v -E '^(run|started|运行|开始)' "$1" | grep -v -E '^\s*$'; }
if diff <(strip explain_b.txt) <(strip example_b.txt) > explain.diff; then check "the example's B explanation is xiufu explain's" 0 0
else check "the example's B explanation is xiufu explain's" same "$(head -5 explain.diff)"; fi

# ---- --fail-on-change ----
"$xiufu" diff -a "$here/rules_a.xf" -b "$here/rules_b.xf" -d "$db" --as-of 2026-01-01 --fail-on-change --quiet
check "--fail-on-change: exit 1 when a record changed" 1 $?
"$xiufu" diff -a "$here/rules_a.xf" -b "$here/rules_a.xf" -d "$db" --as-of 2026-01-01 --fail-on-change > same.txt 2>&1
check "--fail-on-change: exit 0 when nothing changed" 0 $?
grep -q '有变化的记录：0 条' same.txt; check "nothing changed, in Chinese" 0 $?

# ---- two days in one pass: 2026-01-01 and 2026-03-10 ----
# 2026-03-10: penalty 1 is expired on both sides (met(2025-03-01, 1 year) = 2026-03-02): unchanged;
# penalty 2 can_apply on both, eligible 2025-11-02 → 2026-02-02; 4, 5 as before; 7 not_yet, +90.
"$xiufu" diff -a "$here/rules_a.xf" -b "$here/rules_b.xf" -d "$db" --as-of 2026-01-01 --as-of 2026-03-10 -o two.db --quiet
check "two days: exit 0" 0 $?
check "two days: totals a day (as_of records changed entities)" "2026-01-01 6 5 4;2026-03-10 6 4 3;" \
  "$(sqlite3 -separator ' ' two.db "SELECT as_of, records, changed, entities FROM diff_day ORDER BY 1" | tr '\n' ';')"
check "two days: the second day's transitions" \
  "can_apply can_apply 1 1;expired expired 2 0;none can_apply 1 1;not_yet none 1 1;not_yet not_yet 1 1;" \
  "$(sqlite3 -separator ' ' two.db "SELECT a_outcome, b_outcome, records, changed FROM diff_transition WHERE as_of = '2026-03-10' ORDER BY 1, 2" | tr '\n' ';')"
check "two days: the first day as when alone" \
  "$(sqlite3 diff.db 'SELECT * FROM diff_record ORDER BY subject_id')" \
  "$(sqlite3 two.db "SELECT * FROM diff_record WHERE as_of = '2026-01-01' ORDER BY subject_id")"
check "two days: entities on any day" "9 4;" "$(sqlite3 -separator ' ' two.db 'SELECT changed, entities FROM diff_run' | tr '\n' ';')"

# one entity a batch, one thread, the interpreter: the same changed records
"$xiufu" diff -a "$here/rules_a.xf" -b "$here/rules_b.xf" -d "$db" --as-of 2026-01-01 --as-of 2026-03-10 -o chunk1.db \
  --quiet --chunk 1 --threads 1 --engine interp
check "batches of one entity, interpreter: the same records" \
  "$(sqlite3 two.db 'SELECT * FROM diff_record ORDER BY 1, 2, 3')" "$(sqlite3 chunk1.db 'SELECT * FROM diff_record ORDER BY 1, 2, 3')"
check "batches of one entity: the same entities" "9 4;" "$(sqlite3 -separator ' ' chunk1.db 'SELECT changed, entities FROM diff_run' | tr '\n' ';')"

# ---- errors ----
expect_usage() {  # expect_usage WHAT PATTERN ARGS...
  local what=$1 pat=$2; shift 2
  "$xiufu" diff --lang en "$@" > /dev/null 2> usage.txt
  local rc=$?
  check "$what: exit 2" 2 $rc
  grep -q -- "$pat" usage.txt; check "$what: says '$pat'" 0 $?
}
expect_usage "no -a" "side A with -a" -b "$here/rules_b.xf" -d "$db"
expect_usage "no -b" "side B with -b" -a "$here/rules_a.xf" -d "$db"
expect_usage "no -d" "records database with -d" -a "$here/rules_a.xf" -b "$here/rules_b.xf"
expect_usage "bad date" "'2026-02-30' is not a valid date" -a "$here/rules_a.xf" -b "$here/rules_b.xf" -d "$db" --as-of 2026-02-30
expect_usage "unknown flag" "unknown option '--frobnicate'" -a "$here/rules_a.xf" -b "$here/rules_b.xf" -d "$db" --frobnicate
expect_usage "-o over the records" "is a file it reads" -a "$here/rules_a.xf" -b "$here/rules_b.xf" -d "$db" -o "$db"
# a failed comparison leaves no DIFF.db behind, and an old one untouched
echo keep > old.db
"$xiufu" diff -a "$here/nonexistent.xf" -b "$here/rules_b.xf" -d "$db" --as-of 2026-01-01 -o old.db 2> /dev/null
check "a policy that cannot be read: exit 1" 1 $?
check "the old DIFF.db is kept" keep "$(cat old.db)"
check "no temporary file is left" "" "$(ls | grep tmp- || true)"

exit $fail
