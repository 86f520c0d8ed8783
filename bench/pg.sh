#!/usr/bin/env bash
# bench/pg.sh — xiufu in PostgreSQL 15 (docs/postgresql.md#benchmark).
#
#   bench/pg.sh [N_ENTITIES=1000000]
#
# Records: `xiufu gen --entities N` (bench/work/pg/records-N.db, made once per
# N), loaded with tests/pg/load_records.sh (its time is shown, not counted).
# As of 2026-11-01 (AS_OF), on throwaway clusters (tests/pg/lib.sh):
#
#   one server
#     run          SELECT xiufu.run(national pack)                     every subject record
#     run107       SELECT xiufu.run(pack of the Order 107 penalty policy)
#     sql107       the same policy as one SQL query (bench/order107_penalty.sql
#                  written for PostgreSQL, below), checked equal to run107's decisions
#     decide       SELECT count(xiufu.decide(...)) over about 10,000 penalties
#                  (every K-th id; DECIDE_ROWS), serial and with 2 parallel workers
#     sqlite       `xiufu run -p national.so` on the SQLite file, for reference
#   three servers (a coordinator and two shards, as tests/pg/fdw.test.sh)
#     run-fdw      SELECT xiufu.run(national pack) on the coordinator, reading
#                  through the partitions
#     run-each     each server runs xiufu.run on its own share, all at once
#
# Printed per line: wall seconds, subject records (penalty, abnormal and serious
# rows decided or read), records per second, and the peak memory of the
# PostgreSQL backend that ran it (VmHWM of /proc/PID/status: it includes the
# pages of shared_buffers, 128 MB, the backend touched; RssShmem shows those).
#
# Needs root (the extension is installed with the build's xiufu_pg_install
# target), PostgreSQL 15 with its server headers, and sqlite3.  XIUFU names the
# binary (default build/xiufu; its folder is the CMake build).
set -euo pipefail
N=${1:-1000000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
XIUFU=${XIUFU:-$ROOT/build/xiufu}
AS_OF=${AS_OF:-2026-11-01}
WORK=$ROOT/bench/work/pg
die() { echo "bench/pg: $*" >&2; exit 1; }
[[ $N =~ ^[0-9]+$ && $N -ge 1 ]] || die "N_ENTITIES must be a positive integer, not '$N'"
[ -x "$XIUFU" ] || die "no xiufu at $XIUFU"
command -v sqlite3 > /dev/null || die "the sqlite3 shell is needed"
mkdir -p "$WORK"
chmod 755 "$WORK"   # the servers, as user postgres, open the packs here
cd "$WORK"

flock "$(dirname "$XIUFU")/pg/install.lock" cmake --build "$(dirname "$XIUFU")" --target xiufu_pg_install \
  > install.log 2>&1 || { cat install.log >&2; die "the extension does not build or install"; }
. "$ROOT/tests/pg/lib.sh"

records=$WORK/records-$N.db
if [ ! -f "$records" ]; then
  "$XIUFU" gen --entities "$N" -o "$records.tmp" --force > /dev/null
  mv "$records.tmp" "$records"
fi
n_subjects=$(sqlite3 "$records" "SELECT (SELECT count(*) FROM penalty) + (SELECT count(*) FROM abnormal) + (SELECT count(*) FROM serious)")
n_penalty=$(sqlite3 "$records" "SELECT count(*) FROM penalty")
nat=$ROOT/policies/national
# packs signed with a key of the benchmark's own, trusted by the servers (xiufu.trusted_keys, set in
# each cluster's postgresql.conf through XF_PG_CONF) and by xiufu run (XIUFU_TRUSTED_KEYS)
[ -f bench-signer.key ] || "$XIUFU" keygen -o bench-signer > /dev/null 2>&1 || die "keygen"
mkdir -p trusted-keys && cp bench-signer.pub trusted-keys/ && chmod 755 trusted-keys
export XIUFU_TRUSTED_KEYS=$WORK/trusted-keys XF_PG_CONF="xiufu.trusted_keys = '$WORK/trusted-keys'"
"$XIUFU" build "$nat" -o national.so --sign bench-signer.key > /dev/null 2>&1 || die "the national pack does not build"
"$XIUFU" build "$nat/samr_order107_penalty.xf" "$nat/samr_2021_penalty.xf" "$nat/samr_transition.xf" \
  -o order107.so --sign bench-signer.key > /dev/null 2>&1 || die "the Order 107 pack does not build"

printf '\nN = %s entities: %s subject records (%s penalties), as of %s, %s\n\n' \
  "$N" "$n_subjects" "$n_penalty" "$AS_OF" "$(date -u +%Y-%m-%d)"
printf '%-10s %-34s %9s %10s %12s %10s %9s\n' line what "wall s" records "records/s" "VmHWM MiB" "shm MiB"
row() {  # LINE WHAT WALL RECORDS HWM_KIB SHM_KIB
  awk -v l="$1" -v w="$2" -v s="$3" -v r="$4" -v h="$5" -v m="$6" 'BEGIN {
    printf "%-10s %-34s %9.2f %10d %12.0f %10.0f %9.0f\n", l, w, s, r, (s > 0 ? r / s : 0), h / 1024, m / 1024 }'
}

