#!/usr/bin/env bash
# bench/policy-diff.sh — what `xiufu diff` costs against one `xiufu run`
# (docs/diff.md: at most 1.5 times).  Records: `xiufu gen --entities N --seed 1`
# (bench/work/policy-diff-N.db, generated once, then reused).  The two sides are
# the shipped transitional readings: A = policies/national with
# readings/regime_at_publication.xf (the 2021 rules keep the records published
# before 2025-12-25), B = policies/national (Order 107 governs them all), as of
# 2026-01-01.  The run is B alone into an output database (-o, traced: the
# default); the diff decides both sides, traced, and writes DIFF.db.  Each is
# run once to fill the code cache, then REPEAT times; the fastest counts.
# Not a test: speed never fails it.
#
#   bench/policy-diff.sh [N_ENTITIES=1000000] [XIUFU=build/xiufu]
set -euo pipefail
N=${1:-1000000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
XIUFU=${2:-build/xiufu}
case $XIUFU in /*) ;; *) XIUFU=$ROOT/$XIUFU ;; esac
REPEAT=${REPEAT:-3}
THREADS=${THREADS:-2}
AS_OF=2026-01-01
WORK=$ROOT/bench/work
RECORDS=$WORK/policy-diff-$N.db
mkdir -p "$WORK"
die() { echo "policy-diff: $*" >&2; exit 1; }
[[ $N =~ ^[0-9]+$ && $N -ge 1 ]] || die "N_ENTITIES must be a positive integer, not '$N'"
[[ -x $XIUFU ]] || die "no xiufu at $XIUFU (cmake -S . -B build && cmake --build build -j2)"
[[ -f $RECORDS ]] || "$XIUFU" gen --entities "$N" --seed 1 -o "$RECORDS" --quiet

A=("$ROOT/policies/national" "$ROOT/readings/regime_at_publication.xf")
B=("$ROOT/policies/national")
run_once() { rm -f "$WORK/policy-diff-run.db"; "$XIUFU" run -p "${B[@]}" -d "$RECORDS" --as-of $AS_OF \
               -o "$WORK/policy-diff-run.db" --threads "$THREADS" --quiet; }
diff_once() { "$XIUFU" diff -a "${A[@]}" -b "${B[@]}" -d "$RECORDS" --as-of $AS_OF \
                -o "$WORK/policy-diff.db" --threads "$THREADS" --quiet; }
best() {  # best FUNCTION: the fastest of REPEAT, in seconds
  local f=$1 b= t0 t1 s
  "$f" > /dev/null 2>&1 || true  # the code cache
  for ((i = 0; i < REPEAT; i++)); do
    t0=$(date +%s.%N); "$f" > /dev/null; t1=$(date +%s.%N)
    s=$(echo "$t1 - $t0" | bc -l)
    if [[ -z $b ]] || (($(echo "$s < $b" | bc -l))); then b=$s; fi
  done
  printf '%.3f' "$b"
}
r=$(best run_once)
d=$(best diff_once)
changed=$(sqlite3 "$WORK/policy-diff.db" 'SELECT changed FROM diff_run')
printf 'entities %s, as of %s, %s threads\n' "$N" "$AS_OF" "$THREADS"
printf 'xiufu run  (B):      %8.3f s\n' "$r"
printf 'xiufu diff (A vs B): %8.3f s  (%s changed records)\n' "$d" "$changed"
printf 'ratio: %.2f (target: at most 1.5)\n' "$(echo "$d / $r" | bc -l)"
