#!/usr/bin/env bash
# ctest: slow
# valgrind finds no memory error and no definite leak in a small end-to-end
# run: check, gen, run through the interpreter and the JIT, explain.
# Skipped where valgrind is not installed.  Usage: valgrind.test.sh XIUFU SOURCE_DIR WORK_DIR
set -euo pipefail
xiufu=$1 src=$2 work=$3
if ! command -v valgrind >/dev/null 2>&1; then echo "valgrind not installed: skipped"; exit 0; fi
if grep -qa __asan_init "$xiufu" || ldd "$xiufu" | grep -q libasan; then echo "sanitizer build: skipped (valgrind and ASan do not mix)"; exit 0; fi
rm -rf "$work" && mkdir -p "$work"
vg() { valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
  --suppressions="$src/tests/memory/dlopen.supp" "$xiufu" "$@"; }
vg check "$src/policies" > /dev/null
vg gen --entities 300 --seed 3 -o "$work/records.db" > /dev/null
vg run --quiet --engine interp -p "$src/policies/national" -d "$work/records.db" --as-of 2026-11-01 -o "$work/out.db"
vg run --quiet -p "$src/policies/national" -d "$work/records.db" --as-of 2025-06-01 -o "$work/out.db"
id=$(sqlite3 "$work/out.db" "SELECT subject_id FROM decision WHERE subject_table = 'penalty'
                              AND run = (SELECT max(id) FROM run) LIMIT 1")
vg explain -d "$work/out.db" --subject "penalty:$id" > /dev/null
echo "valgrind: ok"
