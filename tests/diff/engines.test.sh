#!/usr/bin/env bash
# ctest: slow
# engines.test.sh XIUFU SOURCE_DIR WORK_DIR
#
# Differential test of the engines: the interpreter (the executable
# specification, compiler/interp.c) and the JIT at -O0 and -O2 must write the
# same decisions for the same records and day.  Records come from `xiufu gen`:
# seeds 1, 2, 3 realistic (3000 entities) and 11, 12 adversarial (2000
# entities: every label, boundary dates and fines, NULLs, empty and very
# large entities).  Each is decided on four days around the regime change
# with policies/national; the adversarial ones also with all_columns.xf, which
# reads every column, so that the run shows them to be valid input (no row
# may be skipped in any run).  One database is also run on 2 threads
# against 1, and two in batches and partitions of every size.
#
# Every decision column except `run` is compared, rows ordered by policy,
# subject_table, subject_id; the first differing rows are shown.
# The 1,000,000-entity version of this test is bench/diff-1m.sh.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 XIUFU SOURCE_DIR WORK_DIR" >&2
  exit 2
fi
xiufu=$1 src=$2 work=$3
command -v sqlite3 >/dev/null || { echo "FAIL: the sqlite3 shell is needed" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"

national=(-p "$src/policies/national")
# the adversarial records are also read in full (all_columns.xf)
everything=(-p "$src/policies/national" -p "$src/tests/diff/all_columns.xf")
days=(2024-06-01 2025-12-24 2025-12-25 2026-11-01)
# name:seed:shape:entities
sets=(r1:1:realistic:3000 r2:2:realistic:3000 r3:3:realistic:3000 a11:11:adversarial:2000 a12:12:adversarial:2000)
# name:arguments (the first is the reference)
engines=("interp:--engine interp --threads 1" "jit0:--engine jit -O0 --threads 1" "jit2:--engine jit -O2 --threads 1")

failures=0 compared=0 ncompared=0 mismatches=0 runs=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run NAME RECORDS DAY OUT ARGS...: one run into its own database; the run
# must be written in full and no row may be skipped.  Exit 1 is allowed: it
# also means "some decisions carry a runtime error" (dates past 2199 ...),
# which the adversarial records provoke on purpose; those errors are compared
# like any other field.
run() {
  local name=$1 db=$2 day=$3 out=$4; shift 4
  local rc=0
  local -n policies=$policyset
  "$xiufu" run --quiet "${policies[@]}" -d "$db" --as-of "$day" -o "$out" "$@" 2> "$out.err" || rc=$?
  runs=$((runs + 1))
  local finished=0
  [ -f "$out" ] && finished=$(sqlite3 "$out" "SELECT count(*) FROM run WHERE finished IS NOT NULL" 2>/dev/null || echo 0)
  if [ $rc -gt 1 ] || [ "$finished" != 1 ]; then
    fail "$name as of $day ($*): exit $rc, no finished run: $(head -c 600 "$out.err")"
    return 1
  fi
  local skipped
  skipped=$(sqlite3 "$out" "SELECT skipped FROM run")
  [ "$skipped" = 0 ] || fail "$name as of $day ($*): $skipped rows skipped; the records are not valid input"
}

# dump OUT.db > OUT.db.tsv: every decision column but `run` (the output
# fields depend on the policies in effect), one quoted row a line; then the
# tables the stored traces refer to (trace_point, trace_text), if any, so that
# equal trace blobs mean equal traces.
shown=
columns() { # DB TABLE SEPARATOR EXPR: EXPR per column but `run`, joined
  sqlite3 "$1" "SELECT group_concat(replace('$4', 'X', '\"' || name || '\"'), '$3') FROM pragma_table_info('$2') WHERE name <> 'run'"
}
dump() {
  local names cols t
  names=$(columns "$1" decision ', ' X)
  cols=$(columns "$1" decision ' || char(9) || ' 'quote(X)')
  if [[ "$shown" != *"[$names]"* ]]; then
    echo "columns compared: $names"
    shown="$shown[$names]"
  fi
  sqlite3 -batch "$1" "SELECT $cols FROM decision ORDER BY policy, subject_table, subject_id" > "$1.tsv"
  for t in trace_point trace_text; do
    [ "$(sqlite3 "$1" "SELECT count(*) FROM sqlite_master WHERE name = '$t'")" = 1 ] || continue
    cols=$(columns "$1" $t ' || char(9) || ' 'quote(X)')
    sqlite3 -batch "$1" "SELECT '$t:' || $cols FROM $t ORDER BY 1" >> "$1.tsv"
  done
}

# same REF.tsv OTHER.tsv LABEL: count the decisions, show the first differences.
same() {
  local n
  n=$(grep -vc '^trace_' "$1" || true)
  [ "$n" -gt 0 ] || fail "$3: no decisions at all"
  compared=$((compared + n))
  ncompared=$((ncompared + $(grep -v '^trace_' "$1" | grep -vc "^'全字段_" || true)))
  if ! cmp -s "$1" "$2"; then
    local bad only_ref only_other
    only_ref=$(diff "$1" "$2" | grep -c '^<' || true)
    only_other=$(diff "$1" "$2" | grep -c '^>' || true)
    bad=$((only_ref > only_other ? only_ref : only_other))
    mismatches=$((mismatches + bad))
    fail "$3: $bad decisions differ ($only_ref rows only in the reference <, $only_other only in the other >), first ones:"
    diff "$1" "$2" | grep '^[<>]' | head -n 6 | cut -c 1-400 >&2 || true
  fi
}

for set in "${sets[@]}"; do
  IFS=: read -r name seed shape n <<< "$set"
  db=$work/$name.db
  policyset=national
  [ "$shape" = adversarial ] && policyset=everything
  "$xiufu" gen --entities "$n" --seed "$seed" --shape "$shape" -o "$db" > /dev/null
  for day in "${days[@]}"; do
    ref=
    for e in "${engines[@]}"; do
      ename=${e%%:*} args=${e#*:}
      out=$work/$name.$day.$ename.db
      # shellcheck disable=SC2086
      run "$name" "$db" "$day" "$out" $args || continue
      dump "$out"
      if [ -z "$ref" ]; then ref=$out; else same "$ref.tsv" "$out.tsv" "$name as of $day: ${e%%:*} vs ${engines[0]%%:*}"; fi
    done
  done
done

# threads: 2 against 1, on the adversarial records (the heavy entities fall
# into both halves)
day=2026-11-01
policyset=everything
for ename in interp jit2; do
  args="--engine jit -O2"
  [ $ename = interp ] && args="--engine interp"
  out=$work/a11.$day.$ename.t2.db
  # shellcheck disable=SC2086
  if run a11 "$work/a11.db" $day "$out" $args --threads 2; then
    dump "$out"
    same "$work/a11.$day.$ename.db.tsv" "$out.tsv" "a11 as of $day: $ename on 2 threads vs 1"
  fi
done

# streaming: batches of 1 and 7 entities, partitions of 64 KiB (dozens of
# them, their rows in temporary files), on 1 and 2 threads, against the
# reference read whole
for set in r1 a11; do
  policyset=national
  [ $set = a11 ] && policyset=everything
  for args in "--chunk 1 --threads 1" "--chunk 7 --memory 64K --threads 2" "--memory 64K --threads 1 --engine interp"; do
    out=$work/$set.$day.stream.db
    # shellcheck disable=SC2086
    if run $set "$work/$set.db" $day "$out" $args; then
      dump "$out"
      same "$work/$set.$day.interp.db.tsv" "$out.tsv" "$set as of $day: $args vs one batch"
    fi
    rm -f "$out"
  done
done

# --- the adversarial records cover what they are for --------------------------
adv=$work/a11.db
q() { sqlite3 -batch "$adv" "$1"; }
at_least() { # what value min
  [ "$2" -ge "$3" ] || fail "adversarial records: $1: $2, want at least $3"
}
at_least "serious lists" "$(q "SELECT count(DISTINCT list) FROM serious")" 7
at_least "penalty sectors" "$(q "SELECT count(DISTINCT sector) FROM penalty")" 10
at_least "penalty domains" "$(q "SELECT count(DISTINCT domain) FROM penalty")" 11
at_least "tiers" "$(q "SELECT count(DISTINCT tier) FROM penalty")" 4
at_least "severities" "$(q "SELECT count(DISTINCT severity) FROM penalty")" 4
at_least "abnormal reasons" "$(q "SELECT count(DISTINCT reason) FROM abnormal")" 5
at_least "entity statuses" "$(q "SELECT count(DISTINCT status) FROM entity")" 4
at_least "industries" "$(q "SELECT count(DISTINCT industry) FROM entity")" 10
at_least "single measures" "$(q "SELECT count(DISTINCT measures) FROM penalty WHERE measures NOT LIKE '%,%'")" 14
at_least "boundary fines" "$(q "SELECT count(DISTINCT fine_yuan) FROM penalty WHERE fine_yuan IN (5000, 50000, 50000.01, 49999.99, 100000, 99999.99)")" 6
at_least "entities without related rows" "$(q "SELECT count(*) FROM entity WHERE uscc NOT IN (SELECT uscc FROM penalty UNION SELECT uscc FROM abnormal UNION SELECT uscc FROM serious UNION SELECT uscc FROM annual_report)")" 40
at_least "entities with 150+ penalties" "$(q "SELECT count(*) FROM (SELECT uscc FROM penalty GROUP BY uscc HAVING count(*) >= 150)")" 40
at_least "未按期年报 without report_year" "$(q "SELECT count(*) FROM abnormal WHERE reason = '未按期年报' AND report_year IS NULL")" 10
at_least "restricted_until in the far future" "$(q "SELECT count(*) FROM penalty WHERE restricted_until >= '2099-12-31'")" 10
at_least "repair_revoked set" "$(q "SELECT count(*) FROM penalty WHERE repair_revoked IS NOT NULL")" 100
at_least "leap days" "$(q "SELECT count(*) FROM penalty WHERE decided IN ('2020-02-29', '2024-02-29')")" 10
at_least "days at the regime change" "$(q "SELECT count(*) FROM penalty WHERE decided IN ('2025-12-24', '2025-12-25', '2026-03-31', '2026-04-01')")" 10

echo "engines: $runs runs, $compared decision pairs compared ($ncompared of policies/national), $mismatches mismatches"
if [ $failures -ne 0 ]; then
  echo "engines.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "engines.test.sh: ok"
