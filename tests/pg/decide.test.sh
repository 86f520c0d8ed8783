#!/usr/bin/env bash
# decide.test.sh XIUFU SOURCE_DIR WORK_DIR
# The row-level functions xiufu.decide / xiufu.eligible_from / xiufu.stops_on
# (docs/postgresql.md), as tests/pack/sqlite_ext.test.sh checks the SQLite
# extension's:
#   - for every penalty, abnormal and serious row of realistic and adversarial
#     records, as of 2025-06-01 and 2026-11-01, they give what `xiufu run`
#     writes for the row (NULL where it writes no decision);
#   - the records schema comes from the setting xiufu.records_schema, set for
#     the database (ALTER DATABASE) or the session;
#   - with a policy as fifth argument: that policy's decision, NULL for a
#     policy of another table; a missing row or table gives NULL;
#   - with parallel query forced, EXPLAIN shows a Gather whose workers call
#     the function, and the results are the same;
#   - a missing or damaged pack is an ERROR, not a crash.
set -euo pipefail
. "$(dirname "$0")/prelude.sh"
t_start=$(date +%s)

pg_cluster_start main > /dev/null
port=$XF_PG_PORT_main
sql() { pg_psql "$port" -At "$@"; }
sql -c 'CREATE EXTENSION xiufu'

"$xiufu" gen --entities 3000 -o rec.db > /dev/null
# edge cases: limits of periods, empty sets, decisions that end in runtime errors
"$xiufu" gen --entities 2000 --shape adversarial -o adv.db > /dev/null
for d in rec adv; do
  bash "$src/tests/pg/load_records.sh" "$d.db" "$port" "$d" > /dev/null
done
"$xiufu" build --sign "$work/signer.key" "$src/policies/national" -o national.so 2> build.err ||
  { cat build.err >&2; echo "FAIL: the national pack does not build" >&2; exit 1; }
pack=$work/national.so
# the realistic records by the database's setting, the adversarial ones by the session's
sql -c "ALTER DATABASE postgres SET xiufu.records_schema = 'rec'"
set_schema() { [ "$1" = rec ] || echo "SET xiufu.records_schema = '$1';"; }

# rows TABLE AS_OF SCHEMA: every row of TABLE with the three functions, sorted
rows() {
  { set_schema "$3"
    echo "SELECT '$1', id, xiufu.decide('$pack', '$1', id, '$2'), xiufu.eligible_from('$pack', '$1', id, '$2'),
                 xiufu.stops_on('$pack', '$1', id, '$2') FROM $3.$1;"
  } | sql -F '|' -P null='\N' -v ON_ERROR_STOP=1 | LC_ALL=C sort
}
# want TABLE RUN.db RECORDS.db: the same from the run's decision view
want() {
  sqlite3 -batch -nullvalue '\N' "$2" "ATTACH '$3' AS r" \
    "SELECT '$1', t.id, d.outcome, d.eligible_from, d.stops_on
     FROM r.$1 t LEFT JOIN decision d ON d.subject_table = '$1' AND d.subject_id = t.id" | LC_ALL=C sort
}

for d in rec adv; do
  for as_of in 2025-06-01 2026-11-01; do
    rc=0
    "$xiufu" run --quiet -p national.so -d "$d.db" --as-of "$as_of" -o "run-$d-$as_of.db" 2> /dev/null || rc=$?
    [ $rc -le 1 ] && [ -f "run-$d-$as_of.db" ] || { fail "xiufu run on $d as of $as_of: exit $rc"; continue; }
    for t in penalty abnormal serious; do
      want "$t" "run-$d-$as_of.db" "$d.db" > want.txt
      if ! rows "$t" "$as_of" "$d" > got.txt 2> err.txt; then
        fail "$d, as of $as_of, $t: $(cat err.txt)"
        continue
      fi
      if ! cmp -s want.txt got.txt; then
        fail "$d, as of $as_of, $t: $(diff want.txt got.txt | grep -c '^>') rows differ from the run; first:"
        diff want.txt got.txt | head -6 >&2
        continue
      fi
      decided=$(grep -vc '|\\N|\\N|\\N$' got.txt || true)
      [ "$decided" -gt 0 ] || fail "$d, as of $as_of, $t: nothing decided"
      echo "$d, as of $as_of, $t: $(wc -l < got.txt) rows, $decided decisions, identical to the run"
    done
  done
done
echo "row by row: $(($(date +%s) - t_start)) s"

