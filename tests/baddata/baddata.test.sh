#!/usr/bin/env bash
# baddata.test.sh XIUFU SOURCE_DIR WORK_DIR
#
# Bad records, end to end.  Each case is a small SQLite database built from
# runtime/records.sql: two good entities, two good penalties and a good
# abnormal-list entry, plus one bad row.  `xiufu run -p policies/national`
# must
#   - exit 1 and name the table, row id, column and value of the bad row;
#   - still decide every good row, exactly as without the bad row;
#   - count the skipped rows (run.skipped, and the summary line);
#   - with --strict: exit 1, name the row, and add no run to OUT.db.
# Broken databases (a missing table or column, a file that is not SQLite, an
# empty file, no file at all) must fail with a message and exit 1, and the
# output must survive: a directory as OUT.db fails cleanly, a second run into
# the same OUT.db leaves the first intact.
#
# The USCC codes below were checked against GB 32100-2015 (runtime/uscc.c):
# 91510400MA6200001E, 91510400MA6200002H and 91110000MA0100005K are valid;
# 91510400MA6200003X has a wrong check character (the right one is L).  The
# baseline run checks that the first two are accepted.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 XIUFU SOURCE_DIR WORK_DIR" >&2
  exit 2
fi
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
work=$3
command -v sqlite3 >/dev/null || { echo "FAIL: the sqlite3 shell is needed" >&2; exit 1; }
schema=$src/runtime/records.sql
policies=$src/policies/national
[ -f "$schema" ] || { echo "FAIL: $schema not found" >&2; exit 1; }

rm -rf "$work"
mkdir -p "$work"
cd "$work"

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
q() { sqlite3 -batch "$1" "$2"; }

E1=91510400MA6200001E
E2=91510400MA6200002H
E_BADCHECK=91510400MA6200003X
E_NOWHERE=91110000MA0100005K

base_rows="
INSERT INTO entity VALUES ('$E1', '攀枝花市甲公司', '企业', '存续', '510400', NULL, '2020-03-01', NULL, NULL);
INSERT INTO entity VALUES ('$E2', '攀枝花市乙公司', '企业', '存续', '510400', '食品', '2021-06-15', NULL, NULL);
INSERT INTO penalty (id, uscc, decision_no, authority, sector, authority_region, cause, domain, measures,
                     fine_yuan, tier, procedure, decided, published)
  VALUES (1, '$E1', '攀市监罚〔2026〕1号', '攀枝花市市场监督管理局', '市场监管', '510400', '虚假宣传', NULL,
          '罚款', 1000, '从轻', '普通', '2026-01-05', '2026-01-10');
INSERT INTO penalty (id, uscc, decision_no, authority, sector, authority_region, cause, domain, measures,
                     fine_yuan, tier, procedure, decided, published, fulfilled, remedied)
  VALUES (2, '$E2', '攀市监罚〔2026〕2号', '攀枝花市市场监督管理局', '市场监管', '510400', '食品安全', '食品',
          '警告,罚款', 20000, '一般', '普通', '2026-02-01', '2026-02-05', '2026-02-20', '2026-03-01');
INSERT INTO abnormal VALUES (1, '$E1', '住所无法联系', NULL, '2026-03-01', '攀枝花市市场监督管理局', '510400', NULL, NULL);
"

# make_db NAME [SQL]: NAME.db = schema + good rows + SQL
make_db() {
  rm -f "$1.db"
  sqlite3 -batch "$1.db" < "$schema"
  q "$1.db" "$base_rows"
  if [ $# -gt 1 ]; then q "$1.db" "$2"; fi
}

# bad_penalty ID USCC SECTOR MEASURES FINE DECIDED PUBLISHED: an INSERT
bad_penalty() {
  echo "INSERT INTO penalty (id, uscc, decision_no, authority, sector, authority_region, cause, measures,
                             fine_yuan, procedure, decided, published)
        VALUES ($1, '$2', '攀市监罚〔2026〕$1号', '攀枝花市市场监督管理局', '$3', '510400', '虚假宣传', '$4',
                $5, '普通', '$6', '$7');"
}

# run_xiufu OUT ERR ARGS...: prints the exit code
run_xiufu() {
  local out=$1 err=$2 rc=0
  shift 2
  "$xiufu" run -p "$policies" "$@" > "$out" 2> "$err" || rc=$?
  echo "$rc"
}

decisions() { # OUT.db [RUN]: the decisions of a run, one line each, sorted
  q "$1" "select subject_table, subject_id, uscc, policy, outcome, ifnull(eligible_from, '-'), ifnull(stops_on, '-')
          from decision where run = ${2:-1} order by subject_table, subject_id, policy"
}

