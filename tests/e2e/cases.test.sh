#!/usr/bin/env bash
# Hand-checked decisions: every tests/e2e/NAME/ holds fixture.sql (records, on
# top of runtime/records.sql), policies.txt (the policy paths to run, relative
# to the source tree) and expected.tsv (one row per as_of and subject:
# case, as_of, subject, outcome, eligible_from, stops_on, why; "-" is empty).
# A why that starts with "[POLICY]" also requires the deciding policy, and
# "{column=value ...}" further output columns.  Every case runs through the
# JIT at -O2 and -O0 and through the interpreter.
# Usage: cases.test.sh XIUFU SOURCE_DIR WORK_DIR
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
# A code cache of the test's own: the runs of one case on its days share the
# policies in effect, so each engine and level compiles each set once (the
# JIT still compiles every set; the other days load what it made, as a second
# run does) instead of once a day, which was most of the test's time.
unset XIUFU_CACHE
export XIUFU_CACHE_DIR=$work/cache
failures=0 checked=0
for dir in "$src"/tests/e2e/*/; do
  name=$(basename "$dir")
  [[ -f "$dir/expected.tsv" ]] || continue
  db=$work/$name.db
  sqlite3 "$db" < "$src/runtime/records.sql"
  sqlite3 "$db" < "$dir/fixture.sql"
  policies=()
  while read -r p; do [[ -n "$p" ]] && policies+=("$src/$p"); done < "$dir/policies.txt"
  for engine in jit "jit -O0" interp; do
    out=$work/$name-${engine// /}.db
    declare -A run_of=()
    for as_of in $(grep -v '^#' "$dir/expected.tsv" | cut -f2 | sort -u); do
      # shellcheck disable=SC2086
      "$xiufu" run --quiet --engine $engine -p "${policies[@]}" -d "$db" --as-of "$as_of" -o "$out"
      run_of[$as_of]=$(sqlite3 "$out" "SELECT max(id) FROM run")
    done
    while IFS=$'\t' read -r case as_of subject outcome eligible stops why; do
      [[ -z "$case" || "$case" == \#* ]] && continue
      table=${subject%%:*} id=${subject#*:}
      where="run = ${run_of[$as_of]} AND subject_table = '$table' AND subject_id = $id"
      got=$(sqlite3 -separator $'\t' "$out" \
        "SELECT ifnull(outcome,'ERROR:'||error), ifnull(eligible_from,'-'), ifnull(stops_on,'-') FROM decision WHERE $where")
      [[ -z "$got" ]] && got=$'-\t-\t-'
      want="$outcome"$'\t'"$eligible"$'\t'"$stops"
      if [[ "$why" =~ ^\[([^]]+)\] ]]; then
        got+=$'\t'$(sqlite3 "$out" "SELECT policy FROM decision WHERE $where")
        want+=$'\t'${BASH_REMATCH[1]}
      fi
      if [[ "$why" =~ \{([^}]+)\} ]]; then
        for kv in ${BASH_REMATCH[1]}; do
          got+=$'\t'${kv%%=*}=$(sqlite3 "$out" "SELECT ifnull(\"${kv%%=*}\", '-') FROM decision WHERE $where")
          want+=$'\t'$kv
        done
      fi
      checked=$((checked + 1))
      if [[ "$got" != "$want" ]]; then
        failures=$((failures + 1))
        printf '%s case %s (%s, as of %s, %s): got [%s] want [%s] — %s\n' "$name" "$case" "$engine" "$as_of" \
          "$subject" "${got//$'\t'/ }" "${want//$'\t'/ }" "$why"
      fi
    done < "$dir/expected.tsv"
    unset run_of
  done
done
echo "hand-checked cases: $checked checked, $failures failed"
[[ $failures -eq 0 ]]
