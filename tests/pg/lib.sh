# shellcheck shell=bash
# tests/pg/lib.sh — throwaway PostgreSQL 15 clusters for tests and benchmarks.
#
#   . tests/pg/lib.sh
#   pg_cluster_start a            # prints the port; sets XF_PG_PORT and XF_PG_PORT_a
#   pg_psql "$XF_PG_PORT_a" -Atc 'SELECT 1'
#   pg_cluster_stop_all           # also runs on exit (this file installs the trap)
#
# XF_PG_CONF, when set, is added to each cluster's postgresql.conf (prelude.sh:
# xiufu.trusted_keys).  Each cluster lives in its own temporary folder (data, log, unix socket),
# listens on 127.0.0.1 only and trusts every local connection as superuser
# `postgres`.  Durability is off (fsync, synchronous_commit, full_page_writes):
# the data is thrown away.  The system's clusters and services are never used.
#
# initdb and postgres refuse to run as root: as root the server programs run
# as the `postgres` system user (runuser) in folders it owns; otherwise as the
# caller.  XF_PG_BINDIR names the server programs, else `pg_config --bindir`
# (PG_CONFIG), else /usr/lib/postgresql/15/bin.  XF_PG_TMPDIR (else TMPDIR,
# else /tmp) holds the folders.  A script with an EXIT trap of its own must
# call pg_cluster_stop_all from it.
set -euo pipefail

XF_PG_CLUSTERS=()   # data folders of the clusters this shell started

pg_bindir() {
  if [ -n "${XF_PG_BINDIR:-}" ]; then echo "$XF_PG_BINDIR"; return; fi
  local d
  if d=$("${PG_CONFIG:-pg_config}" --bindir 2>/dev/null) && [ -x "$d/initdb" ]; then echo "$d"; return; fi
  echo /usr/lib/postgresql/15/bin
}
XF_PG_BINDIR=$(pg_bindir)

# Runs a server program as the user that may run it.
_pg_as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A loopback port nobody listens on now, outside the kernel's ephemeral range
# (32768-60999) so outgoing connections do not take it meanwhile.  A race is
# still possible: pg_cluster_start tries another port if the server fails.
_pg_free_port() {
  local p i
  for i in $(seq 1 200); do
    p=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  echo "pg_cluster_start: no free port found" >&2
  return 1
}

pg_cluster_start() {
  local name=${1:?usage: pg_cluster_start NAME}
  [[ $name =~ ^[A-Za-z0-9_]+$ ]] || { echo "pg_cluster_start: NAME must be [A-Za-z0-9_]+" >&2; return 2; }
  # A subshell ($(...)) would stop its clusters when it ends, through the trap.
  if ((BASH_SUBSHELL)); then
    echo "pg_cluster_start: call it in the script's own shell, not in \$(...) or a pipe" >&2
    return 2
  fi
  [ -x "$XF_PG_BINDIR/initdb" ] || { echo "pg_cluster_start: no initdb in $XF_PG_BINDIR" >&2; return 1; }
  local base=${XF_PG_TMPDIR:-${TMPDIR:-/tmp}} dir
  dir=$(mktemp -d "$base/xiufu-pg-$name.XXXXXX")
  XF_PG_CLUSTERS+=("$dir")
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir"
    runuser -u postgres -- test -w "$dir" ||
      { echo "pg_cluster_start: user postgres cannot write $dir (set XF_PG_TMPDIR)" >&2; return 1; }
  fi
  # cd: the server programs as postgres cannot always enter the caller's folder
  (cd "$dir" && _pg_as_server "$XF_PG_BINDIR/initdb" -D "$dir/data" -U postgres -A trust \
     -E UTF8 --locale=C --no-sync > "$dir/initdb.log" 2>&1) ||
    { cat "$dir/initdb.log" >&2; return 1; }
  cat >> "$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_wal_size = 1GB
${XF_PG_CONF:-}
EOF
  local port i
  for _ in 1 2 3 4 5; do
    port=$(_pg_free_port)
    (cd "$dir" && _pg_as_server "$XF_PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
       -o "-p $port" -W start > /dev/null)
    for i in $(seq 1 300); do   # up to 30 s; a start takes well under one
      # through the socket in our folder: a server already on that TCP port
      # would answer on 127.0.0.1, ours only once it holds the port
      if "$XF_PG_BINDIR/pg_isready" -q -h "$dir" -p "$port" -t 1; then
        XF_PG_PORT=$port
        export XF_PG_PORT "XF_PG_PORT_$name=$port" "XF_PG_DIR_$name=$dir"
        echo "$port"
        return 0
      fi
      # the postmaster removes its pid file when it gives up (port taken)
      [ -f "$dir/data/postmaster.pid" ] || [ "$i" -lt 10 ] || break
      sleep 0.1
    done
    (cd "$dir" && _pg_as_server "$XF_PG_BINDIR/pg_ctl" -D "$dir/data" -m immediate -w stop > /dev/null 2>&1) || true
  done
  echo "pg_cluster_start: cluster $name did not start; its log:" >&2
  cat "$dir/server.log" >&2 || true
  return 1
}

pg_cluster_stop_all() {
  local dir
  for dir in ${XF_PG_CLUSTERS[@]+"${XF_PG_CLUSTERS[@]}"}; do
    # immediate: nothing in it is worth a checkpoint
    if [ -f "$dir/data/postmaster.pid" ]; then
      (cd "$dir" && _pg_as_server "$XF_PG_BINDIR/pg_ctl" -D "$dir/data" -m immediate -w stop > /dev/null 2>&1) || true
    fi
    rm -rf "$dir"
  done
  XF_PG_CLUSTERS=()
}

# pg_psql PORT [psql arguments...]: as superuser postgres, database postgres
# unless -d says otherwise; the first error stops a script.
pg_psql() {
  local port=${1:?usage: pg_psql PORT [psql args...]}
  shift
  "$XF_PG_BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

trap pg_cluster_stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
