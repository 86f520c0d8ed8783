#!/usr/bin/env bash
# basics.test.sh XIUFU SOURCE_DIR WORK_DIR
# The PostgreSQL groundwork: the extension builds, installs and reports the
# binary's version; its output tables have the SQLite output's columns;
# load_records.sh copies a records database whole (and one without the
# optional tables); postgres_fdw reaches a second cluster.
# Skips as prelude.sh says; installing writes into that PostgreSQL.
. "$(dirname "$0")/prelude.sh"
q() { sqlite3 -batch "$1" "$2"; }
t0=$(date +%s%N)
pg_cluster_start main > /dev/null
echo "cluster start: $((($(date +%s%N) - t0) / 1000000)) ms"
port=$XF_PG_PORT_main
sql() { pg_psql "$port" -At "$@"; }

# --- the extension ---------------------------------------------------------------------
sql -c 'CREATE EXTENSION xiufu'
want=$("$xiufu" --version | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -1)
got=$(sql -c 'SELECT xiufu.version()')
[ -n "$want" ] && [ "$got" = "$want" ] || fail "xiufu.version() is '$got', xiufu --version says '$want'"
# the enum xiufu.outcome holds exactly the outcome codes, in order (compiler/outcomes.h,
# as `xiufu explain --outcome` lists them)
codes=$( ("$xiufu" explain -d /dev/null --outcome none --lang en 2>&1 || true) |
        sed -n "s/.*is not valid: \(.*\)/\1/p" | sed 's/ or /, /; s/, /,/g')
labels=$(sql -c "SELECT string_agg(e::text, ',' ORDER BY e) FROM unnest(enum_range(NULL::xiufu.outcome)) e")
[ -n "$codes" ] && [ "$labels" = "$codes" ] || fail "xiufu.outcome is ($labels), the outcome codes are ($codes)"

# --- the records ------------------------------------------------------------------------
"$xiufu" gen --entities 2000 -o "$work/rec.db" > /dev/null
bash "$src/tests/pg/load_records.sh" "$work/rec.db" "$port" records
tables="entity penalty abnormal serious inspection application annual_report workday_calendar"
for t in $tables; do
  a=$(q "$work/rec.db" "SELECT count(*) FROM $t")
  b=$(sql -c "SELECT count(*) FROM records.$t")
  [ "$a" = "$b" ] || fail "records.$t: $b rows, SQLite has $a"
done
# every value of the richest table, as text (dates, money, NULLs, Chinese labels)
cols=$(q "$work/rec.db" "SELECT group_concat(name, ',') FROM pragma_table_info('penalty')")
cmp -s <(sqlite3 -batch -cmd '.nullvalue <NULL>' "$work/rec.db" "SELECT $cols FROM penalty ORDER BY id") \
       <(sql -P null='<NULL>' -F '|' -c "SELECT $cols FROM records.penalty ORDER BY id") ||
  fail "records.penalty: values differ from SQLite's"
# the tables and columns of version 2 are copied, with rows
for t in inspection application; do
  [ "$(sql -c "SELECT count(*) FROM records.$t")" -gt 0 ] || fail "records.$t: no rows copied"
done
[ "$(sql -c "SELECT count(deregistered) FROM records.entity")" = "$(q "$work/rec.db" "SELECT count(deregistered) FROM entity")" ] ||
  fail "records.entity.deregistered: not copied"
[ "$(sql -c "SELECT count(penalty_id) FROM records.serious")" = "$(q "$work/rec.db" "SELECT count(penalty_id) FROM serious")" ] ||
  fail "records.serious.penalty_id: not copied"
for t in application inspection; do
  cols=$(q "$work/rec.db" "SELECT group_concat(name, ',') FROM pragma_table_info('$t')")
  cmp -s <(sqlite3 -batch -cmd '.nullvalue <NULL>' "$work/rec.db" "SELECT $cols FROM $t ORDER BY id" | sed 's/|0$/|f/; s/|1$/|t/') \
         <(sql -P null='<NULL>' -F '|' -c "SELECT $cols FROM records.$t ORDER BY id") ||
    fail "records.$t: values differ from SQLite's"
done
# entity-key indexes on the related tables
for t in penalty abnormal serious inspection application annual_report; do
  [ "$(sql -c "SELECT count(*) FROM pg_indexes WHERE schemaname = 'records' AND tablename = '$t'
               AND indexdef LIKE '%btree (uscc%'")" -ge 1 ] || fail "records.$t: no index on uscc"
done

# A database of an older schema: tables it lacks stay empty, an extra column is kept.
cp "$work/rec.db" "$work/old.db"
q "$work/old.db" "DROP TABLE workday_calendar; ALTER TABLE entity ADD COLUMN legacy_code TEXT;
                  UPDATE entity SET legacy_code = 'L' || rowid"
