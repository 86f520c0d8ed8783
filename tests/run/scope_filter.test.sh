#!/usr/bin/env bash
# scope_filter.test.sh XIUFU SOURCE_DIR WORK_DIR
# Rows no policy can decide are not read (plan/plan.h, docs/run.md "Scope
# conditions in the SELECT"): the national inspection policy's scope begins
# `i.result != 未发现问题`, and the inspection table serves nothing else, so
# a run reads only the other inspections.  The same policy with that
# conjunct written as `not (i.result == 未发现问题)`, which SQLite is not
# given, reads every row.  Both decide alike; the first reads fewer rows,
# and does not check the ones it leaves: a bad date in an inspection that
# found nothing is reported, and makes the exit code 1, in the second run
# only.
. "$(dirname "$0")/../lib/args.sh" "$@"
cd "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

cp -r "$src/policies/national" pushed
cp -r "$src/policies/national" kept
sed -i 's/where i.result != 未发现问题 and/where not (i.result == 未发现问题) and/' kept/samr_order107_inspection.xf
grep -q 'not (i.result == 未发现问题)' kept/samr_order107_inspection.xf || fail "the scope was not rewritten"
"$xiufu" gen --entities 3000 --seed 11 -o r.db > /dev/null
nothing=$(sqlite3 r.db "SELECT count(*) FROM inspection WHERE result = '未发现问题'")
[ "$nothing" -gt 10 ] || fail "too few inspections that found nothing to tell: $nothing"
# a bad date where nothing was found: read and reported only by the run that reads every row
bad_id=$(sqlite3 r.db "SELECT min(id) FROM inspection WHERE result = '未发现问题'")
sqlite3 r.db "UPDATE inspection SET published = '2026-02-30' WHERE id = $bad_id"

records() { sed -n 's/^.* s, \([0-9]*\) records,.*$/\1/p' "$1"; }
dump() { sqlite3 "$1" "SELECT policy, subject_table, subject_id, outcome, eligible_from, stops_on, step, hex(trace) FROM decision ORDER BY rowid"; }
# exit 1 says a row was skipped for bad data: only the run that read it
for side in pushed:0 kept:1; do
  rc=0
  "$xiufu" run --lang en -p "${side%:*}" -d r.db --as-of 2026-06-01 -o "${side%:*}.db" 2> "${side%:*}.err" || rc=$?
  [ $rc = "${side#*:}" ] || fail "${side%:*}: exit $rc, want ${side#*:}: $(head -2 "${side%:*}.err")"
done
[ "$(dump pushed.db)" = "$(dump kept.db)" ] || fail "the runs decide differently"
[ "$(sqlite3 pushed.db "SELECT count(*) FROM decision WHERE subject_table = 'inspection'")" -gt 0 ] ||
  fail "no inspection decided"
read_pushed=$(records pushed.err) read_kept=$(records kept.err)
[ -n "$read_pushed" ] && [ "$read_kept" = $((read_pushed + nothing)) ] ||
  fail "records read: $read_pushed with the scope in the SELECT, $read_kept without; want $nothing fewer"
grep -q "table inspection, row $bad_id, column published: .*'2026-02-30', skipped" kept.err ||
  fail "the run that reads every row does not report the bad date: $(grep -i inspection kept.err | head -2)"
! grep -q "table inspection, row $bad_id" pushed.err || fail "a row left out was still checked: $(grep "row $bad_id" pushed.err)"
echo "scope in the SELECT: $read_pushed records read against $read_kept, the same decisions"
[ $failures = 0 ] && echo "scope_filter.test.sh: ok"
[ $failures = 0 ]
