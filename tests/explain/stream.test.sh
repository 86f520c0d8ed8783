#!/usr/bin/env bash
# xiufu explain --uscc streams its report: an entity with ten times the
# decisions is explained, as text and as an HTML page, in about the same
# memory (decisions are built, written and let go one at a time; holding
# them took some 65 KB each).  Peak memory from GNU time.
# Usage: stream.test.sh XIUFU SOURCE_DIR WORK_DIR
set -euo pipefail
xiufu=$1 src=$2 work=$3
if [[ ! -x /usr/bin/time ]]; then echo "GNU time not installed: skipped"; exit 0; fi
rm -rf "$work" && mkdir -p "$work"
failures=0
fail() { failures=$((failures + 1)); printf 'FAIL: %s\n' "$*"; }
uscc=911101050000000035  # case 3 of the national fixture, not_yet: its penalty copied N times

# peak KB of: explain ARGS...
peak() { /usr/bin/time -f %M -o "$work/time.txt" "$xiufu" explain "$@" > "$work/x.out" 2> /dev/null; cat "$work/time.txt"; }

for n in 100 1000; do
  db=$work/records-$n.db out=$work/out-$n.db
  sqlite3 "$db" < "$src/runtime/records.sql"
  sqlite3 "$db" < "$src/tests/e2e/national/fixture.sql"
  sqlite3 "$db" "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < $n - 1)
                 INSERT INTO penalty SELECT 100000 + i, uscc, decision_no || '-' || i, authority, sector, authority_region,
                   cause || i, domain, measures, fine_yuan, tier, procedure, severity, decided, published, restricted_until,
                   fulfilled, remedied, stopped, repair_revoked FROM penalty, k WHERE id = 3"
  "$xiufu" run --quiet -p "$src/policies/national" -d "$db" --as-of 2026-11-01 -o "$out"
  text[$n]=$(peak -d "$out" --uscc $uscc)
  got=$(grep -c '^════' "$work/x.out" || true)
  [[ $got -ge $n ]] || fail "$n penalties: $got decisions explained"
  html[$n]=$(peak -d "$out" --uscc $uscc --html "$work/e-$n.html")
  got=$(grep -c '<article' "$work/e-$n.html" || true)
  [[ $got -ge $n ]] || fail "$n penalties: $got decisions on the page"
  rows=$(grep -c '^<tr><td>' "$work/e-$n.html" || true)
  [[ $rows == "$got" ]] || fail "$n penalties: $rows summary rows for $got decisions"
  echo "stream: $n penalties: text ${text[$n]} KB, html ${html[$n]} KB at most"
done
# ten times the decisions, not ten times the memory: within 4 MB of the small
# entity's.  ASan keeps freed memory in quarantine, so there peak memory says
# nothing about streaming; the counts above still hold.
if grep -qa __asan_init "$xiufu" || ldd "$xiufu" | grep -q libasan; then
  echo "sanitizer build: peak memory not compared"
  [[ $failures -eq 0 ]]; exit
fi
for kind in text html; do
  declare -n v=$kind
  (( v[1000] < v[100] + 4096 )) || fail "$kind: ${v[1000]} KB for 1000 decisions against ${v[100]} KB for 100"
done
[[ $failures -eq 0 ]]