# and one of records version 1 (tests/run/records_v1.sql): no inspection, application,
# entity.deregistered or serious.penalty_id
sqlite3 "$work/v1.db" < "$src/tests/run/records_v1.sql"
q "$work/v1.db" "ATTACH '$work/rec.db' AS g;
  INSERT INTO entity SELECT uscc, name, kind, status, region, industry, established, phone FROM g.entity;
  INSERT INTO serious SELECT id, uscc, list, basis, listed, published, authority, authority_region, measures_until,
                             fulfilled, remedied, removed, repair_revoked FROM g.serious;"
bash "$src/tests/pg/load_records.sh" "$work/v1.db" "$port" v1 > /dev/null || fail "load_records.sh: a version-1 database does not load"
[ "$(sql -c 'SELECT (SELECT count(*) FROM v1.inspection) + (SELECT count(*) FROM v1.application)
                    + (SELECT count(deregistered) FROM v1.entity) + (SELECT count(penalty_id) FROM v1.serious)')" = 0 ] ||
  fail "a version-1 database: the version-2 tables are not empty or its columns not NULL"
[ "$(sql -c 'SELECT count(*) FROM v1.serious')" = "$(q "$work/rec.db" 'SELECT count(*) FROM serious')" ] ||
  fail "a version-1 database: serious not copied"
bash "$src/tests/pg/load_records.sh" "$work/old.db" "$port" old > /dev/null ||
  fail "load_records.sh: a database without workday_calendar does not load"
[ "$(sql -c 'SELECT count(*) FROM old.workday_calendar')" = 0 ] || fail "old.workday_calendar is not empty"
[ "$(sql -c "SELECT count(*) FROM old.entity WHERE legacy_code LIKE 'L%'")" = 2000 ] ||
  fail "old.entity: the extra column legacy_code was not kept"

# --- the output tables: the SQLite output's columns -------------------------------------
"$xiufu" run --quiet -p "$src/policies/national" -d "$work/rec.db" --as-of 2026-11-01 -o "$work/out.db"
# decision_row and the view may have policy fields after their fixed columns
fixed() { case $1 in decision_row) echo 10 ;; decision) echo 12 ;; *) echo 1000 ;; esac; }
for t in $(q "$work/out.db" "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') ORDER BY name"); do
  a=$(q "$work/out.db" "SELECT name FROM pragma_table_info('$t') WHERE cid < $(fixed "$t") ORDER BY cid")
  b=$(sql -c "SELECT column_name FROM information_schema.columns
              WHERE table_schema = 'xiufu' AND table_name = '$t' ORDER BY ordinal_position")
  [ "$a" = "$(head -n "$(fixed "$t")" <<< "$b")" ] ||
    fail "xiufu.$t: columns $(tr '\n' , <<< "$b"), SQLite output has $(tr '\n' , <<< "$a")"
done
types=$(sql -c "SELECT string_agg(column_name || ':' || data_type, ',' ORDER BY column_name)
                FROM information_schema.columns WHERE table_schema = 'xiufu'
                AND (table_name, column_name) IN (('decision', 'eligible_from'), ('decision', 'stops_on'),
                                                  ('run', 'as_of'), ('decision_row', 'trace'))")
[ "$types" = "as_of:date,eligible_from:date,stops_on:date,trace:bytea" ] || fail "xiufu column types: $types"
# a field column shows in the view once decision_refresh() has run
sql -c 'ALTER TABLE xiufu.decision_row ADD COLUMN responsible text' -c 'SELECT xiufu.decision_refresh()' > /dev/null
[ "$(sql -c "SELECT count(*) FROM information_schema.columns
             WHERE table_schema = 'xiufu' AND table_name = 'decision' AND column_name = 'responsible'")" = 1 ] ||
  fail "decision_refresh(): the view lacks the new field column"

# --- postgres_fdw to a second cluster -------------------------------------------------
pg_cluster_start remote > /dev/null
bash "$src/tests/pg/load_records.sh" "$work/rec.db" "$XF_PG_PORT_remote" records > /dev/null
sql > /dev/null <<SQL
CREATE EXTENSION postgres_fdw;
CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '127.0.0.1', port '$XF_PG_PORT_remote', dbname 'postgres');
CREATE USER MAPPING FOR CURRENT_USER SERVER remote OPTIONS (user 'postgres');
CREATE FOREIGN TABLE remote_entity (uscc text, name text, region text)
  SERVER remote OPTIONS (schema_name 'records', table_name 'entity');
SQL
[ "$(sql -c 'SELECT count(*) FROM remote_entity')" = 2000 ] || fail "postgres_fdw: remote_entity has not 2000 rows"
[ "$(sql -c 'SELECT count(*) FROM records.penalty p JOIN remote_entity e USING (uscc)')" = \
  "$(q "$work/rec.db" 'SELECT count(*) FROM penalty p JOIN entity e USING (uscc)')" ] ||
  fail "postgres_fdw: penalties joined to the remote entities differ from SQLite's"

if [ $failures -ne 0 ]; then
  echo "basics.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "basics.test.sh: ok"
