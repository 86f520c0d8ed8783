#!/usr/bin/env bash
# bench/diff-1m.sh — the engines differential test (tests/diff/engines.test.sh)
# at scale: policies/national over 1,000,000 generated entities (realistic,
# seed 1) as of 2026-11-01, interpreter against JIT -O2.  Not run by CI; the
# last result is in docs/differential.md.
#
#   bench/diff-1m.sh [N_ENTITIES=1000000] [XIUFU=build/xiufu] [SHAPE=realistic]
#
# Records go to bench/work/diff-N-SHAPE.db (generated once, then reused),
# decisions to bench/work/diff-N-SHAPE.{interp,jit}.db.  Every decision column
# except `run` is compared, rows ordered by policy, subject_table, subject_id.
# Exit 0 when the engines agree on every decision, 1 otherwise.
set -euo pipefail

N=${1:-1000000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
XIUFU=${2:-build/xiufu}
SHAPE=${3:-realistic}
case $XIUFU in /*) ;; *) XIUFU=$ROOT/$XIUFU ;; esac
AS_OF=2026-11-01
SEED=1
THREADS=$(nproc)
WORK=$ROOT/bench/work
RECORDS=$WORK/diff-$N-$SHAPE.db
mkdir -p "$WORK"

die() { echo "diff-1m: $*" >&2; exit 1; }
[[ $N =~ ^[0-9]+$ && $N -ge 1 ]] || die "N_ENTITIES must be a positive integer, not '$N'"
[[ -x $XIUFU ]] || die "no xiufu at $XIUFU (cmake -S . -B build && cmake --build build -j2)"
command -v sqlite3 >/dev/null || die "sqlite3 CLI not found"
now() { date +%s.%N; }
# every column of TABLE but `run`, quoted, tab-separated
columns() {
  sqlite3 "$1" "SELECT group_concat('quote(\"' || name || '\")', ' || char(9) || ') FROM pragma_table_info('$2') WHERE name <> 'run'"
}
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

t0=$(now)
if [[ ! -f $RECORDS ]]; then
  "$XIUFU" gen --entities "$N" --seed $SEED --shape "$SHAPE" -o "$RECORDS"
fi
t1=$(now)
echo "records: $RECORDS ($N entities, seed $SEED, $SHAPE; $(secs "$t0" "$t1") s)"

declare -A took
for engine in interp jit; do
  out=$WORK/diff-$N-$SHAPE.$engine.db
  rm -f "$out" "$out.tsv"
  args=(--engine "$engine" --threads "$THREADS")
  [[ $engine = jit ]] && args+=(-O2)
  a=$(now)
  rc=0
  "$XIUFU" run --quiet -p "$ROOT/policies/national" -d "$RECORDS" --as-of $AS_OF -o "$out" "${args[@]}" || rc=$?
  b=$(now)
  # exit 1 may only mean "some decisions carry a runtime error"; the run
  # itself must be complete
  [[ $rc -le 1 && -f $out && $(sqlite3 "$out" "SELECT count(*) FROM run WHERE finished IS NOT NULL") = 1 ]] \
    || die "$engine run failed (exit $rc)"
  took[$engine]=$(secs "$a" "$b")
  skipped=$(sqlite3 "$out" "SELECT skipped FROM run")
  [[ $skipped = 0 ]] || die "$engine: $skipped rows skipped"
  sqlite3 -batch "$out" "SELECT $(columns "$out" decision) FROM decision ORDER BY policy, subject_table, subject_id" > "$out.tsv"
  n=$(wc -l < "$out.tsv")
  # the tables stored traces refer to, so that equal trace blobs mean equal traces
  for t in trace_point trace_text; do
    [[ $(sqlite3 "$out" "SELECT count(*) FROM sqlite_master WHERE name = '$t'") = 1 ]] || continue
    sqlite3 -batch "$out" "SELECT '$t:' || $(columns "$out" $t) FROM $t ORDER BY 1" >> "$out.tsv"
  done
  echo "$engine: ${took[$engine]} s (run ${args[*]}), $n decisions"
done

ref=$WORK/diff-$N-$SHAPE.interp.db.tsv other=$WORK/diff-$N-$SHAPE.jit.db.tsv
decisions=$(grep -vc '^trace_' "$ref" || true)
mismatches=0
if ! cmp -s "$ref" "$other"; then
  lt=$(diff "$ref" "$other" | grep -c '^<' || true)
  gt=$(diff "$ref" "$other" | grep -c '^>' || true)
  mismatches=$((lt > gt ? lt : gt))
  echo "first differing rows (< interp, > jit -O2):"
  diff "$ref" "$other" | grep '^[<>]' | head -n 10 | cut -c 1-400
fi
t2=$(now)
echo "entities: $N, as of $AS_OF, policies: $(sqlite3 "$WORK/diff-$N-$SHAPE.jit.db" "SELECT policy FROM run")"
echo "decisions compared: $decisions, mismatches: $mismatches, total time $(secs "$t0" "$t2") s"
[[ $mismatches = 0 ]]