# ---- the baseline: no bad row --------------------------------------------
make_db good
rc=$(run_xiufu good.out good.err -d good.db --as-of 2026-11-01 -o good-out.db)
[ "$rc" = 0 ] || fail "baseline run: exit $rc, want 0; stderr: $(cat good.err)"
[ "$(q good-out.db 'select skipped from run where id = 1')" = 0 ] || fail "baseline run skipped rows: $(cat good.err)"
decisions good-out.db > good.decisions
for subject in "penalty|1|$E1" "penalty|2|$E2" "abnormal|1|$E1"; do
  grep -q "^$subject|" good.decisions || fail "baseline: no decision for $subject: $(tr '\n' ' ' < good.decisions)"
done
[ "$(wc -l < good.decisions)" = 3 ] || fail "baseline: want 3 decisions, got: $(tr '\n' ' ' < good.decisions)"

# ---- one bad row per case ------------------------------------------------
# row_case NAME SKIPPED SQL TABLE ROW COLUMN VALUE: SKIPPED rows are skipped
# in all; the first one reported is TABLE/ROW/COLUMN/VALUE.
row_case() {
  local name=$1 skipped=$2 sql=$3 table=$4 row=$5 column=$6 value=$7 rc
  make_db "$name" "$sql"
  rm -f "$name-out.db"

  # default: skip, count, say so, decide the rest
  rc=$(run_xiufu "$name.out" "$name.err" -d "$name.db" --as-of 2026-11-01 -o "$name-out.db")
  [ "$rc" = 1 ] || fail "$name: exit $rc, want 1 (rows were skipped)"
  if ! grep -F "表 $table" "$name.err" | grep -F "第 $row 行" | grep -F "字段 $column" | grep -qF "“$value”"; then
    fail "$name: stderr does not name table $table, row $row, column $column and value '$value':"
    sed 's/^/    /' "$name.err" >&2
  fi
  grep -qF "跳过的坏数据行：$skipped" "$name.err" || fail "$name: the summary does not say $skipped row(s) were skipped: $(tail -3 "$name.err")"
  if [ -f "$name-out.db" ]; then
    [ "$(q "$name-out.db" 'select count(*) from run')" = 1 ] || fail "$name: want 1 run in the output"
    [ "$(q "$name-out.db" 'select skipped from run where id = 1')" = "$skipped" ] \
      || fail "$name: run.skipped is $(q "$name-out.db" 'select skipped from run where id = 1'), want $skipped"
    decisions "$name-out.db" > "$name.decisions"
    if ! cmp -s good.decisions "$name.decisions"; then
      fail "$name: the good rows did not get the decisions of the baseline:"
      diff good.decisions "$name.decisions" | sed 's/^/    /' >&2 || true
    fi
  else
    fail "$name: no output database written"
  fi

  # English
  rc=$(run_xiufu "$name.en.out" "$name.en.err" -d "$name.db" --as-of 2026-11-01 --jsonl --lang en)
  [ "$rc" = 1 ] || fail "$name --lang en: exit $rc, want 1"
  grep -F "table $table, row $row, column $column" "$name.en.err" | grep -qF "'$value'" \
    || fail "$name --lang en: stderr does not name the row: $(head -3 "$name.en.err")"
  grep -qF "rows skipped (bad data): $skipped" "$name.en.err" || fail "$name --lang en: no skipped count in the summary"
  [ "$(wc -l < "$name.en.out")" = 3 ] || fail "$name --jsonl: want 3 decisions on stdout, got $(wc -l < "$name.en.out")"

  # --strict: fatal, names the row, no run added
  local before
  before=$(decisions "$name-out.db" | md5sum)
  rc=$(run_xiufu "$name.strict.out" "$name.strict.err" -d "$name.db" --as-of 2026-11-01 -o "$name-out.db" --strict)
  [ "$rc" = 1 ] || fail "$name --strict: exit $rc, want 1"
  grep -F "$table" "$name.strict.err" | grep -F "$row" | grep -F "$column" | grep -qF "$value" \
    || fail "$name --strict: stderr does not name the row: $(cat "$name.strict.err")"
  [ "$(q "$name-out.db" 'select count(*) from run')" = 1 ] || fail "$name --strict: a run was added to the output"
  [ "$(decisions "$name-out.db" | md5sum)" = "$before" ] || fail "$name --strict: the earlier run changed"
  rm -f "$name-fresh.db"
  rc=$(run_xiufu "$name.strict2.out" "$name.strict2.err" -d "$name.db" --as-of 2026-11-01 -o "$name-fresh.db" --strict)
  [ "$rc" = 1 ] || fail "$name --strict (new output): exit $rc, want 1"
  if [ -f "$name-fresh.db" ] && [ "$(q "$name-fresh.db" "select count(*) from sqlite_master where name = 'run'")" = 1 ]; then
    [ "$(q "$name-fresh.db" 'select count(*) from run')" = 0 ] || fail "$name --strict: a run was written to a new output"
  fi
}

