#!/usr/bin/env bash
# The SQLite extension (docs/packs.md): loaded with `.load` into the sqlite3
# shell, xiufu_decide / xiufu_eligible_from / xiufu_stops_on give, for every
# penalty, abnormal and serious row, exactly what a run writes to its decision
# table at the same as-of day (NULL where it writes no decision), over realistic
# and adversarial records; bad
# arguments and damaged packs give SQL errors, not crashes.  The pack is signed
# with a key of `xiufu keygen`; the extension is loaded with XIUFU_PACK_DIR (the
# work folder) and XIUFU_TRUSTED_KEYS set, and a pack outside the folder is
# refused.
# Usage: sqlite_ext.test.sh XIUFU SOURCE_DIR WORK_DIR
set -euo pipefail
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$(cd "$2" && pwd) work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v sqlite3 >/dev/null || fail "the sqlite3 shell is needed"
ext=$(dirname "$xiufu")/xiufu_sqlite.so   # ext/CMakeLists.txt puts it beside xiufu
[[ -f $ext ]] || fail "$ext not built"

# In a sanitizer build the extension needs the sanitizer runtimes loaded
# before sqlite3 starts.
preload=$(ldd "$ext" | awk '/lib(asan|ubsan)\.so/ {print $3}' | tr '\n' ':')
if [[ -n $preload ]]; then
  export LD_PRELOAD=$preload
  export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}  # the shell's own allocations are not ours to judge
fi
sq() { sqlite3 -bail -cmd ".load $ext" "$@"; }
"$xiufu" keygen -o signer > /dev/null 2>&1 || fail "keygen"
mkdir -p trusted && cp signer.pub trusted/ && chmod 755 trusted   # others must not write it
export XIUFU_PACK_DIR=$work XIUFU_TRUSTED_KEYS=$work/trusted

"$xiufu" gen --entities 3000 -o records.db > /dev/null
# edge cases: limits of periods, empty sets, decisions that end in runtime errors
"$xiufu" gen --entities 2000 --shape adversarial -o adversarial.db > /dev/null
"$xiufu" build "$src/policies/national" -o samr.so --name samr --sign signer.key 2> build.err || fail "build: $(cat build.err)"

[[ $(sq records.db "SELECT xiufu_load_pack('samr.so')") == samr ]] || fail "xiufu_load_pack does not return the name"

