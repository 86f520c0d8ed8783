#!/usr/bin/env bash
# cases.test.sh XIUFU SOURCE_DIR WORK_DIR
# The hand-checked decisions of tests/e2e (every jurisdiction) decided in
# PostgreSQL: each case's records loaded into a schema of its own, its
# policies built into a pack, xiufu.run() on each as-of day, and every
# expected outcome, eligible_from, stops_on, deciding policy and output
# column checked as tests/e2e/cases.test.sh checks the SQLite run.
. "$(dirname "$0")/prelude.sh"

pg_cluster_start main > /dev/null
port=$XF_PG_PORT
pg_psql "$port" -q -c "CREATE EXTENSION xiufu"
checked=0
for dir in "$src"/tests/e2e/*/; do
  name=$(basename "$dir")
  [[ -f "$dir/expected.tsv" ]] || continue
  sqlite3 "$name.db" < "$src/runtime/records.sql"
  sqlite3 "$name.db" < "$dir/fixture.sql"
  policies=()
  while read -r p; do [[ -n "$p" ]] && policies+=("$src/$p"); done < "$dir/policies.txt"
  "$xiufu" build --sign "$work/signer.key" "${policies[@]}" -o "$name.so" --name "$name" > /dev/null 2> "$name.build" ||
    { cat "$name.build" >&2; fail "$name: the pack does not build"; continue; }
  chmod 644 "$name.so"
  bash "$src/tests/pg/load_records.sh" "$name.db" "$port" "$name" > /dev/null
  declare -A run_of=()
  for as_of in $(grep -v '^#' "$dir/expected.tsv" | cut -f2 | sort -u); do
    run_of[$as_of]=$(pg_psql "$port" -At -c "SELECT xiufu.run('$work/$name.so', '$as_of', '$name')" 2> "$name.run") ||
      { cat "$name.run" >&2; fail "$name: xiufu.run at $as_of failed"; continue 2; }
  done
  while IFS=$'\t' read -r case as_of subject outcome eligible stops why; do
    [[ -z "$case" || "$case" == \#* ]] && continue
    table=${subject%%:*} id=${subject#*:}
    where="run = ${run_of[$as_of]} AND subject_table = '$table' AND subject_id = $id"
    got=$(pg_psql "$port" -At -F $'\t' -c "SELECT coalesce(outcome, 'ERROR:' || error), coalesce(eligible_from::text, '-'),
                                           coalesce(stops_on::text, '-') FROM xiufu.decision WHERE $where")
    [[ -z "$got" ]] && got=$'-\t-\t-'
    want="$outcome"$'\t'"$eligible"$'\t'"$stops"
    if [[ "$why" =~ ^\[([^]]+)\] ]]; then
      got+=$'\t'$(pg_psql "$port" -At -c "SELECT policy FROM xiufu.decision WHERE $where")
      want+=$'\t'${BASH_REMATCH[1]}
    fi
    if [[ "$why" =~ \{([^}]+)\} ]]; then
      for kv in ${BASH_REMATCH[1]}; do
        got+=$'\t'${kv%%=*}=$(pg_psql "$port" -At -c "SELECT coalesce(\"${kv%%=*}\"::text, '-') FROM xiufu.decision WHERE $where")
        want+=$'\t'$kv
      done
    fi
    checked=$((checked + 1))
    [[ "$got" == "$want" ]] ||
      fail "$name case $case (as of $as_of, $subject): got [${got//$'\t'/ }] want [${want//$'\t'/ }] — $why"
  done < "$dir/expected.tsv"
  unset run_of
done
echo "hand-checked cases in PostgreSQL: $checked checked, $failures failed"
((checked > 0)) || fail "no case checked"
((failures == 0))
