#!/usr/bin/env bash
# fdw.test.sh XIUFU SOURCE_DIR WORK_DIR
# Scale-out with postgres_fdw (docs/postgresql.md): three clusters.  On the
# coordinator the canonical tables (pg/records_pg.sql) are hash-partitioned by
# uscc into three partitions: one local, two foreign tables on the shards.
# Rows are loaded through the coordinator, which routes every row of an
# entity to one server; the working-day calendar, which has no entity, is a
# full copy on each.  Each shard has the extension and xiufu.records_schema
# set (ALTER DATABASE) to its local tables.  Then:
#   (a) xiufu.run on the coordinator reads through the partitions and decides
#       as a single-file `xiufu run`, row for row;
#   (b) the row-level functions are shipped: grouped by uscc, id with
#       partitionwise aggregation, and in a filter, EXPLAIN VERBOSE shows the
#       calls in the Remote SQL of both foreign scans, and the rows equal the
#       SQLite run's decisions (every penalty, abnormal and serious row);
#       the same, as a filter, with the pack's path taking its collation
#       from a column;
#       a plain select list (computed on the coordinator: PostgreSQL 15's
#       postgres_fdw pushes no projection of a scan) for every tenth row.
# The clusters are removed on exit (lib.sh).
set -euo pipefail
. "$(dirname "$0")/prelude.sh"
t_start=$(date +%s)

for c in coord shard1 shard2; do pg_cluster_start "$c" > /dev/null; done
coord=$XF_PG_PORT_coord
shards="$XF_PG_PORT_shard1 $XF_PG_PORT_shard2"
sql() { pg_psql "$coord" -At "$@"; }
tables="entity penalty abnormal serious inspection application annual_report"   # partitioned by uscc; workday_calendar is copied

"$xiufu" gen --entities 3000 -o rec.db > /dev/null
"$xiufu" build --sign "$work/signer.key" "$src/policies/national" -o national.so 2> build.err ||
  { cat build.err >&2; echo "FAIL: the national pack does not build" >&2; exit 1; }
pack=$work/national.so   # the same path on every server

# --- the shards: the canonical tables in schema rec, the calendar, the extension -------------
calendar="\\copy rec.workday_calendar FROM PROGRAM 'sqlite3 -csv $work/rec.db \"SELECT day, workday FROM workday_calendar\"' WITH (FORMAT csv)"
for p in $shards; do
  pg_psql "$p" -v schema=rec -c 'SET client_min_messages = warning' -f "$src/pg/records_pg.sql"
  pg_psql "$p" -c "$calendar"
  pg_psql "$p" -c 'CREATE EXTENSION xiufu' -c "ALTER DATABASE postgres SET xiufu.records_schema = 'rec'"
done

