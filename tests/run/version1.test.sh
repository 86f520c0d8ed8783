#!/usr/bin/env bash
# version1.test.sh XIUFU SOURCE_DIR WORK_DIR
# A records database of version 1 (tests/run/records_v1.sql: no inspection, no
# application, no entity.deregistered, no serious.penalty_id) is read as a
# version-2 database whose new tables are empty and new columns NULL
# (store/versions.h): with the national policies and tests/run/reads_v2.xf,
# which reads every table and column version 2 added,
#   - every way of running (whole file, partitions, one or three threads, JIT,
#     interpreter, a pack, --strict, --documents) exits 0 and decides exactly
#     as over the version-2 database with the same rows;
#   - stderr holds the note once, in the run's language, and nothing else;
#   - the SQLite extension decides the same rows alike;
#   - `xiufu explain` explains a decision of such a run;
# and a database that lacks what version 1 already had (a column, a table),
# or an added table without all its columns, is still refused as before.
set -euo pipefail
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$(cd "$2" && pwd) work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
command -v sqlite3 > /dev/null || { echo "FAIL: the sqlite3 shell is needed" >&2; exit 1; }
q() { sqlite3 -batch "$1" "$2"; }
as_of=2026-11-01
policies=("$src/policies/national" "$src/tests/run/reads_v2.xf")
note_zh='xiufu run：记录库为第 1 版：缺少表 inspection、application，列 entity.deregistered、serious.penalty_id，按空表和空值读取'
note_en='xiufu run: records database is version 1: no tables inspection, application, no columns entity.deregistered, serious.penalty_id; read as empty tables and NULL values'

# --- the databases: the same rows in version 1 and version 2 --------------------------
"$xiufu" gen --entities 600 --seed 9 -o g.db > /dev/null
cp g.db v2.db
q v2.db "DELETE FROM inspection; DELETE FROM application;
         UPDATE entity SET deregistered = NULL; UPDATE serious SET penalty_id = NULL;"
sqlite3 v1.db < "$src/tests/run/records_v1.sql"
copy="ATTACH 'g.db' AS g;"
for t in $(q v1.db "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"); do
  cols=$(q v1.db "SELECT group_concat('\"' || name || '\"', ', ') FROM pragma_table_info('$t')")
  copy+="INSERT INTO main.$t ($cols) SELECT $cols FROM g.$t;"
done
q v1.db "$copy"
[ "$(q v1.db "SELECT count(*) FROM sqlite_master WHERE name IN ('inspection', 'application')")" = 0 ] ||
  fail "the version-1 database has version-2 tables"
[ "$(q v1.db "SELECT count(*) FROM pragma_table_info('entity') WHERE name = 'deregistered'")" = 0 ] ||
  fail "the version-1 database has entity.deregistered"
[ "$(q v1.db "SELECT count(*) FROM penalty")" -gt 100 ] || fail "too few penalties copied"
[ "$(q g.db "SELECT count(*) FROM inspection")" -gt 0 ] || fail "gen wrote no inspections: the comparison below is blind"

# decisions of an output database, without the run id
decisions() {
  local cols
  cols=$(q "$1" "SELECT group_concat('\"' || name || '\"', ', ') FROM pragma_table_info('decision') WHERE name <> 'run'")
  q "$1" "SELECT $cols FROM decision ORDER BY policy, subject_table, subject_id"
}

# A run from sources first repeats what `xiufu check` says of them (reads_v2.xf's
# penalty policy decides records the national ones decide too: a warning).  That
# part must be exactly the check's; strip_check ERR POLICY... takes it off ERR.
strip_check() {
  local err=$1 n
  shift
  "$xiufu" check "$@" 2> check.err > /dev/null || true
  n=$(wc -l < check.err)
  [ "$n" -gt 0 ] || return 0
  if ! cmp -s <(head -n "$n" "$err") check.err; then
    fail "$err does not start with the diagnostics of xiufu check: $(head -3 "$err")"
    return 0
  fi
  tail -n +$((n + 1)) "$err" > "$err.rest" && mv "$err.rest" "$err"
}