# timed PORT OUT SQL...: runs the statements in one session; OUT gets
# "<wall s> <VmHWM KiB> <RssShmem KiB>" of that session's backend
timed() {
  local port=$1 out=$2
  shift 2
  {
    echo "SELECT pg_backend_pid() AS pid \\gset"
    echo "\\setenv XF_PID :pid"
    echo "SELECT extract(epoch FROM clock_timestamp()) AS t0 \\gset"
    printf '%s\n' "$@"
    echo "SELECT extract(epoch FROM clock_timestamp()) - :t0 AS wall \\gset"
    echo "\\setenv XF_WALL :wall"
    echo "\\! awk -v w=\"\$XF_WALL\" '/^VmHWM/ { h = \$2 } /^RssShmem/ { m = \$2 } END { print w, h, m }' /proc/\$XF_PID/status > $out"
  } > "$out.sql"
  pg_psql "$port" -At -f "$out.sql" > "$out.log"
}

# --- one server --------------------------------------------------------------------------
pg_cluster_start one > /dev/null
one=$XF_PG_PORT_one
t0=$(date +%s.%N)
bash "$ROOT/tests/pg/load_records.sh" "$records" "$one" rec > /dev/null
printf '(load into one server: %.0f s)\n' "$(echo "$(date +%s.%N) - $t0" | bc)"
pg_psql "$one" -c 'CREATE EXTENSION xiufu' -c 'VACUUM ANALYZE'

timed "$one" run.out "SELECT xiufu.run('$WORK/national.so', '$AS_OF', 'rec') AS run \\gset"
read -r w h m < run.out
row run "xiufu.run, national pack" "$w" "$n_subjects" "$h" "$m"

timed "$one" run107.out "SELECT xiufu.run('$WORK/order107.so', '$AS_OF', 'rec') AS run107 \\gset"
read -r w h m < run107.out
run107=$(pg_psql "$one" -At -c "SELECT max(id) FROM xiufu.run")
row run107 "xiufu.run, Order 107 penalty pack" "$w" "$n_penalty" "$h" "$m"

