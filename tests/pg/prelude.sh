# shellcheck shell=bash
# tests/pg/prelude.sh — the common start of the PostgreSQL tests that call the
# extension's functions (run, decide, fdw):
#
#   . "$(dirname "$0")/prelude.sh"      # with the test's arguments XIUFU SOURCE_DIR WORK_DIR
#
# Sets xiufu (absolute), src (absolute), work (emptied, then the current
# folder), skip, fail and failures; exits 77 (skipped) without a PostgreSQL 15
# with PGXS, for a sanitizer build of xiufu (the server would load an
# instrumented library without its runtime), or when the extension cannot be
# installed (not root); builds and installs the extension with the build
# folder's own target (`cmake --build BUILD --target xiufu_pg_install`, the
# folder that holds XIUFU), one test at a time; makes the signing key
# $work/signer.key (`xiufu build --sign "$work/signer.key"`), trusted by xiufu
# run (XIUFU_TRUSTED_KEYS) and by every cluster (xiufu.trusted_keys, through
# XF_PG_CONF); then sources lib.sh (clusters, pg_psql, the exit trap).
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 XIUFU SOURCE_DIR WORK_DIR" >&2
  exit 2
fi
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
work=$3
skip() { echo "SKIP: $*"; exit 77; }
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
command -v sqlite3 > /dev/null || { echo "FAIL: the sqlite3 shell is needed" >&2; exit 1; }
[ -x "$xiufu" ] || { echo "FAIL: $xiufu: not an executable" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"
work=$(cd "$work" && pwd)
cd "$work"

# 15's own pg_config first: Debian's /usr/bin/pg_config follows the newest server-dev
if [ -z "${PG_CONFIG:-}" ]; then
  PG_CONFIG=pg_config
  [ -x /usr/lib/postgresql/15/bin/pg_config ] && PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config
fi
export PG_CONFIG
_xf_ver=$("$PG_CONFIG" --version 2> /dev/null) || skip "no pg_config"
[[ $_xf_ver == "PostgreSQL 15."* ]] || skip "pg_config is $_xf_ver, not PostgreSQL 15"
[ -f "$("$PG_CONFIG" --pgxs)" ] || skip "no PGXS (install postgresql-server-dev-15)"
# the build's own setting, and ldd for a build made otherwise (grep -c, not -q:
# -q would stop reading, and under pipefail ldd's SIGPIPE would fail the test)
_xf_build=$(dirname "$xiufu")
! grep -qs '^XF_SANITIZE:BOOL=ON' "$_xf_build/CMakeCache.txt" || skip "a sanitizer build: the server cannot load its library"
[ "$(ldd "$xiufu" 2> /dev/null | grep -c 'libasan\|libubsan')" = 0 ] || skip "a sanitizer build: the server cannot load its library"
[ -w "$("$PG_CONFIG" --pkglibdir)" ] || skip "cannot install into $("$PG_CONFIG" --pkglibdir) (run as root)"

# The extension comes from the build folder that made XIUFU.  flock: ctest runs
# tests side by side, and two installs of one file at once could let a server
# load a half-copied library.
[ -f "$_xf_build/CMakeCache.txt" ] || { echo "FAIL: $_xf_build is not a CMake build folder" >&2; exit 1; }
mkdir -p "$_xf_build/pg"
if ! flock "$_xf_build/pg/install.lock" cmake --build "$_xf_build" --target xiufu_pg_install \
     > "$work/install.log" 2>&1; then
  cat "$work/install.log" >&2
  echo "FAIL: cmake --build $_xf_build --target xiufu_pg_install failed" >&2
  exit 1
fi

# Packs are signed; the key's public half is trusted by the CLI and the servers.
"$xiufu" keygen -o "$work/signer" > /dev/null 2>&1 || { echo "FAIL: xiufu keygen" >&2; exit 1; }
mkdir -p "$work/trusted-keys" && cp "$work/signer.pub" "$work/trusted-keys/" && chmod 755 "$work/trusted-keys"
export XIUFU_TRUSTED_KEYS=$work/trusted-keys XF_PG_CONF="xiufu.trusted_keys = '$work/trusted-keys'"

. "$src/tests/pg/lib.sh"

# Packs are built in WORK_DIR and opened by the server, which runs as postgres.
if [ "$(id -u)" -eq 0 ] && ! runuser -u postgres -- test -x "$work"; then
  echo "FAIL: the server's user postgres cannot enter $work (give a WORK_DIR it can read)" >&2
  exit 1
fi

# --- decisions of a run, PostgreSQL's and SQLite's -----------------------------------------
_xf_cols="policy, subject_table, subject_id, uscc, outcome, eligible_from, stops_on, step, basis, error"
_xf_ident() { printf '"%s"' "${1//\"/\"\"}"; }   # an SQL identifier, quoted
# sqlite_decisions OUT.db: the decisions of the file's only run, with every
# policy field, one line each, sorted
sqlite_decisions() {
  local fields
  fields=$(sqlite3 -batch "$1" "SELECT group_concat(printf('\"%w\"', name), ', ')
                               FROM pragma_table_info('decision') WHERE cid >= 12")
  sqlite3 -batch -separator $'\t' -nullvalue '\N' "$1" "SELECT $_xf_cols${fields:+, $fields} FROM decision" |
    LC_ALL=C sort
}
# pg_decisions PORT RUN OUT.db: the same of run RUN in PostgreSQL, with the
# fields OUT.db has, shown as SQLite shows them
pg_decisions() {
  local port=$1 run=$2 f t c exprs=""
  while IFS= read -r f; do
    [ -n "$f" ] || continue
    t=$(pg_psql "$port" -At -v f="$f" <<< "SELECT data_type FROM information_schema.columns
          WHERE table_schema = 'xiufu' AND table_name = 'decision' AND column_name = :'f'")
    c=$(_xf_ident "$f")
    case $t in
      "") fail "run $run: xiufu.decision has no field column $f"; exprs+=", NULL" ;;
      boolean) exprs+=", ($c)::int" ;;
      date) exprs+=", to_char($c, 'YYYY-MM-DD')" ;;
      *) exprs+=", $c::text" ;;
    esac
  done < <(sqlite3 -batch "$3" "SELECT name FROM pragma_table_info('decision') WHERE cid >= 12")
  pg_psql "$port" -At -F $'\t' -P null='\N' -c "SET datestyle = ISO" \
    -c "SELECT $_xf_cols$exprs FROM xiufu.decision WHERE run = $run" | LC_ALL=C sort
}
# pg_compare_run PORT RUN OUT.db WHAT: run RUN decided as the run in OUT.db;
# the rows are left in want.txt and got.txt
pg_compare_run() {
  sqlite_decisions "$3" > "$work/want.txt"
  pg_decisions "$1" "$2" "$3" > "$work/got.txt"
  if ! cmp -s "$work/want.txt" "$work/got.txt"; then
    fail "$4: decisions differ from the SQLite run ($(wc -l < "$work/want.txt") there, $(wc -l < "$work/got.txt") here); first differences:"
    diff "$work/want.txt" "$work/got.txt" | head -6 >&2
    return 1
  fi
}

