#!/usr/bin/env bash
# large.test.sh XIUFU SOURCE_DIR WORK_DIR
# 100,000 generated entities decided by xiufu.run with the national pack
# equal `xiufu run` on the same records, row for row, and the backend's own
# memory (anonymous pages, sampled while it runs) stays under 100 MiB: a
# run reads and writes a chunk of entities at a time.  The interpreter
# (engine => 'interp') decides the same.
. "$(dirname "$0")/prelude.sh"

"$xiufu" gen --entities 100000 --quiet -o big.db > /dev/null
"$xiufu" build --sign "$work/signer.key" "$src/policies/national" -o national.so > /dev/null 2> build.err || { cat build.err >&2; exit 1; }
chmod 644 national.so
rc=0
"$xiufu" run --quiet -p national.so -d big.db --as-of 2026-11-01 -o big-out.db || rc=$?
[[ $rc == 0 || $rc == 1 ]] || fail "xiufu run: exit $rc"

pg_cluster_start main > /dev/null
port=$XF_PG_PORT
bash "$src/tests/pg/load_records.sh" big.db "$port" big > /dev/null
pg_psql "$port" -q -c "CREATE EXTENSION xiufu"
# one session: its backend's pid first, then the run; sampled meanwhile
pg_psql "$port" -At -c "SELECT pg_backend_pid()" -c "SELECT pg_sleep(0.5)" \
  -c "SELECT xiufu.run('$work/national.so', '2026-11-01', 'big')" > session.txt 2> session.err &
session=$!
for _ in $(seq 50); do [ -s session.txt ] && break; sleep 0.1; done
pid=$(head -1 session.txt)
peak=0
while kill -0 "$session" 2> /dev/null; do
  kb=$(awk '/^RssAnon/ {print $2}' "/proc/$pid/status" 2> /dev/null || echo 0)
  [[ -n $kb && $kb -gt $peak ]] && peak=$kb
  sleep 0.1
done
wait "$session" || fail "xiufu.run failed: $(cat session.err)"
run=$(sed -n 3p session.txt)
[[ $run == 1 ]] || fail "the run's id is '$run'"
echo "backend: $((peak / 1024)) MiB of its own at the most"
((peak > 0 && peak < 100 * 1024)) || fail "the backend's own memory reached $((peak / 1024)) MiB"
pg_compare_run "$port" "$run" big-out.db "100,000 entities" &&
  echo "100,000 entities: $(wc -l < "$work/got.txt") decisions identical to xiufu run"

# the interpreter over the pack's own step programs decides the same
run2=$(pg_psql "$port" -At -c "SELECT xiufu.run('$work/national.so', '2026-11-01', 'big', engine => 'interp')")
[[ $(pg_psql "$port" -At -c "SELECT engine FROM xiufu.run WHERE id = $run2") == interp ]] || fail "run $run2 is not the interpreter's"
pg_compare_run "$port" "$run2" big-out.db "100,000 entities, interpreter" && echo "the interpreter: identical"
pg_error "$port" "SELECT xiufu.run('$work/national.so', '2026-11-01', 'big', engine => 'jit')" "engine is 'pack' or 'interp'"

((failures == 0)) || { echo "$failures failure(s)" >&2; exit 1; }
echo "large: ok"