# bench/order107_penalty.sql for PostgreSQL: dates are dates, and date + n months
# clamps to the month's end as xiufu does (2024-08-31 + 6 months = 2025-02-28)
cat > sql107.sql <<SQL
DROP TABLE IF EXISTS rec.sql_decision;
CREATE TABLE rec.sql_decision AS
WITH k(as_of) AS (SELECT DATE '$AS_OF'),
s AS (
  SELECT p.id, p.uscc, p.cause, p.decided, p.published, p.restricted_until AS ru,
         p.fulfilled, p.remedied, p.repair_revoked AS rr, p.procedure, e.status, p.domain,
         p.tier, p.fine_yuan,
         ',' || p.measures || ',' AS m1,
         ',' || replace(p.measures, ',', ',,') || ',' AS m2
  FROM rec.penalty p JOIN rec.entity e ON e.uscc = p.uscc
  WHERE p.sector = '市场监管' AND p.published IS NOT NULL AND p.published <= (SELECT as_of FROM k)
    AND (p.stopped IS NULL OR p.stopped > (SELECT as_of FROM k))
),
c AS (
  SELECT s.*,
    (replace(replace(replace(m2, ',警告,', ''), ',通报批评,', ''), ',罚款,', '') = ''
     AND (strpos(m1, ',罚款,') = 0
          OR coalesce(tier IN ('从轻', '减轻') AND fine_yuan IS NOT NULL AND fine_yuan <= 50000, false)))
      AS minor,
    coalesce(domain IN ('食品', '药品', '医疗器械', '化妆品', '特种设备', '重点工业产品'), false) AS sdomain,
    (strpos(m1, ',限制开展生产经营活动,') > 0 OR strpos(m1, ',责令停产停业,') > 0
     OR strpos(m1, ',限制从业,') > 0) AS restrict_,
    (strpos(m1, ',降低资质等级,') > 0 OR strpos(m1, ',吊销许可证件,') > 0
     OR strpos(m1, ',吊销营业执照,') > 0 OR strpos(m1, ',责令关闭,') > 0) AS revoke_,
    (replace(m2, ',警告,', '') = '' AND strpos(m1, ',警告,') > 0) AS warning_only
  FROM s
),
m AS (
  SELECT c.*,
    CASE WHEN NOT minor AND (sdomain OR restrict_ OR revoke_) THEN 12 ELSE 3 END AS min_mon,
    CASE WHEN minor THEN 3 WHEN (sdomain OR restrict_ OR revoke_) THEN 36 ELSE 12 END AS max_mon
  FROM c
),
d AS (
  SELECT m.*,
    (published + make_interval(months => max_mon))::date + 1 AS met_max,
    (published + make_interval(months => min_mon))::date + 1 AS met_min,
    (rr + make_interval(months => max_mon))::date + 1 AS rr_met,
    ru + 1 AS ru_next
  FROM m
),
e AS (
  SELECT d.*, greatest(met_max, ru_next) AS stop_day, greatest(met_min, ru_next) AS apply_day FROM d
),
l AS (
  SELECT e.*,
    CASE
      WHEN status = '注销' THEN 1
      WHEN procedure = '简易' THEN 2
      WHEN warning_only THEN 3
      WHEN rr IS NOT NULL AND k.as_of >= rr_met THEN 4
      WHEN rr IS NOT NULL THEN 5
      WHEN k.as_of >= stop_day THEN 6
      WHEN revoke_ THEN 7
      WHEN minor AND k.as_of < stop_day THEN 8
      WHEN fulfilled IS NOT NULL AND fulfilled <= k.as_of
       AND remedied IS NOT NULL AND remedied <= k.as_of
       AND NOT EXISTS (SELECT 1 FROM rec.penalty q
                       WHERE q.uscc = e.uscc AND q.sector = '市场监管' AND q.cause = e.cause
                         AND q.decided > e.decided AND q.decided <= k.as_of)
       AND k.as_of >= apply_day THEN 9
      ELSE 10
    END AS step
  FROM e, k
)
SELECT id,
  CASE step WHEN 1 THEN 'expired' WHEN 2 THEN 'not_published' WHEN 3 THEN 'not_published'
            WHEN 4 THEN 'expired' WHEN 5 THEN 'not_repairable' WHEN 6 THEN 'expired'
            WHEN 7 THEN 'not_repairable' WHEN 8 THEN 'not_yet' WHEN 9 THEN 'can_apply'
            ELSE 'not_yet' END AS outcome,
  CASE step WHEN 4 THEN rr_met WHEN 6 THEN stop_day WHEN 8 THEN stop_day
            WHEN 9 THEN apply_day WHEN 10 THEN apply_day END AS eligible_from,
  CASE WHEN step IN (1, 2, 3) THEN NULL WHEN step IN (4, 5) THEN rr_met ELSE stop_day END AS stops_on,
  step