# --- the coordinator: partitioned tables, one partition local, two foreign -------------------
pg_psql "$coord" -v schema=tmpl -c 'SET client_min_messages = warning' -f "$src/pg/records_pg.sql"
{
  echo "CREATE EXTENSION postgres_fdw; CREATE EXTENSION xiufu; CREATE SCHEMA rec;"
  n=0
  for p in $shards; do
    n=$((n + 1))
    echo "CREATE SERVER shard$n FOREIGN DATA WRAPPER postgres_fdw
            OPTIONS (host '127.0.0.1', port '$p', dbname 'postgres', extensions 'xiufu',
                     async_capable 'true', batch_size '500');
          CREATE USER MAPPING FOR postgres SERVER shard$n OPTIONS (user 'postgres');"
  done
  for t in $tables; do
    # LIKE: the columns, their types and collations (uscc COLLATE "C"), NOT NULL and
    # defaults; no unique keys, which a partitioned table with foreign partitions cannot have
    echo "CREATE TABLE rec.$t (LIKE tmpl.$t INCLUDING DEFAULTS) PARTITION BY HASH (uscc);
          CREATE TABLE rec.${t}_0 PARTITION OF rec.$t FOR VALUES WITH (MODULUS 3, REMAINDER 0);
          CREATE FOREIGN TABLE rec.${t}_1 PARTITION OF rec.$t FOR VALUES WITH (MODULUS 3, REMAINDER 1)
            SERVER shard1 OPTIONS (schema_name 'rec', table_name '$t');
          CREATE FOREIGN TABLE rec.${t}_2 PARTITION OF rec.$t FOR VALUES WITH (MODULUS 3, REMAINDER 2)
            SERVER shard2 OPTIONS (schema_name 'rec', table_name '$t');"
  done
  # the local partition has the keys and indexes of records_pg.sql
  echo "ALTER TABLE rec.entity_0 ADD PRIMARY KEY (uscc);
        ALTER TABLE rec.annual_report_0 ADD PRIMARY KEY (uscc, year);"
  for t in penalty abnormal serious inspection application; do
    echo "ALTER TABLE rec.${t}_0 ADD PRIMARY KEY (id); CREATE INDEX ON rec.${t}_0 (uscc, id);"
  done
  echo "CREATE TABLE rec.workday_calendar (LIKE tmpl.workday_calendar INCLUDING ALL);
        DROP SCHEMA tmpl CASCADE;
        ALTER DATABASE postgres SET xiufu.records_schema = 'rec';"
} > coord.sql
sql -v ON_ERROR_STOP=1 -c 'SET client_min_messages = warning' -f coord.sql
sql -c "$calendar"

# Load: the file into a staging schema, then through the partitioned tables,
# which send each row to the server of its entity.
bash "$src/tests/pg/load_records.sh" rec.db "$coord" staging > /dev/null
{
  for t in $tables; do
    echo "INSERT INTO rec.$t SELECT * FROM staging.$t;"
  done
  echo "DROP SCHEMA staging CASCADE;"
  for t in $tables; do echo "ANALYZE rec.$t;"; done
} > route.sql
sql -c 'SET client_min_messages = warning' -f route.sql
echo "clusters set up and loaded: $(($(date +%s) - t_start)) s"

# every server holds a share, and all rows of an entity are on one server
for t in $tables; do
  a=$(sqlite3 rec.db "SELECT count(*) FROM $t")
  b=$(sql -c "SELECT count(*) FROM rec.$t")
  [ "$a" = "$b" ] || fail "rec.$t: $b rows through the partitions, SQLite has $a"
