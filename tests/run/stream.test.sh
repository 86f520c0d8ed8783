#!/usr/bin/env bash
# stream.test.sh XIUFU SOURCE_DIR WORK_DIR
#
# The streaming run as a user meets it (docs/engineers-guide.md, "How a run
# reads and writes"):
#   1. one snapshot: a writer that commits while a run reads, to a rollback
#      journal database and to a WAL one, is seen whole or not at all;
#   2. bounded memory: four times the entities, about the same peak; the
#      same where partitions share their streams (fewer files open);
#   3. the code cache: the second run of the same sources maps no LLVM, a
#      changed source is compiled again, XIUFU_CACHE=off writes nothing;
#   4. a run that fails leaves no output file it made and an existing one as
#      it was;
#   5. the progress line of run and gen: drawn on a terminal, not into a
#      file, not --quiet.
# (Equal decisions for every batch and partition size: tests/diff.)
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
cd "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
national=(-p "$src/policies/national")
cc -O2 -o peakrss "$src/bench/peakrss.c"
# a sanitizer build keeps freed memory in quarantine and links LLVM in
sanitized=0
if grep -qa __asan_init "$xiufu" || ldd "$xiufu" | grep -q libasan; then sanitized=1; fi

# ---- 1. one snapshot ----------------------------------------------------------
"$xiufu" gen --entities 100000 --seed 7 -o base.db > /dev/null
for mode in delete wal; do
  db=snap-$mode.db
  cp base.db "$db"
  sqlite3 "$db" "PRAGMA journal_mode=$mode" > /dev/null
  before=$(sqlite3 "$db" "SELECT count(*) FROM penalty")
  # 2000 penalties more, in one transaction, committed while the run reads
  python3 - "$db" "out-$mode.db" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], timeout=60, isolation_level=None)
# the run opens its output just before it starts reading
for _ in range(3000):
    if os.path.exists(sys.argv[2]): break
    time.sleep(0.005)
time.sleep(0.05)
c.execute("BEGIN IMMEDIATE")
c.execute("""INSERT INTO penalty(uscc, decision_no, authority, sector, authority_region, cause, domain,
             measures, fine_yuan, decided, published)
             SELECT uscc, 'S' || rowid, '测试局', '市场监管', region, '测试', NULL, '罚款', 500,
                    '2026-01-05', '2026-01-10' FROM entity LIMIT 2000""")