FROM l;
SQL
timed "$one" sql107.out "SET client_min_messages = warning;" "\\i $WORK/sql107.sql"
read -r w h m < sql107.out
row sql107 "one SQL query, Order 107 penalty" "$w" "$n_penalty" "$h" "$m"
differ=$(pg_psql "$one" -At -c "SET datestyle = ISO" -c "
  SELECT count(*) FROM (
    (SELECT subject_id, outcome, eligible_from, stops_on, step FROM xiufu.decision
      WHERE run = $run107 AND policy = '行政处罚信息_107号令'
     EXCEPT ALL SELECT id, outcome, eligible_from, stops_on, step FROM rec.sql_decision)
    UNION ALL
    (SELECT id, outcome, eligible_from, stops_on, step FROM rec.sql_decision
     EXCEPT ALL SELECT subject_id, outcome, eligible_from, stops_on, step FROM xiufu.decision
      WHERE run = $run107 AND policy = '行政处罚信息_107号令')) x")
decided=$(pg_psql "$one" -At -c "SELECT count(*) FROM rec.sql_decision")
[ "$differ" = 0 ] || die "the SQL query and xiufu.run differ in $differ rows"
echo "           (the SQL query's $decided decisions equal xiufu.run's)"

# every K-th penalty, about 10,000 of them (DECIDE_ROWS): a query's calls keep
# their memory until it ends (docs/postgresql.md#benchmark)
k=$(( (n_penalty + ${DECIDE_ROWS:-10000} - 1) / ${DECIDE_ROWS:-10000} ))
n_sample=$(pg_psql "$one" -At -c "SELECT count(*) FROM rec.penalty WHERE id % $k = 0")
q="SELECT count(xiufu.decide('$WORK/national.so', 'penalty', id, '$AS_OF')) FROM rec.penalty WHERE id % $k = 0;"
timed "$one" decide1.out "SET xiufu.records_schema = 'rec';" "SET max_parallel_workers_per_gather = 0;" "$q"
read -r w h m < decide1.out
row decide "xiufu.decide, serial" "$w" "$n_sample" "$h" "$m"
timed "$one" decide2.out "SET xiufu.records_schema = 'rec';" "SET max_parallel_workers_per_gather = 2;" \
  "SET parallel_setup_cost = 0;" "SET parallel_tuple_cost = 0;" "SET min_parallel_table_scan_size = 0;" "$q"
read -r w h m < decide2.out
row decide "xiufu.decide, 2 parallel workers" "$w" "$n_sample" "$h" "$m"
echo "           (the leader's memory; each worker has its own)"

rm -f sqlite-out.db
gnu_time=$(command -v /usr/bin/time || true)
t0=$(date +%s.%N)
if [ -n "$gnu_time" ]; then
  /usr/bin/time -f '%M' -o sqlite.rss "$XIUFU" run --quiet -p national.so -d "$records" --as-of "$AS_OF" -o sqlite-out.db || true
else
  "$XIUFU" run --quiet -p national.so -d "$records" --as-of "$AS_OF" -o sqlite-out.db || true
  echo 0 > sqlite.rss
fi
w=$(echo "$(date +%s.%N) - $t0" | bc)
row sqlite "xiufu run (SQLite file), national" "$w" "$n_subjects" "$(tail -1 sqlite.rss)" 0
echo "           (peak RSS of the xiufu process)"
pg_cluster_stop_all

# --- three servers ------------------------------------------------------------------------
for c in coord shard1 shard2; do pg_cluster_start "$c" > /dev/null; done
coord=$XF_PG_PORT_coord
shards="$XF_PG_PORT_shard1 $XF_PG_PORT_shard2"
tables="entity penalty abnormal serious inspection application annual_report"
calendar="\\copy rec.workday_calendar FROM PROGRAM 'sqlite3 -csv $records \"SELECT day, workday FROM workday_calendar\"' WITH (FORMAT csv)"
for p in $shards; do
  pg_psql "$p" -v schema=rec -c 'SET client_min_messages = warning' -f "$ROOT/pg/records_pg.sql"
  pg_psql "$p" -c "$calendar" -c 'CREATE EXTENSION xiufu' -c "ALTER DATABASE postgres SET xiufu.records_schema = 'rec'"
done
pg_psql "$coord" -v schema=tmpl -c 'SET client_min_messages = warning' -f "$ROOT/pg/records_pg.sql"
{
  echo "CREATE EXTENSION postgres_fdw; CREATE EXTENSION xiufu; CREATE SCHEMA rec; CREATE SCHEMA mine;"
  n=0
  for p in $shards; do
    n=$((n + 1))
    echo "CREATE SERVER shard$n FOREIGN DATA WRAPPER postgres_fdw
            OPTIONS (host '127.0.0.1', port '$p', dbname 'postgres', extensions 'xiufu',
                     async_capable 'true', batch_size '1000', fetch_size '10000');
          CREATE USER MAPPING FOR postgres SERVER shard$n OPTIONS (user 'postgres');"
  done
  for t in $tables; do
    echo "CREATE TABLE rec.$t (LIKE tmpl.$t INCLUDING DEFAULTS) PARTITION BY HASH (uscc);
          CREATE TABLE rec.${t}_0 PARTITION OF rec.$t FOR VALUES WITH (MODULUS 3, REMAINDER 0);
          CREATE FOREIGN TABLE rec.${t}_1 PARTITION OF rec.$t FOR VALUES WITH (MODULUS 3, REMAINDER 1)
            SERVER shard1 OPTIONS (schema_name 'rec', table_name '$t');
          CREATE FOREIGN TABLE rec.${t}_2 PARTITION OF rec.$t FOR VALUES WITH (MODULUS 3, REMAINDER 2)
            SERVER shard2 OPTIONS (schema_name 'rec', table_name '$t');
          CREATE VIEW mine.$t AS SELECT * FROM rec.${t}_0;"
  done
  echo "ALTER TABLE rec.entity_0 ADD PRIMARY KEY (uscc);
        ALTER TABLE rec.annual_report_0 ADD PRIMARY KEY (uscc, year);"
  for t in penalty abnormal serious inspection application; do
    echo "ALTER TABLE rec.${t}_0 ADD PRIMARY KEY (id); CREATE INDEX ON rec.${t}_0 (uscc, id);"
  done
  echo "CREATE TABLE rec.workday_calendar (LIKE tmpl.workday_calendar INCLUDING ALL);
        CREATE VIEW mine.workday_calendar AS SELECT * FROM rec.workday_calendar;
        DROP SCHEMA tmpl CASCADE;"
} > coord.sql
pg_psql "$coord" -c 'SET client_min_messages = warning' -f coord.sql
pg_psql "$coord" -c "$calendar"
t0=$(date +%s.%N)
bash "$ROOT/tests/pg/load_records.sh" "$records" "$coord" staging > /dev/null
{
  for t in $tables; do echo "INSERT INTO rec.$t SELECT * FROM staging.$t;"; done
  echo "DROP SCHEMA staging CASCADE;"
} > route.sql
pg_psql "$coord" -c 'SET client_min_messages = warning' -f route.sql
pg_psql "$coord" -c 'VACUUM ANALYZE'
for p in $shards; do pg_psql "$p" -c 'VACUUM ANALYZE'; done
printf '(load into three servers through the coordinator: %.0f s)\n' "$(echo "$(date +%s.%N) - $t0" | bc)"

timed "$coord" fdw.out "SELECT xiufu.run('$WORK/national.so', '$AS_OF', 'rec') AS run \\gset"
read -r w h m < fdw.out
row run-fdw "xiufu.run on the coordinator" "$w" "$n_subjects" "$h" "$m"

# every server its own share, at once
t0=$(date +%s.%N)
timed "$coord" each0.out "SELECT xiufu.run('$WORK/national.so', '$AS_OF', 'mine') AS run \\gset" &
pids=$!
i=0
for p in $shards; do
  i=$((i + 1))
  timed "$p" "each$i.out" "SELECT xiufu.run('$WORK/national.so', '$AS_OF', 'rec') AS run \\gset" &
  pids+=" $!"
done
for pid in $pids; do wait "$pid" || die "a run on one server failed"; done
w=$(echo "$(date +%s.%N) - $t0" | bc)
hmax=0 mmax=0
for i in 0 1 2; do
  read -r wi hi mi < "each$i.out"
  printf '           server %d: %.2f s, VmHWM %.0f MiB\n' "$i" "$wi" "$(echo "$hi / 1024" | bc -l)"
  [ "$hi" -gt "$hmax" ] && hmax=$hi && mmax=$mi
done
row run-each "xiufu.run on each server, at once" "$w" "$n_subjects" "$hmax" "$mmax"
sub=$(for p in $coord $shards; do pg_psql "$p" -At -c "SELECT subjects FROM xiufu.run ORDER BY id DESC LIMIT 1"; done |
      awk '{ s += $1 } END { print s }')
all=$(pg_psql "$coord" -At -c "SELECT subjects FROM xiufu.run ORDER BY id LIMIT 1")
[ "$sub" = "$all" ] || die "the three shares decided $sub subjects, the run through the partitions $all"
echo "           (the three shares' subjects add up to the whole run's: $sub)"
