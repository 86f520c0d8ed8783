#!/usr/bin/env bash
# memory.test.sh XIUFU SOURCE_DIR WORK_DIR
# `xiufu gen` runs in bounded memory: peak RSS (ru_maxrss of the whole
# process) stays under 60 MiB in both layouts, and under 12 MiB above what
# the bare process (`xiufu --help`) takes, which catches anything that grows
# with N long before 60 MiB would.  XF_GEN_MEMORY_ENTITIES sets N (default
# 500000, about 25 s here); docs/benchmark.md has the figures for 2M and
# 10M.  Skipped in sanitizer builds and without a C compiler.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 XIUFU SOURCE_DIR WORK_DIR" >&2
  exit 2
fi
xiufu=$1
src=$2
work=$3
n=${XF_GEN_MEMORY_ENTITIES:-500000}
limit_kib=$((60 * 1024))
above_kib=$((12 * 1024))

if grep -qa __asan_init "$xiufu" || ldd "$xiufu" | grep -q libasan; then
  echo "sanitizer build: skipped (shadow memory is not the generator's)"
  exit 0
fi
command -v cc >/dev/null || { echo "no C compiler for bench/peakrss.c: skipped"; exit 0; }
rm -rf "$work" && mkdir -p "$work"
cc -O2 -o "$work/peakrss" "$src/bench/peakrss.c"

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# what the process costs before generating anything: mostly libLLVM's pages
"$work/peakrss" "$work/base.txt" "$xiufu" --help > /dev/null
base_kib=$(cut -d' ' -f2 "$work/base.txt")

for layout in clustered shuffled; do
  "$work/peakrss" "$work/$layout.txt" "$xiufu" gen --entities "$n" --seed 1 --layout $layout \
    -o "$work/$layout.db" > /dev/null
  read -r secs kib status < "$work/$layout.txt"
  echo "$layout, $n entities: $secs s, peak RSS $((kib / 1024)) MiB ($kib KiB; the bare process $base_kib KiB)"
  [ "$status" = 0 ] || fail "$layout: xiufu gen exited $status"
  [ "$kib" -le "$limit_kib" ] || fail "$layout: peak RSS $kib KiB at $n entities, want <= $limit_kib"
  [ "$((kib - base_kib))" -le "$above_kib" ] \
    || fail "$layout: peak RSS $((kib - base_kib)) KiB above the bare process at $n entities, want <= $above_kib"
  [ "$(sqlite3 -batch "$work/$layout.db" 'select count(*) from entity')" = "$n" ] || fail "$layout: not $n entities"
  rm -f "$work/$layout.db"
done

if [ $failures -ne 0 ]; then
  echo "memory.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "memory.test.sh: ok"