for records in records adversarial; do
for as_of in 2025-06-01 2026-11-01; do
  set +e  # a run exits 1 when some decisions carry runtime errors; they are written all the same
  "$xiufu" run --quiet --trace=none -p "$src/policies/national" -d $records.db --as-of "$as_of" -o "run-$records-$as_of.db"
  set -e
  [[ -f run-$records-$as_of.db ]] || fail "no run at $as_of"
  for table in penalty abnormal serious; do
    # by name after xiufu_load_pack, and by path
    for pack in samr "$work/samr.so"; do
      load="SELECT xiufu_load_pack('samr.so');"
      [[ $pack == samr ]] || load=""
      out=$(sq $records.db "$load" "ATTACH 'run-$records-$as_of.db' AS r" "
        CREATE TEMP TABLE got AS
          SELECT id, xiufu_decide('$pack', '$table', id, '$as_of') AS outcome,
                 xiufu_eligible_from('$pack', '$table', id, '$as_of') AS eligible_from,
                 xiufu_stops_on('$pack', '$table', id, '$as_of') AS stops_on
          FROM $table;
        SELECT count(*), count(g.outcome),
               sum(g.outcome IS NOT d.outcome OR g.eligible_from IS NOT d.eligible_from OR g.stops_on IS NOT d.stops_on)
        FROM got g LEFT JOIN r.decision d ON d.subject_table = '$table' AND d.subject_id = g.id;
        SELECT count(outcome) FROM r.decision WHERE subject_table = '$table';" | tail -2)
      read -r rows decided differ <<< "$(head -1 <<< "$out" | tr '|' ' ')"
      in_run=$(tail -1 <<< "$out")
      [[ $differ == 0 ]] || fail "as of $as_of, $table via '$pack': $differ rows differ from the run"
      [[ $decided == "$in_run" ]] || fail "as of $as_of, $table: $decided decided, the run has $in_run"
      [[ $decided -gt 0 ]] || fail "as of $as_of, $table: nothing decided"
    done
    echo "$records, as of $as_of, $table: $rows rows, $decided decisions, identical to the run"
  done
done
done

# The policy named as a fifth argument: the decision of that policy; a policy
# that does not decide the table gives NULL.
read -r n differ <<< "$(sq records.db "ATTACH 'run-records-2026-11-01.db' AS r" "
  SELECT count(*), sum(xiufu_decide('samr.so', 'penalty', subject_id, '2026-11-01', policy) IS NOT outcome)
  FROM r.decision WHERE subject_table = 'penalty'" | tr '|' ' ')"
[[ $n -gt 0 && $differ == 0 ]] || fail "fifth argument: $differ of $n decisions differ"
[[ $(sq records.db "SELECT count(xiufu_decide('samr.so', 'penalty', id, '2026-11-01', '经营异常名录_107号令'))
      FROM penalty") == 0 ]] || fail "a policy of another table decided a penalty"
# No such row, no such table: NULL.
[[ $(sq records.db "SELECT quote(xiufu_decide('samr.so', 'penalty', -5, '2026-11-01')),
                           quote(xiufu_decide('samr.so', 'no_table', 1, '2026-11-01'))") == "NULL|NULL" ]] \
  || fail "a missing row or table is not NULL"

errors() {  # SQL WANT: the shell reports an error containing WANT, and does not crash
  local rc
  set +e
  sq records.db "$1" > /dev/null 2> err.txt
  rc=$?
  set -e
  [[ $rc == 1 ]] || fail "'$1': exit $rc, want 1: $(cat err.txt)"
  grep -qF "$2" err.txt || fail "'$1': want '$2', got: $(cat err.txt)"
  echo "refused: $(head -1 err.txt)"
}
errors "SELECT xiufu_decide('samr.so', 'penalty', 1, '2026-02-30')" "not a valid date"
errors "SELECT xiufu_decide('nosuch', 'penalty', 1, '2026-11-01')" "no pack named 'nosuch' is loaded"
errors "SELECT xiufu_decide('samr.so', 'penalty', '2abc', '2026-11-01')" "ID '2abc' is not a whole number"
errors "SELECT xiufu_decide('samr.so', 'penalty', 2.5, '2026-11-01')" "ID '2.5' is not a whole number"
[[ $(sq records.db "SELECT xiufu_decide('samr.so', 'penalty', '2', '2026-11-01') IS
                           xiufu_decide('samr.so', 'penalty', 2, '2026-11-01')") == 1 ]] || fail "ID '2' is not row 2"
size=$(stat -c %s samr.so)
head -c $((size / 2)) samr.so > truncated.so
errors "SELECT xiufu_decide('$work/truncated.so', 'penalty', 1, '2026-11-01')" "truncated or not a xiufu pack"
python3 - samr.so flipped.so <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
data[len(data) // 2] ^= 0xFF
open(sys.argv[2], "wb").write(data)
PY
errors "SELECT xiufu_load_pack('flipped.so')" "corrupted (checksum mismatch)"
# Only the folder named when the extension was loaded: not beside it, not up a
# symbolic link out of it, whatever SQL asks.
mkdir -p "$work/../sqlite_ext.outside" && cp samr.so "$work/../sqlite_ext.outside/samr.so"
ln -sfn "$work/../sqlite_ext.outside" out
errors "SELECT xiufu_load_pack('$work/../sqlite_ext.outside/samr.so')" "packs load only from the folder XIUFU_PACK_DIR"
errors "SELECT xiufu_load_pack('out/samr.so')" "packs load only from the folder XIUFU_PACK_DIR"
errors "SELECT xiufu_load_pack('../sqlite_ext.outside/samr.so')" "packs load only from the folder XIUFU_PACK_DIR"
rm -rf "$work/../sqlite_ext.outside"
set +e
XIUFU_PACK_DIR= sqlite3 -bail -cmd ".load $ext" records.db "SELECT 1" > /dev/null 2> err.txt
set -e
grep -qF "set XIUFU_PACK_DIR" err.txt || fail "loaded without XIUFU_PACK_DIR: $(cat err.txt)"
echo "refused: $(head -1 err.txt)"
echo "sqlite extension tests passed"
