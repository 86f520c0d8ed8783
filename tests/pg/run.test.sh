#!/usr/bin/env bash
# run.test.sh XIUFU SOURCE_DIR WORK_DIR
# xiufu.run() in PostgreSQL decides as `xiufu run` does (docs/postgresql.md):
#   - over realistic records (3000 entities), adversarial ones (limits of
#     periods, runtime errors) and records with bad rows, loaded with
#     load_records.sh, with the pack of policies/national and the pack of
#     national plus each local folder under policies/, as of 2025-06-01 and
#     2026-11-01: the decisions (policy, subject_table, subject_id, uscc,
#     outcome, eligible_from, stops_on, step, basis, error, and every policy
#     output field) equal the SQLite run's row for row; subjects and skipped
#     equal the SQLite run's; traces are written (and not, with trace false);
#   - each bad row is reported in a NOTICE naming its table and row, at most
#     the first 20 of them;
#   - a second run gets a new id and leaves the first intact; a run in a
#     transaction that is rolled back leaves nothing;
#   - a missing pack, a text file, random bytes, a truncated and a corrupted
#     pack, an as-of day with no policy in effect, a schema that does not
#     exist or lacks a column the policies read: an ERROR naming the cause,
#     nothing written, no crash, the server answers afterwards.
# Every bad row here is one PostgreSQL's column types accept (unknown labels,
# money finer than a fen, bad USCC check characters, rows of unknown or
# skipped entities); malformed and impossible dates cannot be stored in a
# date column, so they are refused at load and are not part of this test.
set -euo pipefail
. "$(dirname "$0")/prelude.sh"
t_start=$(date +%s)

pg_cluster_start main > /dev/null
port=$XF_PG_PORT_main
sql() { pg_psql "$port" -At "$@"; }
sql -c 'CREATE EXTENSION xiufu'
q() { sqlite3 -batch "$1" "$2"; }

# --- records ----------------------------------------------------------------------------
"$xiufu" gen --entities 3000 -o rec.db > /dev/null
"$xiufu" gen --entities 3000 --shape adversarial -o adv.db > /dev/null
# bad rows of every kind a date column lets through, each naming (table, row)
cp rec.db bad.db
q bad.db "
UPDATE penalty SET measures = '警告,罚金' WHERE id = 3;
UPDATE penalty SET fine_yuan = 1000.005 WHERE id = 5;
UPDATE penalty SET sector = '公安' WHERE id = 7;
UPDATE abnormal SET reason = '查无此人' WHERE id = 2;
UPDATE serious SET list = '黑名单' WHERE id = 1;
INSERT INTO abnormal (id, uscc, reason, listed, authority, authority_region)
  VALUES (100001, '91110000MA0100005K', '住所无法联系', '2025-03-01', '北京市市场监督管理局', '110000');
INSERT INTO entity VALUES ('91510400MA6200003X', '攀枝花市丙公司', '企业', '存续', '510400', NULL, '2020-03-01', NULL, NULL);
INSERT INTO penalty (id, uscc, decision_no, authority, sector, authority_region, cause, measures, fine_yuan,
                     tier, procedure, decided, published)
  VALUES (100001, '91510400MA6200003X', '攀市监罚〔2026〕9号', '攀枝花市市场监督管理局', '市场监管', '510400',
          '虚假宣传', '罚款', 1000, '从轻', '普通', '2026-01-05', '2026-01-10');"
# more bad rows than the NOTICEs show
cp rec.db many.db
q many.db "UPDATE penalty SET sector = '公安' WHERE id BETWEEN 101 AND 130"
datasets="rec adv bad many"
for d in $datasets; do
  bash "$src/tests/pg/load_records.sh" "$d.db" "$port" "$d" > /dev/null
done

# --- packs: national, and national with each local folder that builds ------------------
mkdir packs
"$xiufu" build --sign "$work/signer.key" "$src/policies/national" -o packs/national.so 2> build.err ||
  { cat build.err >&2; echo "FAIL: the national pack does not build" >&2; exit 1; }