c.execute("COMMIT")
open(sys.argv[1] + ".committed", "w").write("%.3f" % time.time())
PY
  writer=$!
  "$xiufu" run --quiet --engine interp --threads 2 --memory 256K "${national[@]}" -d "$db" --as-of 2026-11-01 \
    -o "out-$mode.db" || true
  ended=$(date +%s.%N)
  wait "$writer" || fail "$mode: the concurrent writer failed"
  # WAL lets the writer commit while the run reads: it did, before the run ended
  if [ $mode = wal ] && ! python3 -c "import sys; sys.exit(0 if float('$(cat "$db.committed")') < $ended else 1)"; then
    fail "wal: the writer committed only after the run: the test proves nothing"
  fi
  after=$(sqlite3 "$db" "SELECT count(*) FROM penalty")
  [ "$after" = $((before + 2000)) ] || fail "$mode: the writer did not commit ($before -> $after)"
  decided=$(sqlite3 "out-$mode.db" "SELECT count(DISTINCT subject_id) FROM decision WHERE subject_table = 'penalty'")
  new_seen=$(sqlite3 "out-$mode.db" "ATTACH '$db' AS r;
      SELECT count(DISTINCT d.subject_id) FROM decision d JOIN r.penalty p ON p.id = d.subject_id
      WHERE d.subject_table = 'penalty' AND p.decision_no LIKE 'S%'")
  if [ "$new_seen" != 0 ] && [ "$new_seen" != 2000 ]; then
    fail "$mode: the run saw $new_seen of the 2000 rows committed in one transaction"
  fi
  echo "snapshot ($mode): $decided penalties decided, $new_seen of the 2000 committed meanwhile"
done

# ---- 2. bounded memory --------------------------------------------------------
"$xiufu" gen --entities 50000 --seed 3 -o small.db > /dev/null
"$xiufu" gen --entities 200000 --seed 3 -o large.db > /dev/null
peak() { # DB -> peak KiB of an interpreted run in 1 MiB partitions
  ./peakrss rss.txt "$xiufu" run --quiet --engine interp --memory 1 "${national[@]}" -d "$1" --as-of 2026-11-01 \
    -o "mem-$(basename "$1")" || true
  cut -d' ' -f2 rss.txt
}
if [ $sanitized = 1 ]; then
  echo "memory: not measured in a sanitizer build"
else
  p_small=$(peak small.db) p_large=$(peak large.db)
  echo "memory: peak $((p_small / 1024)) MiB at 50,000 entities, $((p_large / 1024)) MiB at 200,000"
  [ "$p_large" -lt $((p_small * 3 / 2)) ] || fail "memory grows with the data: $p_small KiB -> $p_large KiB"
  [ "$p_large" -lt $((64 * 1024)) ] || fail "memory: $p_large KiB at 200,000 entities, want under 64 MiB"
fi
# Fewer files open than partitions (as at the national scale, where the
# partitions outnumber the 768 files a run keeps open): 260 open files
# leave room for 4 streams, each holding several 1 MiB partitions read
# apart.  The same decisions in the same order, and no more memory.
dump() { sqlite3 "$1" "SELECT policy, subject_table, subject_id, outcome, eligible_from, stops_on, step, hex(trace) FROM decision ORDER BY rowid"; }
(ulimit -n 260 && ./peakrss rss-few.txt "$xiufu" run --quiet --engine interp --memory 1 "${national[@]}" -d large.db \
  --as-of 2026-11-01 -o mem-few.db) || fail "a run with 260 open files exited $?"
[ -e mem-large.db ] || "$xiufu" run --quiet --engine interp --memory 1 "${national[@]}" -d large.db --as-of 2026-11-01 \
  -o mem-large.db
cmp -s <(dump mem-large.db) <(dump mem-few.db) ||
  fail "partitions read apart from shared streams decide otherwise"
if [ $sanitized = 0 ]; then
  p_few=$(cut -d' ' -f2 rss-few.txt)
  echo "memory: peak $((p_few / 1024)) MiB at 200,000 entities with 4 streams"
  [ "$p_few" -lt $((p_large * 5 / 4)) ] || fail "memory grows when partitions share streams: $p_large KiB -> $p_few KiB"
fi

# ---- 3. the code cache ---------------------------------------------------------
export XIUFU_CACHE_DIR=$work/cache
unset XIUFU_CACHE
cp -r "$src/policies/national" pol
cached_run() { "$xiufu" run --quiet -p pol -d small.db --as-of 2026-11-01 -o "$1"; }
cached_run c1.db
[ "$(ls cache | wc -l)" = 1 ] || fail "cache: the first run stored $(ls cache | wc -l) entries, want 1"
# a hit maps no code generator at all (a sanitizer build has it linked in)
LD_DEBUG=files cached_run c2.db 2> c2.ld
[ $sanitized = 0 ] && grep -q 'xiufu-llvm.so' c2.ld && fail "cache: the second run loaded the code generator"
[ "$(sqlite3 c1.db 'SELECT count(*) FROM decision')" = "$(sqlite3 c2.db 'SELECT count(*) FROM decision')" ] ||
  fail "cache: the cached code decided differently"
[ "$(sqlite3 c2.db 'SELECT engine FROM run')" = jit ] || fail "cache: the run's engine is not jit"
echo "# changed" >> "$(ls pol/*.xf | head -1)"
LD_DEBUG=files cached_run c3.db 2> c3.ld
[ $sanitized = 1 ] || grep -q 'xiufu-llvm.so' c3.ld || fail "cache: a changed source was served from the cache"
[ "$(ls cache | wc -l)" = 2 ] || fail "cache: a changed source did not get an entry of its own"
XIUFU_CACHE=off "$xiufu" run --quiet -p "$src/policies/gansu" "${national[@]}" -d small.db --as-of 2026-11-01 -o c5.db
[ "$(ls cache | wc -l)" = 2 ] || fail "cache: XIUFU_CACHE=off still stored code"
echo "code cache: ok"
unset XIUFU_CACHE_DIR
export XIUFU_CACHE=off

# ---- 4. a failed run ------------------------------------------------------------
sqlite3 broken.db "CREATE TABLE entity(uscc TEXT PRIMARY KEY, kind TEXT)"
rc=0
"$xiufu" run --quiet "${national[@]}" -d broken.db --as-of 2026-11-01 -o fresh.db 2> fail.err || rc=$?
[ "$rc" = 1 ] || fail "a run over a broken database exited $rc, want 1"
[ ! -e fresh.db ] || fail "a failed run left the output file it made"
grep -q "broken.db" fail.err || fail "the failure does not name the database: $(cat fail.err)"
cp c1.db kept.db
"$xiufu" run --quiet "${national[@]}" -d broken.db --as-of 2026-11-01 -o kept.db 2> /dev/null || true
[ "$(sqlite3 kept.db 'SELECT count(*) FROM run')" = 1 ] || fail "a failed run changed an existing output"

# ---- 5. the progress line -------------------------------------------------------
script -qec "$xiufu run --no-cache ${national[*]} -d large.db --as-of 2026-11-01 -o p1.db" /dev/null > tty.txt
grep -q '已读 .* 行，已决定' tty.txt || fail "progress: no line on a terminal"
grep -q $'\r' tty.txt || fail "progress: the line is not redrawn in place"
"$xiufu" run --no-cache "${national[@]}" -d small.db --as-of 2026-11-01 -o p2.db 2> file.txt
grep -q '已读' file.txt && fail "progress: drawn into a file"
script -qec "$xiufu run --quiet --no-cache ${national[*]} -d small.db --as-of 2026-11-01 -o p3.db" /dev/null > quiet.txt
grep -q '已读' quiet.txt && fail "progress: drawn under --quiet"
grep -q '各阶段：读取' file.txt || fail "the summary has no seconds per phase"
script -qec "$xiufu gen --entities 30000 -o g1.db" /dev/null > gen-tty.txt
grep -q '已生成 .* 个主体' gen-tty.txt || fail "progress: gen draws no line on a terminal"
"$xiufu" gen --entities 3000 -o g2.db 2> gen-file.txt > /dev/null
grep -q '已生成' gen-file.txt && fail "progress: gen draws into a file"

if [ "$failures" -ne 0 ]; then
  echo "stream.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "stream.test.sh: ok"
