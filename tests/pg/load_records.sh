#!/usr/bin/env bash
# load_records.sh SQLITE_DB PORT SCHEMA
# Copies a SQLite records database (as `xiufu gen` writes) into schema SCHEMA
# of the PostgreSQL server on 127.0.0.1:PORT (tests/pg/lib.sh's clusters).
#
# The schema is pg/records_pg.sql; a schema that already holds its tables
# is refused, not appended to.  Of the tables records_pg.sql defines, those the
# database has are copied, every column: an extra column the schema lacks is
# added as text.  Tables the database lacks (an older version: a version-1
# database has no inspection and application) stay empty, and columns it
# lacks (entity.deregistered, serious.penalty_id) NULL.
# One psql session and one transaction: sqlite3 -csv feeds each \copy, so
# nothing is staged on disk, and a failure leaves nothing behind.  Rows keep
# SQLite's storage order (clustered or shuffled layout).
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 SQLITE_DB PORT SCHEMA" >&2
  exit 2
fi
db=$1 port=$2 schema=$3
here=$(cd "$(dirname "$0")" && pwd)
ddl=$(cd "$here/../../pg" && pwd)/records_pg.sql
. "$here/lib.sh"
command -v sqlite3 > /dev/null || { echo "load_records: the sqlite3 shell is needed" >&2; exit 1; }
[ -f "$db" ] || { echo "load_records: $db: no such file" >&2; exit 1; }
have=$(sqlite3 -readonly "$db" "SELECT name FROM sqlite_master WHERE type = 'table'") ||
  { echo "load_records: $db: not a SQLite database" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; pg_cluster_stop_all' EXIT
ident() { printf '"%s"' "${1//\"/\"\"}"; }   # an SQL identifier, quoted

start=$(date +%s.%N)
{
  echo "SET client_min_messages = warning;"
  printf '\\i %s\n' "'${ddl//\'/\'\'}'"
  # the file names below are the canonical table names: no quoting needed
  for t in $(sed -n 's/^CREATE TABLE \([a-z_]*\) .*/\1/p' "$ddl"); do
    grep -qx "$t" <<< "$have" || continue
    cols=""
    while IFS= read -r c; do
      echo "ALTER TABLE $t ADD COLUMN IF NOT EXISTS $(ident "$c") text;"
      cols+="${cols:+,}$(ident "$c")"
    done < <(sqlite3 -readonly "$db" "SELECT name FROM pragma_table_info('$t') ORDER BY cid")
    echo "SELECT $cols FROM $(ident "$t");" > "$tmp/$t.sql"
    # sqlite3 -csv writes NULL unquoted and empty text as "": COPY's csv reads them back so
    printf '\\copy %s (%s) FROM PROGRAM '\''sqlite3 -bail -readonly -csv "$XF_LOAD_DB" < "$XF_LOAD_TMP/%s.sql"'\'' WITH (FORMAT csv)\n' \
      "$t" "$cols" "$t"
    echo "ANALYZE $t;"
  done
} > "$tmp/load.sql"
XF_LOAD_DB=$db XF_LOAD_TMP=$tmp pg_psql "$port" -1 -v schema="$schema" -f "$tmp/load.sql"
awk -v a="$start" -v b="$(date +%s.%N)" -v d="$db" -v s="$schema" \
  'BEGIN { printf "load_records: %s -> schema %s in %.1f s\n", d, s, b - a }'