# built side by side: each build is one LLVM compilation on one core
declare -A build_pid
for dir in "$src"/policies/*/; do
  name=$(basename "$dir")
  [ "$name" != national ] || continue
  "$xiufu" build --sign "$work/signer.key" "$src/policies/national" "$dir" -o "packs/$name.so" > /dev/null 2> "build-$name.err" &
  build_pid[$name]=$!
done
packs=national
for name in $(printf '%s\n' "${!build_pid[@]}" | LC_ALL=C sort); do
  if wait "${build_pid[$name]}"; then
    packs+=" $name"
  else
    echo "policies/$name does not build with the national policies: left out ($(head -1 "build-$name.err"))"
  fi
done
[ "$(wc -w <<< "$packs")" -ge 2 ] || fail "no local folder builds: only '$packs'"
echo "packs: $packs ($(($(date +%s) - t_start)) s)"

# --- decisions ----------------------------------------------------------------------------
compare() { pg_compare_run "$port" "$@"; }   # RUN OUT.db WHAT

# pg_run PACK AS_OF SCHEMA [TRACE]: the run's id; its NOTICEs in notices.txt
pg_run() {
  sql -c "SELECT xiufu.run('$work/packs/$1.so', '$2', '$3'${4:+, $4})" 2> notices.txt
}
sqlite_run() {  # PACK AS_OF DB OUT.db [xiufu run options]: exit 1 is a run with bad rows or errors
  local rc=0
  rm -f "$4"
  "$xiufu" run --quiet --lang en -p "packs/$1.so" -d "$3.db" --as-of "$2" -o "$4" "${@:5}" 2> sqlite.err || rc=$?
  [ $rc -le 1 ] && [ -f "$4" ] || { fail "xiufu run -p $1 -d $3.db --as-of $2: exit $rc"; return 1; }
}

runs=0
for pack in $packs; do
  for d in $datasets; do
    # bad rows: the national pack is enough (a local pack reads the same columns)
    [ "$pack" = national ] || [ "$d" = rec ] || [ "$d" = adv ] || continue
    for as_of in 2025-06-01 2026-11-01; do
      what="pack $pack, records $d, as of $as_of"
      sqlite_run "$pack" "$as_of" "$d" out.db || continue
      if ! run=$(pg_run "$pack" "$as_of" "$d"); then
        fail "$what: xiufu.run failed: $(cat notices.txt)"
        continue
      fi
      runs=$((runs + 1))
      [ "$run" -gt 0 ] 2> /dev/null || { fail "$what: xiufu.run returned '$run'"; continue; }
      compare "$run" out.db "$what" || continue
      n=$(wc -l < want.txt)
      [ "$n" -gt 0 ] || fail "$what: no decisions"
      read -r s_sub s_skip <<< "$(q out.db "SELECT subjects, skipped FROM run" | tr '|' ' ')"
      read -r p_sub p_skip <<< "$(sql -F ' ' -c "SELECT subjects, skipped FROM xiufu.run WHERE id = $run")"
      [ "$p_sub" = "$s_sub" ] || fail "$what: subjects $p_sub, SQLite $s_sub"
      [ "$p_skip" = "$s_skip" ] || fail "$what: skipped $p_skip, SQLite $s_skip"
      a=$(q out.db "SELECT count(trace) FROM decision")
      b=$(sql -c "SELECT count(trace) FROM xiufu.decision WHERE run = $run")
      [ "$a" = "$b" ] || fail "$what: $b decisions with a trace, SQLite $a"
      case $d in
        rec | adv)
          [ "$p_skip" = 0 ] || fail "$what: $p_skip rows skipped"
          # NOTICEs are for bad rows: a run without any says nothing
          [ "$(grep -c '^NOTICE: ' notices.txt)" = 0 ] || fail "$what: NOTICEs without bad rows: $(grep -m2 '^NOTICE: ' notices.txt | tr '\n' ' ')" ;;
        bad)
          [ "$p_skip" -ge 8 ] || fail "$what: skipped $p_skip, want at least the 8 bad rows"
          # each row SQLite reports: a NOTICE with its table and id (an entity: its code)
          while read -r t r v; do
            if [ "$t" = entity ]; then r=$v; fi
            [ "$(grep '^NOTICE: ' notices.txt | grep "$t" | grep -cE "(^|[^0-9A-Z])$r([^0-9A-Z]|\$)")" -ge 1 ] ||
              fail "$what: no NOTICE names table $t, row $r"
          done < <(sed -n "s/.*table \([a-z_]*\), row \([0-9]*\), column [^:]*: .* '\(.*\)', skipped$/\1 \2 \3/p" sqlite.err)
          [ -n "$(sed -n '/table entity/p' sqlite.err)" ] || fail "$what: SQLite reports no bad entity" ;;
        many)
          [ "$p_skip" = 30 ] || fail "$what: skipped $p_skip, want 30"
          k=$(grep -c '^NOTICE: .*penalty' notices.txt || true)
          [ "$k" = 20 ] || fail "$what: $k NOTICEs name a bad penalty row, want the first 20" ;;
      esac
      echo "$what: run $run, $n decisions identical, $p_skip skipped"
    done
  done
done
echo "$runs runs compared ($(($(date +%s) - t_start)) s)"

# --- a records schema of version 1: what it lacks reads as empty and NULL, in one NOTICE -----
"$xiufu" build --sign "$work/signer.key" "$src/policies/national" "$src/tests/run/reads_v2.xf" -o packs/reads_v2.so > /dev/null 2> build.err ||
  fail "the pack of tests/run/reads_v2.xf does not build: $(cat build.err)"
bash "$src/tests/pg/load_records.sh" rec.db "$port" v1 > /dev/null
sql -c 'DROP TABLE v1.inspection, v1.application' -c 'ALTER TABLE v1.entity DROP COLUMN deregistered' \
    -c 'ALTER TABLE v1.serious DROP COLUMN penalty_id' > /dev/null
# the same rows in SQLite, of version 2 with empty new tables and NULL new columns
cp rec.db v1same.db
q v1same.db "DELETE FROM inspection; DELETE FROM application; UPDATE entity SET deregistered = NULL;
             UPDATE serious SET penalty_id = NULL"
if sqlite_run reads_v2 2026-11-01 v1same v1same-out.db; then
  if run=$(pg_run reads_v2 2026-11-01 v1); then
    compare "$run" v1same-out.db "a version-1 schema"
    [ "$(grep -c '^NOTICE: ' notices.txt)" = 1 ] && grep -qF "schema v1: records database is version 1: no tables inspection, application, no columns entity.deregistered, serious.penalty_id" notices.txt ||
      fail "a version-1 schema: want one NOTICE naming what it lacks, got: $(cat notices.txt)"
  else
    fail "a version-1 schema: xiufu.run failed: $(cat notices.txt)"
  fi
fi
# row by row too, with one NOTICE for the query
got=$(sql -c "SET xiufu.records_schema = 'v1'" -c "SELECT count(d), count(*) FROM (SELECT xiufu.decide('$work/packs/reads_v2.so',
        'penalty', id, '2026-11-01', '处罚_新字段') AS d FROM v1.penalty) x" 2> decide-notices.txt | tail -1)
[ "$got" = "$(q v1same.db "SELECT (SELECT count(*) FROM penalty) || '|' || (SELECT count(*) FROM penalty)")" ] ||
  fail "xiufu.decide over a version-1 schema: $got decided of the penalties, want all ($(cat decide-notices.txt))"
[ "$(grep -c '^NOTICE: .*version 1' decide-notices.txt)" = 1 ] ||
  fail "xiufu.decide over a version-1 schema: want one NOTICE, got: $(cat decide-notices.txt)"
echo "a version-1 schema: decided as SQLite decides the same rows, one NOTICE"

# trace false: no traces, the same decisions as --trace=none
sqlite_run national 2026-11-01 rec notrace.db --trace=none &&
  if run=$(pg_run national 2026-11-01 rec false); then
    compare "$run" notrace.db "trace false" &&
      [ "$(sql -c "SELECT count(trace) FROM xiufu.decision WHERE run = $run")" = 0 ] ||
      fail "trace false: decisions carry traces"
  else
    fail "xiufu.run(..., trace => false) failed: $(cat notices.txt)"
  fi

# --- a second run in the same database; a rolled-back run -------------------------------
count_all() {
  sql -c "SELECT (SELECT count(*) FROM xiufu.run) || ' ' || (SELECT count(*) FROM xiufu.decision_row) || ' ' ||
                 (SELECT count(*) FROM xiufu.run_policy) || ' ' || (SELECT count(*) FROM xiufu.run_step) || ' ' ||
                 (SELECT count(*) FROM xiufu.trace_point) || ' ' || (SELECT count(*) FROM xiufu.trace_text)"
}
sqlite_run national 2026-11-01 rec first.db
first=$(pg_run national 2026-11-01 rec) || fail "first run: $(cat notices.txt)"
rows_first=$(sql -c "SELECT count(*) FROM xiufu.decision_row WHERE run = $first")
second=$(pg_run national 2026-11-01 rec) || fail "second run: $(cat notices.txt)"
[ "$second" -gt "$first" ] 2> /dev/null || fail "the second run's id $second is not after the first's $first"
[ "$(sql -c "SELECT count(*) FROM xiufu.decision_row WHERE run = $first")" = "$rows_first" ] ||
  fail "the second run changed the first run's decisions"
[ "$(sql -c "SELECT count(*) FROM xiufu.run WHERE id = $first AND finished IS NOT NULL")" = 1 ] ||
  fail "the first run's row is gone or unfinished"
compare "$first" first.db "the first run after a second" && compare "$second" first.db "the second run" &&
  echo "a second run: id $second after $first, both identical to SQLite's"

before=$(count_all)
cat > rollback.sql <<SQL
BEGIN;
SELECT xiufu.run('$work/packs/national.so', '2026-11-01', 'rec') > 0;
SELECT count(*) FROM xiufu.decision_row;
ROLLBACK;
SQL
inside=$(sql -f rollback.sql 2> rollback.err | tr '\n' ' ') || fail "a run in a transaction: $(cat rollback.err)"
read -r ok n_inside <<< "$inside"
[ "$ok" = t ] && [ "$n_inside" -gt "$(cut -d' ' -f2 <<< "$before")" ] 2> /dev/null ||
  fail "inside the transaction the run wrote nothing: '$inside'"
after=$(count_all)
[ "$after" = "$before" ] || fail "a rolled-back run left rows (before: $before; after: $after)"
echo "a rolled-back run leaves nothing ($before)"

# --- errors -------------------------------------------------------------------------------
cp packs/national.so good.so
size=$(stat -c %s good.so)
head -c $((size / 2)) good.so > packs/truncated.so
cp "$src/README.md" packs/text.so
head -c 65536 /dev/urandom > packs/random.so
python3 - good.so packs/flipped.so <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[len(data) // 2] ^= 0xFF
open(sys.argv[2], "wb").write(data)
PY
# a pack whose only policy is in effect in 2024
mkdir window
cat > window/window.xf <<'EOF'
module test.window
use schema
basis "测试用政策"
effective from 2024-01-01 until 2024-12-31

policy 窗口 for p: penalty
  where p.published != none
  decide
    refer otherwise basis "第一条"
EOF
"$xiufu" build --sign "$work/signer.key" window -o packs/window.so > /dev/null 2> build.err || fail "the window pack: $(cat build.err)"
# the same unsigned, and signed by a key the server does not trust
"$xiufu" build window -o packs/unsigned.so > /dev/null 2> build.err || fail "the unsigned pack: $(cat build.err)"
"$xiufu" keygen -o stranger > /dev/null 2>&1 || fail "keygen"
"$xiufu" build --sign stranger.key window -o packs/stranger.so > /dev/null 2> build.err || fail "the stranger's pack: $(cat build.err)"
# a schema without a column the policies read
bash "$src/tests/pg/load_records.sh" rec.db "$port" nocol > /dev/null
sql -c 'ALTER TABLE nocol.penalty DROP COLUMN published'

before=$(count_all)
runsql() { echo "SELECT xiufu.run('$work/packs/$1.so', '$2', '$3')"; }
pg_error "$port" "$(runsql nosuch 2026-11-01 rec)" "nosuch.so"
pg_error "$port" "$(runsql text 2026-11-01 rec)" "not a xiufu pack"
pg_error "$port" "$(runsql random 2026-11-01 rec)" "not a xiufu pack"
pg_error "$port" "$(runsql truncated 2026-11-01 rec)" "truncated or not a xiufu pack"
pg_error "$port" "$(runsql flipped 2026-11-01 rec)" "corrupted (checksum mismatch)"
pg_error "$port" "$(runsql unsigned 2024-06-01 rec)" "refused: the pack is not signed"
pg_error "$port" "$(runsql stranger 2024-06-01 rec)" "which is not trusted"
# xiufu.allow_unsigned lets the unsigned pack load (its one policy is not in effect in 2023), never the stranger's
pg_error "$port" "SET xiufu.allow_unsigned = on; $(runsql unsigned 2023-06-01 rec)" "2023-06-01"
pg_error "$port" "SET xiufu.allow_unsigned = on; $(runsql stranger 2023-06-01 rec)" "which is not trusted"
pg_error "$port" "$(runsql window 2023-06-01 rec)" "2023-06-01"
pg_error "$port" "$(runsql national 2026-11-01 no_such_schema)" "no_such_schema"
pg_error "$port" "$(runsql national 2026-11-01 nocol)" "published"
after=$(count_all)
[ "$after" = "$before" ] || fail "failed runs left rows (before: $before; after: $after)"
# the window pack itself runs, in its year
sqlite_run window 2024-06-01 rec window.db &&
  if run=$(pg_run window 2024-06-01 rec); then compare "$run" window.db "the window pack in 2024"
  else fail "the window pack in 2024: $(cat notices.txt)"; fi
pg_no_crash main

echo "run.test.sh: $(($(date +%s) - t_start)) s"
if [ $failures -ne 0 ]; then
  echo "run.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "run.test.sh: ok"