# The policy as fifth argument: the decision of that policy; a policy that
# does not decide the table gives NULL.  The run's decisions are copied in.
sql -c "CREATE TABLE ran (policy text, subject_table text, subject_id bigint, outcome text)"
sql -c "\\copy ran FROM PROGRAM 'sqlite3 -csv $work/run-rec-2026-11-01.db \"SELECT policy, subject_table, subject_id, outcome FROM decision\"' WITH (FORMAT csv)"
read -r n differ <<< "$(sql -F ' ' -c "SELECT count(*), count(*) FILTER (WHERE
    xiufu.decide('$pack', subject_table, subject_id, '2026-11-01', policy)::text IS DISTINCT FROM outcome) FROM ran")"
[ "$n" -gt 1000 ] && [ "$differ" = 0 ] || fail "fifth argument: $differ of $n decisions differ"
[ "$(sql -c "SELECT count(xiufu.decide('$pack', 'penalty', id, '2026-11-01', '经营异常名录_107号令')) FROM rec.penalty")" = 0 ] ||
  fail "a policy of another table decided a penalty"
[ "$(sql -c "SELECT count(xiufu.decide('$pack', 'penalty', id, '2026-11-01', 'no such policy')) FROM rec.penalty")" = 0 ] ||
  fail "a policy the pack lacks decided a penalty"
# No such row, no such table: NULL (called on a column: a constant call is folded at plan time).
[ "$(sql -c "SELECT count(*), count(xiufu.decide('$pack', 'penalty', id, '2026-11-01')),
                    count(xiufu.decide('$pack', 'no_table', -id, '2026-11-01'))
             FROM (VALUES (-5::bigint), (-6)) v(id)")" = "2|0|0" ] || fail "a missing row or table is not NULL"
echo "fifth argument: $n decisions identical; missing rows and tables give NULL"

# --- parallel query --------------------------------------------------------------------------
# once autovacuum has set the visibility map, an index-only scan of the key
# can look cheaper than any plan with workers: the test is about the workers
force="SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0;
       SET min_parallel_table_scan_size = 0; SET enable_indexonlyscan = off; SET enable_indexscan = off;
       SET enable_bitmapscan = off; SET xiufu.records_schema = 'adv';"
query="SELECT id, xiufu.decide('$pack', 'penalty', id, '2026-11-01'),
              xiufu.eligible_from('$pack', 'penalty', id, '2026-11-01') FROM adv.penalty"
echo "$force EXPLAIN (ANALYZE, VERBOSE, COSTS OFF) $query" | sql > explain.txt 2>&1 || fail "EXPLAIN: $(cat explain.txt)"
grep -q 'Gather' explain.txt || fail "parallel: no Gather in the plan: $(cat explain.txt)"
launched=$(sed -n 's/.*Workers Launched: \([0-9]*\).*/\1/p' explain.txt)
[ "${launched:-0}" -ge 1 ] || fail "parallel: no worker launched: $(cat explain.txt)"
# the function is evaluated below the Gather, by the workers
awk '/Parallel Seq Scan/ { p = 1 } p && /Output:.*xiufu\.decide/ { ok = 1 } END { exit !ok }' explain.txt ||
  fail "parallel: the workers do not call xiufu.decide: $(cat explain.txt)"
echo "$force $query;" | sql -F '|' -P null='\N' | LC_ALL=C sort > parallel.txt
echo "SET xiufu.records_schema = 'adv'; SET max_parallel_workers_per_gather = 0; $query;" |
  sql -F '|' -P null='\N' | LC_ALL=C sort > serial.txt
[ "$(wc -l < serial.txt)" -gt 10000 ] || fail "parallel: only $(wc -l < serial.txt) rows"
cmp -s parallel.txt serial.txt || fail "parallel: results differ from the serial query"
echo "parallel: Gather with ${launched:-0} workers launched, $(wc -l < parallel.txt) rows identical to the serial query"

# --- errors --------------------------------------------------------------------------------
cp national.so flipped.so
python3 - flipped.so <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[len(data) // 2] ^= 0xFF
open(sys.argv[1], "wb").write(data)
PY
pg_error "$port" "SELECT xiufu.decide('$work/nosuch.so', 'penalty', id, '2026-11-01') FROM rec.penalty" "nosuch.so"
pg_error "$port" "SELECT xiufu.stops_on('$work/flipped.so', 'penalty', id, '2026-11-01') FROM rec.penalty" \
  "corrupted (checksum mismatch)"
pg_no_crash main

echo "decide.test.sh: $(($(date +%s) - t_start)) s"
if [ $failures -ne 0 ]; then
  echo "decide.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "decide.test.sh: ok"
