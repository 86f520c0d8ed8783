#!/usr/bin/env bash
# explain.test.sh XIUFU SOURCE_DIR WORK_DIR
# `xiufu explain --pg CONNINFO` explains a decision of xiufu.run() exactly
# as `xiufu explain -d` explains the same decision of `xiufu run -o`: the
# same text, byte for byte, for a decision of each outcome; --run picks a
# run; an unreachable server and a database without runs are clear errors.
. "$(dirname "$0")/prelude.sh"

"$xiufu" gen --entities 2000 --quiet -o r.db > /dev/null
"$xiufu" build --sign "$work/signer.key" "$src/policies/national" -o nat.so --name nat > /dev/null 2> build.err || { cat build.err >&2; exit 1; }
chmod 644 nat.so
set +e  # a run exits 1 when decisions carry runtime errors; they are written all the same
"$xiufu" run --quiet -p nat.so -d r.db --as-of 2026-11-01 -o out.db
set -e

pg_cluster_start main > /dev/null
port=$XF_PG_PORT
conn="host=127.0.0.1 port=$port user=postgres dbname=postgres"
bash "$src/tests/pg/load_records.sh" r.db "$port" rec > /dev/null
# explain -d heads its explanations with the documents of the records database the run
# names (r.db); --pg has no SQLite records to read them from: compare like with like
mv r.db r-loaded.db
pg_psql "$port" -q -c "CREATE EXTENSION xiufu"
# no run yet
if "$xiufu" explain --pg "$conn" --outcome can_apply > none.txt 2> none.err; then fail "explain with no run succeeded"; fi
grep -q "no run" none.err || fail "no run: $(cat none.err)"
run=$(pg_psql "$port" -At -c "SELECT xiufu.run('$work/nat.so', '2026-11-01', 'rec')")
[[ $run == 1 ]] || fail "first run id is '$run'"
# one identity for the same sources: the run's hash and its files, as `xiufu run` stores them
pg_hash=$(pg_psql "$port" -At -c "SELECT policy_hash FROM xiufu.run WHERE id = 1")
[[ $pg_hash == "$(sqlite3 out.db "SELECT policy_hash FROM run")" ]] || fail "policy_hash $pg_hash differs from the SQLite run's"
pg_name=$(pg_psql "$port" -At -c "SELECT name FROM xiufu.run WHERE id = 1")
[[ $pg_name =~ ^[0-9]{8}T[0-9]{6}\.[0-9]{3}Z-${pg_hash:0:8}$ ]] || fail "run name '$pg_name' is not the start and the hash"
pg_files=$(pg_psql "$port" -At -F '|' -c "SELECT seq, path, sha256 FROM xiufu.run_source WHERE run = 1 ORDER BY seq")
[[ $pg_files == "$(sqlite3 out.db "SELECT seq, path, sha256 FROM run_source ORDER BY seq")" ]] ||
  fail "xiufu.run_source differs from the SQLite run's run_source"
[[ $(pg_psql "$port" -At -c "SELECT count(*) FROM xiufu.run_source WHERE run = 1") -ge 2 ]] || fail "xiufu.run_source is empty"

for outcome in can_apply not_yet expired not_repairable; do
  subject=$(sqlite3 out.db "SELECT subject_table || ':' || subject_id FROM decision WHERE outcome = '$outcome' LIMIT 1")
  [[ -n $subject ]] || continue
  "$xiufu" explain -d out.db --subject "$subject" > sqlite.txt
  "$xiufu" explain --pg "$conn" --subject "$subject" > pg.txt || fail "explain --pg $subject failed"
  cmp -s sqlite.txt pg.txt || fail "$outcome $subject: explanations differ: $(diff sqlite.txt pg.txt | head -5)"
  "$xiufu" explain --pg "$conn" --subject "$subject" --lang en > pg-en.txt
  "$xiufu" explain -d out.db --subject "$subject" --lang en > sqlite-en.txt
  cmp -s sqlite-en.txt pg-en.txt || fail "$outcome $subject: English explanations differ"
  echo "same explanation: $outcome $subject"
done

# --run picks an earlier run: a second run on another day leaves run 1 as it was
pg_psql "$port" -At -c "SELECT xiufu.run('$work/nat.so', '2025-06-01', 'rec')" > /dev/null
"$xiufu" explain --pg "$conn" --run 1 --subject "$subject" > pg-run1.txt
cmp -s sqlite.txt pg-run1.txt || fail "--run 1 differs from run 1"
grep -q "2025-06-01" <("$xiufu" explain --pg "$conn" --outcome expired --limit 1) || fail "latest run is not the 2025-06-01 one"

# errors
if "$xiufu" explain --pg "host=127.0.0.1 port=1 user=postgres connect_timeout=3" --outcome not_yet 2> down.err; then
  fail "explain against a closed port succeeded"
fi
grep -q "PostgreSQL: connection to server" down.err || fail "closed port: $(cat down.err)"
if "$xiufu" explain --pg "$conn" -d out.db --outcome not_yet --lang en 2> both.err; then fail "-d with --pg accepted"; fi
grep -q "give -d or --pg, not both" both.err || fail "-d and --pg: $(cat both.err)"

((failures == 0)) || { echo "$failures failure(s)" >&2; exit 1; }
echo "explain --pg: ok"