# run NAME DB [options]: exit 0 wanted; decisions in NAME.db, stderr (past the check's) in NAME.err
run() {
  local name=$1 db=$2 rc=0
  shift 2
  "$xiufu" run --quiet -p "${policies[@]}" ${local_policies:-} -d "$db" --as-of $as_of -o "$name.db" "$@" \
    2> "$name.err" || rc=$?
  [ $rc = 0 ] || fail "$name: exit $rc: $(head -3 "$name.err")"
  # shellcheck disable=SC2086
  strip_check "$name.err" "${policies[@]}" ${local_policies:-}
}

# signed with a key of the test's own, trusted through the environment
"$xiufu" keygen -o signer > /dev/null 2>&1 || fail "keygen"
mkdir -p trusted && cp signer.pub trusted/ && chmod 755 trusted   # others must not write it
export XIUFU_TRUSTED_KEYS=$PWD/trusted XIUFU_PACK_DIR=$PWD
"$xiufu" build "${policies[@]}" -o both.so --sign signer.key > /dev/null 2> build.err || fail "the pack does not build: $(cat build.err)"
modes=("whole" "interp --engine interp" "parts --threads 1 --memory 64K" "threads --threads 3 --chunk 50 --memory 128K"
       "strict --strict" "pack" "documents --documents DOCS")
for m in "${modes[@]}"; do
  read -r name opts <<< "$m"
  for v in v1 v2; do
    args=()
    [ -z "${opts:-}" ] || read -r -a args <<< "${opts//DOCS/docs-$name-$v}"
    if [ "$name" = pack ]; then
      rc=0
      "$xiufu" run --quiet -p both.so -d $v.db --as-of $as_of -o "$name-$v.db" 2> "$name-$v.err" || rc=$?
      [ $rc = 0 ] || fail "$name-$v: exit $rc: $(head -3 "$name-$v.err")"
    elif [ "$name" = documents ]; then  # Baoshan's policies write documents
      local_policies="$src/policies/heilongjiang" run "$name-$v" $v.db "${args[@]}"
    else
      run "$name-$v" $v.db "${args[@]}"
    fi
  done
  [ -f "$name-v1.db" ] && [ -f "$name-v2.db" ] || continue
  n=$(q "$name-v1.db" "SELECT count(*) FROM decision")
  [ "$n" -gt 500 ] || fail "$name: only $n decisions"
  cmp -s <(decisions "$name-v1.db") <(decisions "$name-v2.db") ||
    fail "$name: the version-1 database is decided otherwise than version 2 with empty tables and NULL columns"
  # the note, once, and nothing else; none for version 2
  [ "$(cat "$name-v1.err")" = "$note_zh" ] || fail "$name: stderr is [$(cat "$name-v1.err")], want the note once"
  [ ! -s "$name-v2.err" ] || fail "$name: version 2 wrote to stderr: $(head -2 "$name-v2.err")"
  echo "$name: $n decisions alike"
done
[ "$(q whole-v1.db "SELECT count(*) FROM decision WHERE policy = '处罚_新字段'")" -gt 100 ] ||
  fail "reads_v2.xf decided too few penalties"
[ "$(q whole-v1.db "SELECT count(*) FROM decision WHERE policy IN ('检查_新表', '申请_新表')")" = 0 ] ||
  fail "decisions of rows of tables the database lacks"
[ "$(find docs-documents-v1 -type f | wc -l)" -gt 0 ] || fail "--documents: no documents written"
diff -r docs-documents-v1 docs-documents-v2 > /dev/null || fail "--documents: the files differ"

# the note in English; with the summary on (no --quiet) it is still one line
"$xiufu" run --lang en -p "${policies[@]}" -d v1.db --as-of $as_of --jsonl > en.jsonl 2> en.err ||
  fail "--lang en: exit $?"