row_case measures_unknown_label 1 \
  "$(bad_penalty 101 $E1 市场监管 '罚款,罚金' 100 2026-01-05 2026-01-10)" \
  penalty 101 measures '罚款,罚金'
row_case sector_unknown_label 1 \
  "$(bad_penalty 102 $E1 市场监督 罚款 100 2026-01-05 2026-01-10)" \
  penalty 102 sector 市场监督
row_case date_malformed 1 \
  "$(bad_penalty 103 $E1 市场监管 罚款 100 2025/01/05 2026-01-10)" \
  penalty 103 decided 2025/01/05
row_case date_impossible 1 \
  "$(bad_penalty 104 $E1 市场监管 罚款 100 2025-02-01 2025-02-30)" \
  penalty 104 published 2025-02-30
row_case fine_finer_than_fen 1 \
  "$(bad_penalty 105 $E1 市场监管 罚款 12.345 2025-02-01 2025-02-03)" \
  penalty 105 fine_yuan 12.345
# the entity goes, and its penalty with it (two rows skipped); the entity
# table has no integer key, so its row is the rowid (3)
row_case uscc_check_character 2 \
  "INSERT INTO entity VALUES ('$E_BADCHECK', '攀枝花市丙公司', '企业', '存续', '510400', NULL, NULL, NULL, NULL);
   $(bad_penalty 106 $E_BADCHECK 市场监管 罚款 100 2025-02-01 2025-02-03)" \
  entity 3 uscc $E_BADCHECK
grep -F "表 penalty" uscc_check_character.err | grep -F "第 106 行" | grep -qF "$E_BADCHECK" \
  || fail "uscc_check_character: the penalty of the skipped entity is not reported: $(cat uscc_check_character.err)"
row_case unknown_entity 1 \
  "$(bad_penalty 107 $E_NOWHERE 市场监管 罚款 100 2025-02-01 2025-02-03)" \
  penalty 107 uscc $E_NOWHERE
# other tables: an abnormal-list entry and a calendar day
row_case abnormal_unknown_label 1 \
  "INSERT INTO abnormal VALUES (9, '$E1', '未年报', NULL, '2026-03-01', '攀枝花市市场监督管理局', '510400', NULL, NULL);" \
  abnormal 9 reason 未年报
row_case calendar_impossible_date 1 \
  "INSERT INTO workday_calendar VALUES ('2026-02-30', 0);" \
  workday_calendar 1 day 2026-02-30
# a value of the wrong type (NUMERIC and INTEGER columns keep text they cannot convert)
row_case fine_not_a_number 1 \
  "$(bad_penalty 108 $E1 市场监管 罚款 "'一万'" 2025-02-01 2025-02-03)" \
  penalty 108 fine_yuan 一万
row_case report_year_not_a_number 1 \
  "INSERT INTO abnormal VALUES (10, '$E1', '未按期年报', '二〇二四', '2026-03-01', '攀枝花市市场监督管理局', '510400', NULL, NULL);" \
  abnormal 10 report_year 二〇二四
# a duplicate key: possible in a database whose penalty table lacks the
# schema's PRIMARY KEY; both copies are reported and skipped
row_case duplicate_id 2 \
  "CREATE TABLE penalty2 AS SELECT * FROM penalty; DROP TABLE penalty; ALTER TABLE penalty2 RENAME TO penalty;
   $(bad_penalty 109 $E1 市场监管 罚款 100 2025-02-01 2025-02-03)
   $(bad_penalty 109 $E1 市场监管 罚款 200 2025-02-01 2025-02-03)" \
  penalty 109 id 109
# Not tested: a NULL in a NOT NULL bound column (the schema refuses it).

# ---- databases that cannot be read -----------------------------------------
# fatal_case NAME DB PATTERN: exit 1, PATTERN on stderr, no output written
fatal_case() {
  local name=$1 db=$2 pattern=$3 rc
  rm -f "$name-out.db"
  rc=$(run_xiufu "$name.out" "$name.err" -d "$db" --as-of 2026-11-01 -o "$name-out.db")
  [ "$rc" = 1 ] || fail "$name: exit $rc, want 1"
  grep -qF -- "$pattern" "$name.err" || fail "$name: stderr does not say '$pattern': $(cat "$name.err")"
  if grep -qiE 'sanitizer|runtime error:|segmentation|core dumped|assert' "$name.err"; then fail "$name: crashed: $(cat "$name.err")"; fi
  if [ -f "$name-out.db" ] && [ "$(q "$name-out.db" "select count(*) from sqlite_master where name = 'run'")" = 1 ]; then
    [ "$(q "$name-out.db" 'select count(*) from run')" = 0 ] || fail "$name: a run was written"
  fi
}

