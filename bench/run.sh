#!/usr/bin/env bash
# bench/run.sh — one decision, four ways: xiufu JIT, xiufu interpreter, one SQL
# query in sqlite3, a hand-written C loop.  See docs/benchmark.md.
#
#   bench/run.sh [N_ENTITIES=1000000] [XIUFU=build-bench/xiufu]
#
# The decision: policies/national/samr_order107_penalty.xf at as-of 2026-11-01
# (outcome, eligible_from, stops_on of every 市场监管 penalty publicized that day:
# published on or before it, not stopped on or before it).  Records come from `xiufu gen --entities N --seed 7` into
# bench/work/records.db, generated once per N and reused.
#
# Fails (exit 1) only when a step errors or an engine disagrees with xiufu;
# speed never fails it.  Needs cc, sqlite3 and the SQLite headers; strace is
# used, when present, for the phase split of the xiufu runs.
set -euo pipefail

N=${1:-1000000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
XIUFU=${2:-build-bench/xiufu}
case $XIUFU in /*) ;; *) XIUFU=$ROOT/$XIUFU ;; esac
AS_OF=2026-11-01
POLICY=$ROOT/policies/national/samr_order107_penalty.xf
BENCH=$ROOT/bench
WORK=$BENCH/work
RECORDS=$WORK/records.db
mkdir -p "$WORK"

die() { echo "bench: $*" >&2; exit 1; }
[[ $N =~ ^[0-9]+$ && $N -ge 1 ]] || die "N_ENTITIES must be a positive integer, not '$N'"
[[ -x $XIUFU ]] || die "no xiufu at $XIUFU (build it: cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release && cmake --build build-bench -j2)"
command -v sqlite3 >/dev/null || die "sqlite3 CLI not found"
command -v cc >/dev/null || die "cc not found"

# ---- helpers, rebuilt when their source changed
build() {  # build OUT SRC FLAGS...
    local out=$1 src=$2; shift 2
    if [[ ! -x $out || $src -nt $out ]]; then cc -O2 -Wall -o "$out" "$src" "$@" || die "cannot build $out"; fi
}
build "$WORK/peakrss" "$BENCH/peakrss.c"
build "$WORK/handloop" "$BENCH/handloop.c" -lsqlite3
PEAKRSS=$WORK/peakrss

# ---- records: generated once per N
if [[ -f $RECORDS && -f $WORK/records.n && $(cat "$WORK/records.n") == "$N" ]]; then
    echo "records: reusing $RECORDS ($N entities)"
else
    rm -f "$RECORDS" "$WORK/records.n"
    echo "records: generating $N entities (seed 7) ..."
    "$XIUFU" gen --entities "$N" --seed 7 -o "$RECORDS" || die "xiufu gen failed"
    echo "$N" >"$WORK/records.n"
fi
SCOPE=$(sqlite3 "$RECORDS" "SELECT count(*) FROM penalty WHERE sector = '市场监管' AND published <= '$AS_OF'
                             AND (stopped IS NULL OR stopped > '$AS_OF')")
TOTAL_PEN=$(sqlite3 "$RECORDS" "SELECT count(*) FROM penalty")
echo "records: $TOTAL_PEN penalties, $SCOPE in scope (市场监管, publicized on $AS_OF)"
cat "$RECORDS" >/dev/null  # every engine starts from a warm page cache

# ---- the table
ROWS=()
row() {  # row ENGINE SECONDS PEAK_KIB MISMATCHES
    local rate mb
    rate=$(awk -v n="$SCOPE" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }')
    mb=$(awk -v k="$3" 'BEGIN { if (k == "-") print "-"; else printf "%.0f", k / 1024 }')
    ROWS+=("$1|$2|$rate|$mb|$4")
}
result() { read -r WALL PEAK CODE <"$1"; }  # peakrss's line: wall, peak KiB, exit status

# ---- xiufu run: JIT and interpreter
xiufu_run() {  # xiufu_run ENGINE OUTDB LOG
    rm -f "$2" "$2-journal"
    "$PEAKRSS" "$WORK/rss.txt" "$XIUFU" run -p "$POLICY" -d "$RECORDS" --as-of "$AS_OF" -o "$2" \
        --engine "$1" --lang en 2>"$3" || { cat "$3" >&2; die "xiufu run --engine $1 failed"; }
    result "$WORK/rss.txt"
    SUMMARY_S=$(sed -n 's/^\([0-9.]*\) s, .* records, .* records\/s$/\1/p' "$3")
    [[ -n $SUMMARY_S ]] || { cat "$3" >&2; die "no summary line from xiufu run --engine $1"; }
    local n
    n=$(sqlite3 "$2" "SELECT count(*) FROM decision WHERE error IS NOT NULL")
    [[ $n == 0 ]] || echo "bench: WARNING: xiufu --engine $1 recorded $n decisions with a runtime error" >&2
}
# rows of A that B lacks plus rows of B that A lacks, on (id, outcome, eligible_from, stops_on)
diff_sql() {  # diff_sql DB_A SELECT_A DB_B SELECT_B
    sqlite3 "$1" -cmd "ATTACH '$3' AS b" \
        "SELECT (SELECT count(*) FROM ($2 EXCEPT $4)) + (SELECT count(*) FROM ($4 EXCEPT $2))"
}
XSEL="SELECT subject_id, outcome, eligible_from, stops_on FROM decision WHERE subject_table = 'penalty'"
BXSEL="SELECT subject_id, outcome, eligible_from, stops_on FROM b.decision WHERE subject_table = 'penalty'"
FAIL=0

echo "xiufu run, JIT ..."
xiufu_run jit "$WORK/xiufu_jit.db" "$WORK/xiufu_jit.log"
JIT_DECIDED=$(sqlite3 "$WORK/xiufu_jit.db" "SELECT count(*) FROM decision")
[[ $JIT_DECIDED == "$SCOPE" ]] || { echo "bench: xiufu decided $JIT_DECIDED penalties, $SCOPE are in scope" >&2; FAIL=1; }
row "xiufu run, JIT -O2, 2 threads (wall)" "$WALL" "$PEAK" "reference"
row "  same run, its summary line" "$SUMMARY_S" "$PEAK" "reference"

echo "xiufu run, interpreter ..."
xiufu_run interp "$WORK/xiufu_interp.db" "$WORK/xiufu_interp.log"
MIS=$(diff_sql "$WORK/xiufu_interp.db" "$XSEL" "$WORK/xiufu_jit.db" "$BXSEL")
[[ $MIS == 0 ]] || FAIL=1
row "xiufu run --engine interp (wall)" "$WALL" "$PEAK" "$MIS"
row "  same run, its summary line" "$SUMMARY_S" "$PEAK" "$MIS"

echo "sqlite3, one SQL query ..."
rm -f "$WORK/sql_out.db" "$WORK/sql_out.db-journal"
"$PEAKRSS" "$WORK/rss.txt" sqlite3 -bail "$WORK/sql_out.db" -cmd "ATTACH '$RECORDS' AS r" \
    <"$BENCH/order107_penalty.sql" || die "sqlite3 failed on bench/order107_penalty.sql"
result "$WORK/rss.txt"
MIS=$(diff_sql "$WORK/sql_out.db" "SELECT id, outcome, eligible_from, stops_on FROM sql_decision" \
    "$WORK/xiufu_jit.db" "$BXSEL")
if [[ $MIS != 0 ]]; then
    FAIL=1
    echo "bench: SQL and xiufu disagree; first rows (sql | xiufu):" >&2
    sqlite3 "$WORK/sql_out.db" -cmd "ATTACH '$WORK/xiufu_jit.db' AS b" \
        "SELECT s.id, s.outcome, s.eligible_from, s.stops_on, s.step, '|', d.outcome, d.eligible_from, d.stops_on, d.step
         FROM sql_decision s LEFT JOIN b.decision d ON d.subject_id = s.id
         WHERE d.outcome IS NOT s.outcome OR d.eligible_from IS NOT s.eligible_from OR d.stops_on IS NOT s.stops_on
         LIMIT 10" >&2
fi
row "sqlite3, one SQL query" "$WALL" "$PEAK" "$MIS"

echo "hand-written C loop ..."
"$PEAKRSS" "$WORK/rss.txt" "$WORK/handloop" "$RECORDS" "$AS_OF" "$WORK/xiufu_jit.db" >"$WORK/handloop.out" ||
    { cat "$WORK/handloop.out"; FAIL=1; }
result "$WORK/rss.txt"
kv() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" "$WORK/handloop.out"; }
[[ -n $(kv decide_s) ]] || die "no result line from handloop"
MIS=$(( $(kv mismatches) + $(kv missing) + $(kv extra) ))
READ_S=$(awk -v a="$(kv read_s)" -v b="$(kv group_s)" 'BEGIN { printf "%.4f", a + b }')
row "C loop: read (sqlite3_step, convert, group)" "$READ_S" "$PEAK" "$MIS"
row "C loop: decide" "$(kv decide_s)" "$PEAK" "$MIS"

# ---- print
echo
echo "N = $N entities, $TOTAL_PEN penalties, $SCOPE decided (as of $AS_OF); $(nproc) cores"
{
    echo "engine|seconds|penalties/s|peak RSS MB|mismatches vs xiufu"
    printf '%s\n' "${ROWS[@]}"
} | awk -F'|' '
    { for (i = 1; i <= NF; i++) { cell[NR, i] = $i; if (length($i) > w[i]) w[i] = length($i) } }
    END {
        for (r = 1; r <= NR; r++) {
            line = sprintf("%-" w[1] "s", cell[r, 1])
            for (i = 2; i <= 5; i++) line = line sprintf(" | %" w[i] "s", cell[r, i])
            print line
            if (r == 1) { s = ""; for (i = 1; i <= 5; i++) s = s sprintf("%" (w[i] + (i > 1 ? 3 : 0)) "s", "") ; gsub(/ /, "-", s); print s }
        }
    }'
# (awk length() counts bytes: the Chinese-free labels above keep the columns aligned)

# ---- where xiufu's time goes: phases from the system calls that bound them
if command -v strace >/dev/null; then
    echo
    echo "xiufu phases (strace -f on openat/close/clone; each run once more, strace adds a little):"
    printf '%-7s | %8s | %8s | %8s | %8s | %8s | %8s | %8s\n' engine start-up compile load lower+JIT decide write total
    for eng in jit interp; do
        rm -f "$WORK/phase.db" "$WORK/phase.db-journal"
        strace -f --seccomp-bpf -ttt -s 4096 -o "$WORK/strace.txt" -e trace=execve,openat,close,clone,clone3,exit_group \
            "$XIUFU" run -p "$POLICY" -d "$RECORDS" --as-of "$AS_OF" -o "$WORK/phase.db" --engine "$eng" --quiet ||
            die "xiufu run under strace failed"
        awk -v rec="\"$RECORDS\"" -v out="\"$WORK/phase.db\"" -v eng="$eng" '
            { sub(/^[0-9]+ +/, "") ; t = $1 + 0 }          # strip the pid, keep the time
            /execve\(/ && !t0 { t0 = t }
            /openat\(/ && /\.xf"/ && !tp { tp = t }
            /openat\(/ && index($0, rec) && !tl0 { tl0 = t; fd = $NF }
            tl0 && !tl1 && $0 ~ ("close\\(" fd "\\)") { tl1 = t }
            /clone3?\(/ && tl1 && !tw { td = t }
            /openat\(/ && index($0, out) && !tw { tw = t }
            /exit_group\(/ { te = t }
            END {
                if (!td) td = tl1
                printf "%-7s | %8.3f | %8.3f | %8.3f | %8.3f | %8.3f | %8.3f | %8.3f\n", eng,
                    tp - t0, tl0 - tp, tl1 - tl0, td - tl1, tw - td, te - tw, te - t0
            }' "$WORK/strace.txt"
    done
    rm -f "$WORK/phase.db" "$WORK/strace.txt"
fi

echo
echo "outputs: $WORK/{xiufu_jit.db,xiufu_interp.db,sql_out.db}; logs: $WORK/{xiufu_jit.log,xiufu_interp.log,handloop.out}"
if [[ $FAIL != 0 ]]; then
    echo "bench: FAILED: an engine disagrees with xiufu (see above)" >&2
    exit 1
fi