# pg_error PORT SQL WANT: SQL fails with an ERROR whose text holds WANT, the
# session ends normally (no crash of its backend) and the server still answers.
pg_error() {
  local port=$1 sql=$2 want=$3 rc=0
  pg_psql "$port" -At -c "$sql" > "$work/error.out" 2> "$work/error.txt" || rc=$?
  if [ "$rc" -eq 0 ]; then
    fail "'$sql' succeeded, want an error with '$want'"
  elif grep -q 'server closed the connection\|terminated abnormally\|connection to server was lost' "$work/error.txt"; then
    fail "'$sql' crashed its backend: $(cat "$work/error.txt")"
  elif ! grep -q '^ERROR: ' "$work/error.txt"; then
    fail "'$sql': no ERROR: $(cat "$work/error.txt")"
  elif ! grep -qF -- "$want" "$work/error.txt"; then
    fail "'$sql': want '$want' in the error, got: $(cat "$work/error.txt")"
  else
    echo "refused: $(grep -m1 '^ERROR: ' "$work/error.txt")"
  fi
  [ "$(pg_psql "$port" -At -c 'SELECT 1' 2>&1)" = 1 ] || fail "the server does not answer after '$sql'"
}

# pg_no_crash NAME: no backend of cluster NAME died of a signal (its log).
pg_no_crash() {
  local dir_var="XF_PG_DIR_$1"
  if grep -E 'terminated by signal|was terminated by exception|server process .* exited with exit code [^0]' \
       "${!dir_var}/server.log" > "$work/crash.txt" 2> /dev/null; then
    fail "cluster $1: a backend died: $(head -3 "$work/crash.txt")"
  fi
}