[ "$(grep -c 'version 1' en.err)" = 1 ] || fail "--lang en: the note is not there once: $(cat en.err)"
grep -qxF "$note_en" en.err || fail "--lang en: no line [$note_en] in: $(cat en.err)"
"$xiufu" run -p "${policies[@]}" -d v1.db --as-of $as_of -o summary.db > summary.out 2> summary.err ||
  fail "with the summary: exit $?"
[ "$(cat summary.out summary.err | grep -c '第 1 版')" = 1 ] || fail "with the summary: the note is not there once"

# only some of it missing: only that is named
cp v2.db part.db
q part.db "DROP TABLE application"
run out-part part.db
[ "$(cat out-part.err)" = "xiufu run：记录库为第 1 版：缺少表 application，按空表读取" ] ||
  fail "a database without application alone: stderr [$(cat out-part.err)]"

# explain reads the output alone: a decision of the version-1 run
id=$(q whole-v1.db "SELECT subject_id FROM decision WHERE policy = '处罚_新字段' LIMIT 1")
"$xiufu" explain -d whole-v1.db --subject "penalty:$id" --policy 处罚_新字段 > explain.txt 2> explain.err ||
  fail "explain: exit $?: $(cat explain.err)"
grep -q 'deregistered\|注销' explain.txt || fail "explain does not show what the decision read: $(head -5 explain.txt)"

# --- the SQLite extension ---------------------------------------------------------------
ext=$(dirname "$xiufu")/xiufu_sqlite.so
preload=$(ldd "$ext" | awk '/lib(asan|ubsan)\.so/ {print $3}' | tr '\n' ':')
if [[ -n $preload ]]; then
  export LD_PRELOAD=$preload ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
fi
ext_decide() {  # DB: every penalty's outcome, eligible_from and stops_on
  sqlite3 -bail -cmd ".load $ext" "$1" "SELECT id, xiufu_decide('$work/both.so', 'penalty', id, '$as_of', '处罚_新字段'),
    xiufu_eligible_from('$work/both.so', 'penalty', id, '$as_of', '处罚_新字段') FROM penalty ORDER BY id"
}
ext_decide v1.db > ext-v1.txt 2> ext-v1.err || fail "the extension over version 1: $(cat ext-v1.err)"
ext_decide v2.db > ext-v2.txt 2> ext-v2.err || fail "the extension over version 2: $(cat ext-v2.err)"
cmp -s ext-v1.txt ext-v2.txt || fail "the extension decides the version-1 database otherwise"
[ "$(grep -c '|' ext-v1.txt)" -gt 100 ] && [ "$(cut -d'|' -f2 ext-v1.txt | grep -c .)" -gt 100 ] ||
  fail "the extension decided too few penalties"
cmp -s <(cut -d'|' -f1,2 ext-v1.txt) \
       <(q whole-v1.db "SELECT subject_id, outcome FROM decision WHERE policy = '处罚_新字段' ORDER BY subject_id") ||
  fail "the extension and the run differ over version 1"

# --- what version 1 had is still required -------------------------------------------------
refused() {  # NAME DB WANT: exit 1 and WANT in the message
  local rc=0
  "$xiufu" run --quiet -p "${policies[@]}" -d "$2" --as-of $as_of -o "out-$1.db" 2> "$1.err" || rc=$?
  [ $rc = 1 ] || fail "$1: exit $rc, want 1"
  grep -qF "$3" "$1.err" || fail "$1: want [$3] in: $(cat "$1.err")"
  ! grep -q '第 1 版' "$1.err" || fail "$1: a refused database gets the version note"
}
cp v1.db nocol.db
q nocol.db "ALTER TABLE penalty DROP COLUMN published"
refused nocol nocol.db "table penalty has no column published"
cp v1.db notable.db
q notable.db "DROP TABLE serious"
refused notable notable.db "no table serious"
cp v2.db halftable.db
q halftable.db "ALTER TABLE inspection DROP COLUMN abnormal_id"
refused halftable halftable.db "table inspection has no column abnormal_id"

if [ $failures -ne 0 ]; then
  echo "version1.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "version1.test.sh: ok"
