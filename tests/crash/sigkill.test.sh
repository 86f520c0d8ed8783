#!/usr/bin/env bash
# A run killed with SIGKILL at any moment leaves every earlier run intact and
# no partial run behind; the next run completes normally.
# Usage: sigkill.test.sh XIUFU SOURCE_DIR WORK_DIR
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
db=$work/records.db out=$work/out.db
"$xiufu" gen --entities 60000 --seed 5 -o "$db" > /dev/null
run() { "$xiufu" run --quiet -p "$src/policies/national" -d "$db" --as-of 2026-11-01 -o "$out" "$@"; }
run
run
fail=0
state() {  # runs, decisions, decisions of runs that do not exist
  sqlite3 "$out" "SELECT count(*) FROM run; SELECT count(*) FROM decision;
                  SELECT count(*) FROM decision WHERE run NOT IN (SELECT id FROM run);" | tr '\n' ' '
}
per_run=$(sqlite3 "$out" "SELECT count(*) FROM decision WHERE run = 1")
for delay in 0.05 0.2 0.4 0.6 0.8 1.0 1.3; do
  runs_before=$(sqlite3 "$out" "SELECT count(*) FROM run")
  # the binary itself in the background (not a subshell), so the kill reaches it
  "$xiufu" run --quiet -p "$src/policies/national" -d "$db" --as-of 2026-11-01 -o "$out" & pid=$!
  sleep "$delay"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  [ "$(sqlite3 "$out" 'PRAGMA integrity_check')" = ok ] || { echo "killed after ${delay}s: integrity check failed"; fail=1; }
  read -r runs decisions orphans <<< "$(state)"
  if [ "$orphans" != 0 ]; then echo "killed after ${delay}s: $orphans decisions of no run"; fail=1; fi
  if [ "$runs" != "$runs_before" ] && [ "$runs" != $((runs_before + 1)) ]; then
    echo "killed after ${delay}s: $runs runs, had $runs_before"; fail=1
  fi
  if [ "$decisions" != $((runs * per_run)) ]; then
    echo "killed after ${delay}s: $decisions decisions for $runs runs of $per_run"; fail=1
  fi
  for r in 1 2; do
    n=$(sqlite3 "$out" "SELECT count(*) FROM decision WHERE run = $r")
    [ "$n" = "$per_run" ] || { echo "killed after ${delay}s: run $r has $n decisions, had $per_run"; fail=1; }
  done
done
runs_before=$(sqlite3 "$out" "SELECT count(*) FROM run")
run
[ "$(sqlite3 "$out" 'SELECT count(*) FROM run')" = $((runs_before + 1)) ] || { echo "the run after the kills did not complete"; fail=1; }
[ "$(sqlite3 "$out" "SELECT count(*) FROM decision WHERE run = (SELECT max(id) FROM run)")" = "$per_run" ] || {
  echo "the run after the kills wrote a different number of decisions"; fail=1; }
# A failed run (output locked by another writer) says so and writes nothing.
# The lock is held from before the run starts until after it has reported:
# the holder says "locked" on its stdout and rolls back only when its stdin
# closes, so no load on the machine can let the run slip past it.
coproc locker { python3 -u -c '
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
print("locked")
sys.stdin.read()
c.execute("ROLLBACK")
' "$out"; }
locker_pid=$locker_PID
read -r said <&"${locker[0]}" || said=
[ "$said" = locked ] || { echo "the lock holder did not take the lock"; fail=1; }
rc=0; msg=$(run 2>&1) || rc=$?
exec {locker[1]}>&-
wait "$locker_pid"
[ "$rc" = 1 ] || { echo "a run into a locked output exited $rc, want 1"; fail=1; }
echo "$msg" | grep -q "out.db" || { echo "the locked-output message does not name the file: $msg"; fail=1; }
echo "sigkill: $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
