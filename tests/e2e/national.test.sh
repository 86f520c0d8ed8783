#!/usr/bin/env bash
# The hand-checked decisions of national/expected.tsv, through both engines
# (the JIT at its default -O2 and at -O0, and the interpreter).
# Usage: national.test.sh XIUFU SOURCE_DIR WORK_DIR
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
db=$work/records.db
sqlite3 "$db" < "$src/runtime/records.sql"
sqlite3 "$db" < "$src/tests/e2e/national/fixture.sql"
expected=$src/tests/e2e/national/expected.tsv
failures=0 checked=0
for engine in jit "jit -O0" interp; do
  out=$work/out-${engine// /}.db
  declare -A run_of=()
  for as_of in $(grep -v '^#' "$expected" | cut -f2 | sort -u); do
    # shellcheck disable=SC2086
    "$xiufu" run --quiet --engine $engine -p "$src/policies/national" -d "$db" --as-of "$as_of" -o "$out"
    run_of[$as_of]=$(sqlite3 "$out" "SELECT max(id) FROM run")
  done
  while IFS=$'\t' read -r case as_of subject outcome eligible stops why; do
    [[ -z "$case" || "$case" == \#* ]] && continue
    table=${subject%%:*} id=${subject#*:}
    got=$(sqlite3 -separator $'\t' "$out" \
      "SELECT ifnull(outcome,'ERROR:'||error), ifnull(eligible_from,'-'), ifnull(stops_on,'-') FROM decision
       WHERE run = ${run_of[$as_of]} AND subject_table = '$table' AND subject_id = $id")
    [[ -z "$got" ]] && got=$'-\t-\t-'
    want="$outcome"$'\t'"$eligible"$'\t'"$stops"
    checked=$((checked + 1))
    if [[ "$got" != "$want" ]]; then
      failures=$((failures + 1))
      printf 'case %s (%s, as of %s, %s): got [%s] want [%s] — %s\n' "$case" "$engine" "$as_of" "$subject" \
        "${got//$'\t'/ }" "${want//$'\t'/ }" "$why"
    fi
  done < "$expected"
  unset run_of
done
echo "national cases: $checked checked, $failures failed"
[[ $failures -eq 0 ]]