make_db missing_table "DROP TABLE abnormal;"
fatal_case missing_table missing_table.db "no table abnormal"

make_db missing_column "
  CREATE TABLE penalty2 AS SELECT id, uscc, decision_no, authority, sector, authority_region, cause, domain,
    measures, tier, procedure, severity, decided, published, restricted_until, fulfilled, remedied, stopped,
    repair_revoked FROM penalty;
  DROP TABLE penalty;
  ALTER TABLE penalty2 RENAME TO penalty;"
fatal_case missing_column missing_column.db "has no column fine_yuan"

echo "这不是数据库 / this is not a database" > not_sqlite.db
fatal_case not_sqlite not_sqlite.db "not_sqlite.db"
grep -qF "not a database" not_sqlite.err || fail "not_sqlite: stderr does not say it is not a database: $(cat not_sqlite.err)"

: > empty.db
fatal_case empty_file empty.db "empty.db"

fatal_case no_such_file no-such-file.db "no-such-file.db"
[ ! -e no-such-file.db ] || fail "no_such_file: reading created the records file"

# ---- the output ------------------------------------------------------------
# a directory where OUT.db should be
mkdir -p out-is-a-dir.db
rc=$(run_xiufu dir.out dir.err -d good.db --as-of 2026-11-01 -o out-is-a-dir.db)
[ "$rc" = 1 ] || fail "output is a directory: exit $rc, want 1"
grep -qF "out-is-a-dir.db" dir.err || fail "output is a directory: the message does not name it: $(cat dir.err)"
if grep -qiE 'sanitizer|runtime error:|segmentation|core dumped' dir.err; then fail "output is a directory: crashed: $(cat dir.err)"; fi
[ -d out-is-a-dir.db ] && [ -z "$(ls -A out-is-a-dir.db)" ] || fail "output is a directory: the directory was changed"

# a write-protected output file (not meaningful as root: root writes anyway)
if [ "$(id -u)" != 0 ]; then
  cp good-out.db readonly-out.db
  chmod 444 readonly-out.db
  rc=$(run_xiufu ro.out ro.err -d good.db --as-of 2026-11-01 -o readonly-out.db)
  [ "$rc" = 1 ] || fail "read-only output: exit $rc, want 1"
  grep -qF "readonly-out.db" ro.err || fail "read-only output: the message does not name it: $(cat ro.err)"
  [ "$(q readonly-out.db 'select count(*) from run')" = 1 ] || fail "read-only output: a run was added"
fi

# a second run into the same OUT.db keeps the first
rm -f twice.db
rc=$(run_xiufu t1.out t1.err -d good.db --as-of 2026-11-01 -o twice.db)
[ "$rc" = 0 ] || fail "first run into twice.db: exit $rc: $(cat t1.err)"
decisions twice.db 1 > twice-run1.before
q twice.db "select id, as_of, subjects, skipped from run" > twice-runs.before
rc=$(run_xiufu t2.out t2.err -d good.db --as-of 2027-06-01 -o twice.db)
[ "$rc" = 0 ] || fail "second run into twice.db: exit $rc: $(cat t2.err)"
[ "$(q twice.db 'select group_concat(id) from (select id from run order by id)')" = "1,2" ] \
  || fail "two runs: want run ids 1,2, got $(q twice.db 'select group_concat(id) from run')"
decisions twice.db 1 > twice-run1.after
cmp -s twice-run1.before twice-run1.after || fail "the second run changed the decisions of the first"
[ "$(q twice.db 'select id, as_of, subjects, skipped from run where id = 1')" = "$(cat twice-runs.before)" ] \
  || fail "the second run changed the run row of the first"
[ "$(q twice.db 'select count(*) from decision where run = 1')" = 3 ] || fail "run 1: want 3 decisions"
[ "$(q twice.db 'select count(*) from decision where run = 2')" = 3 ] || fail "run 2: want 3 decisions"
[ "$(q twice.db "select as_of from run where id = 2")" = 2027-06-01 ] || fail "run 2: wrong as_of"
[ "$(q twice.db 'pragma integrity_check')" = ok ] || fail "twice.db: integrity_check failed"

# no run may crash (a sanitizer build says so on stderr)
for err in *.err; do
  if grep -qiE 'sanitizer|runtime error:|segmentation fault|core dumped' "$err"; then
    fail "${err%.err}: crashed: $(grep -m3 -iE 'sanitizer|runtime error:|segmentation fault|core dumped' "$err")"
  fi
done

if [ $failures -ne 0 ]; then
  echo "baddata.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "baddata.test.sh: ok"