done
s=0
for p in $shards; do
  s=$((s + 1))
  n=$(pg_psql "$p" -At -c 'SELECT count(*) FROM rec.penalty')
  [ "$n" -gt 0 ] || fail "shard $s holds no penalty"
  orphans=$(pg_psql "$p" -At -c "SELECT (SELECT count(*) FROM rec.penalty x WHERE NOT EXISTS (SELECT FROM rec.entity e WHERE e.uscc = x.uscc))
                                      + (SELECT count(*) FROM rec.abnormal x WHERE NOT EXISTS (SELECT FROM rec.entity e WHERE e.uscc = x.uscc))
                                      + (SELECT count(*) FROM rec.serious x WHERE NOT EXISTS (SELECT FROM rec.entity e WHERE e.uscc = x.uscc))")
  [ "$orphans" = 0 ] || fail "shard $s: $orphans rows whose entity is on another server"
  echo "shard $s: $n penalties, $(pg_psql "$p" -At -c 'SELECT count(*) FROM rec.entity') entities"
done

# --- (a) xiufu.run through the partitions --------------------------------------------------
for as_of in 2025-06-01 2026-11-01; do
  rc=0
  "$xiufu" run --quiet -p national.so -d rec.db --as-of "$as_of" -o "run-$as_of.db" 2> /dev/null || rc=$?
  [ $rc -le 1 ] && [ -f "run-$as_of.db" ] || { fail "xiufu run as of $as_of: exit $rc"; continue; }
  if ! run=$(sql -c "SELECT xiufu.run('$pack', '$as_of', 'rec')" 2> notices.txt); then
    fail "xiufu.run through the partitions as of $as_of: $(cat notices.txt)"
    continue
  fi
  pg_compare_run "$coord" "$run" "run-$as_of.db" "xiufu.run through the partitions, as of $as_of" || continue
  [ "$(sql -c "SELECT skipped FROM xiufu.run WHERE id = $run")" = 0 ] || fail "as of $as_of: rows skipped"
  echo "xiufu.run through the partitions, as of $as_of: run $run, $(wc -l < got.txt) decisions identical"
done

# --- (b) the row-level functions, shipped to the shards -------------------------------------
# postgres_fdw sends a shard the immutable functions of the extensions its
# server lists, inside what it pushes down: a WHERE clause, or the select
# list of an aggregate it pushes down (with partitionwise aggregation, a
# GROUP BY holding the partition key).  The select list of a plain scan is
# computed on the coordinator (PostgreSQL 15 pushes no projection of a scan).
# Each shipped call decides on the shard that holds the row and its entity.
as_of=2026-11-01
want_rows() {  # TABLE: the run's decision for every row of TABLE
  sqlite3 -batch -nullvalue '\N' "run-$as_of.db" "ATTACH 'rec.db' AS r" \
    "SELECT '$1', x.id, d.outcome, d.eligible_from, d.stops_on
     FROM r.$1 x LEFT JOIN decision d ON d.subject_table = '$1' AND d.subject_id = x.id" | LC_ALL=C sort
}
calls() {  # TABLE PACK-EXPRESSION
  echo "xiufu.decide($2, '$1', id, '$as_of'), xiufu.eligible_from($2, '$1', id, '$as_of'),
        xiufu.stops_on($2, '$1', id, '$as_of')"
}
partitionwise="SET enable_partitionwise_aggregate = on;"
# shipped_in FILE WHAT: the calls are in the Remote SQL of both foreign scans
shipped_in() {
  local n
  n=$(grep -c 'Remote SQL: SELECT .*xiufu\.decide(' "$1" || true)
  [ "$n" = 2 ] && return 0
  fail "$2: the calls are not in the Remote SQL of both foreign scans; the plan:"
  grep -E 'Scan|Remote SQL|Group|Filter' "$1" | cut -c1-200 >&2
  return 1
}
# check_rows TABLE SQL WHAT: the rows SQL selects are the run's decisions
check_rows() {
  want_rows "$1" > want.txt
  if ! echo "$2;" | sql -F '|' -P null='\N' 2> err.txt | LC_ALL=C sort > got.txt; then
    fail "$3: $(cat err.txt)"
  elif ! cmp -s want.txt got.txt; then
    fail "$3: $(diff want.txt got.txt | grep -c '^>') rows differ from the run; first:"
    diff want.txt got.txt | head -6 >&2
  else
    echo "$3: $(wc -l < got.txt) rows identical to the run"
  fi
}

# 1. As written: the pack's path a constant.
grouped="SELECT 'penalty'::xiufu.ref, id, $(calls penalty "'$pack'") FROM rec.penalty GROUP BY uscc, id"
echo "$partitionwise EXPLAIN (VERBOSE, COSTS OFF) $grouped" | sql > explain-grouped.txt 2>&1
# PostgreSQL 15's postgres_fdw leaves a grouping without aggregates to the
# coordinator (the select list of a plain scan too): shown, not required;
# the filter below is what is sent
ok_grouped=0
if [ "$(grep -c 'Remote SQL: SELECT .*xiufu\.decide(' explain-grouped.txt || true)" = 2 ]; then
  ok_grouped=1
else
  echo "note: grouped by uscc, id, the calls stay on the coordinator (postgres_fdw sends no grouping without aggregates)"
fi
echo "EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM rec.penalty WHERE xiufu.decide('$pack', 'penalty', id, '$as_of') = 'can_apply'" |
  sql > explain-where.txt 2>&1
ok_where=0
shipped_in explain-where.txt "a filter on xiufu.decide" && ok_where=1
# (computed on the coordinator, the calls would read each entity through the
# foreign partitions: slow, and see 3. for asynchronous scans)
if [ $ok_grouped = 1 ]; then
  for t in penalty abnormal serious; do
    check_rows "$t" "$partitionwise SELECT '$t'::xiufu.ref, id, $(calls "$t" "'$pack'") FROM rec.$t GROUP BY uscc, id" \
      "xiufu.decide grouped, shipped, $t"
  done
fi
if [ $ok_where = 1 ]; then
  a=$(sqlite3 "run-$as_of.db" "SELECT subject_id FROM decision WHERE subject_table = 'penalty' AND outcome = 'can_apply'" | sort)
  b=$(sql -c "SELECT id FROM rec.penalty WHERE xiufu.decide('$pack', 'penalty', id, '$as_of') = 'can_apply'" | sort)
  [ -n "$a" ] && [ "$a" = "$b" ] || fail "the shipped filter: $(wc -l <<< "$b") penalties, the run has $(wc -l <<< "$a") can_apply"
  echo "xiufu.decide in a shipped filter: $(wc -l <<< "$b") can_apply penalties, as the run"
fi

# 2. The pack's path made to take its collation from a text column of the
# table (|| left(authority, 0) adds nothing): postgres_fdw of PostgreSQL 15
# ships a call only when each collatable argument derives from a column.  A
# filter so written is always shipped (a grouping is shipped or not by cost):
# the penalties of each outcome, selected on the shards, are the run's.
viacol="'$pack' || left(authority, 0)"
echo "EXPLAIN (VERBOSE, COSTS OFF) SELECT id FROM rec.penalty WHERE xiufu.decide($viacol, 'penalty', id, '$as_of') = 'can_apply'" |
  sql > explain-viacol.txt 2>&1
if shipped_in explain-viacol.txt "a filter, the path from a column"; then
  k=0
  for o in $(sqlite3 "run-$as_of.db" "SELECT DISTINCT outcome FROM decision WHERE subject_table = 'penalty' AND outcome IS NOT NULL"); do
    a=$(sqlite3 "run-$as_of.db" "SELECT subject_id FROM decision WHERE subject_table = 'penalty' AND outcome = '$o'" | sort)
    b=$(echo "SET enable_async_append = off;
              SELECT id FROM rec.penalty WHERE xiufu.decide($viacol, 'penalty', id, '$as_of') = '$o';" | sql | sort)
    [ "$a" = "$b" ] || fail "shipped filter, outcome $o: $(wc -l <<< "$b") penalties, the run has $(wc -l <<< "$a")"
    k=$((k + $(wc -l <<< "$b")))
  done
  echo "shipped filters (path from a column): the $k penalties of each outcome are the run's"
fi

# 3. A plain select list, computed on the coordinator for a sample of rows.
# Asynchronous foreign scans are turned off: a call that reads through a
# foreign partition on the connection an asynchronous scan of the same query
# is using can wait for ever (wait event AppendReady).
for t in penalty abnormal serious; do
  want_rows "$t" | awk -F'|' '$2 % 10 == 0' > want-sample.txt
  if echo "SET enable_async_append = off; SELECT '$t', id, $(calls "$t" "'$pack'") FROM rec.$t WHERE id % 10 = 0;" |
       sql -F '|' -P null='\N' 2> err.txt | LC_ALL=C sort > got.txt; then
    cmp -s want-sample.txt got.txt ||
      fail "plain select list, $t: $(diff want-sample.txt got.txt | grep -c '^>') of $(wc -l < want-sample.txt) rows differ"
    echo "xiufu.decide on the coordinator, $t: $(wc -l < got.txt) rows (every tenth id) identical to the run"
  else
    fail "plain select list, $t: $(cat err.txt)"
  fi
done
for c in coord shard1 shard2; do pg_no_crash "$c"; done

echo "fdw.test.sh: $(($(date +%s) - t_start)) s"
if [ $failures -ne 0 ]; then
  echo "fdw.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "fdw.test.sh: ok"
