#!/usr/bin/env bash
# bench/run.sh — one decision, four ways: xiufu JIT, xiufu interpreter, one SQL
# query in sqlite3, a hand-written C loop.  See docs/benchmark.md.
#
#   bench/run.sh [N_ENTITIES=1000000] [XIUFU=build-bench/xiufu]
#
# The decision: policies/national/samr_order107_penalty.xf at as-of 2026-11-01
# (outcome, eligible_from, stops_on of every 市场监管 penalty publicized that day:
# published on or before it, not stopped on or before it), which reads the
# entity, its other penalties, its serious-list entries and its applications;
# bench/order107_penalty.sql and bench/handloop.c follow the policy's ladder
# step by step (docs/benchmark.md lists it).  Records come from
# `xiufu gen --entities N --seed 7` into $WORK/records-$LAYOUT.db, generated
# once per N and reused.  xiufu gets the policy file and every module it uses
# (`use`, transitively), as `xiufu run -p` needs them.  Before the timed xiufu
# runs, one untimed `xiufu run` of the same policies over an empty records file
# (runtime/records.sql alone) fills the code cache (docs/run.md), so that the
# timed JIT runs, and their peak RSS, never include compiling.
#
# Environment: REPEAT=3 runs of each engine, the fastest is shown (peak RSS is
# the largest of the runs); EDGE=0 skips the edge-case cross-check;
# LAYOUT=clustered (default: related rows stored entity by entity) or shuffled
# (`xiufu gen --layout shuffled`: ids not grouped by entity, as in real
# systems); xiufu's own summary gives its phases (read, decide, write);
# WORK=DIR (default bench/work) holds the records, so that two sizes can
# both stay generated.
#
# Fails (exit 1) only when a step errors or an engine disagrees with xiufu;
# speed never fails it.  Needs cc, sqlite3 and the SQLite headers.
set -euo pipefail

N=${1:-1000000}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
XIUFU=${2:-build-bench/xiufu}
case $XIUFU in /*) ;; *) XIUFU=$ROOT/$XIUFU ;; esac
REPEAT=${REPEAT:-3}
EDGE=${EDGE:-1}
AS_OF=2026-11-01
POLICY=$ROOT/policies/national/samr_order107_penalty.xf
BENCH=$ROOT/bench
WORK=${WORK:-$BENCH/work}  # records, outputs and helpers: one folder per size keeps each size generated
LAYOUT=${LAYOUT:-clustered}
RECORDS=$WORK/records-$LAYOUT.db
mkdir -p "$WORK"

die() { echo "bench: $*" >&2; exit 1; }
[[ $N =~ ^[0-9]+$ && $N -ge 1 ]] || die "N_ENTITIES must be a positive integer, not '$N'"
[[ $REPEAT =~ ^[0-9]+$ && $REPEAT -ge 1 ]] || die "REPEAT must be a positive integer, not '$REPEAT'"
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

# The policy and the modules it uses (`use M`, transitively; `schema` is built
# in), found by their `module` line under policies/: what `xiufu run -p` needs.
policy_closure() {
    declare -A file_of=() seen=()
    local f m queue=("$1") out=()
    while IFS= read -r f; do
        m=$(sed -n 's/^module[[:space:]]\{1,\}\([^[:space:]]*\).*/\1/p' "$f" | head -n 1)
        [[ -n $m ]] && file_of[$m]=$f
    done < <(find "$ROOT/policies/" -name '*.xf' | sort)
    while ((${#queue[@]})); do
        f=${queue[0]} queue=("${queue[@]:1}")
        [[ -n ${seen[$f]:-} ]] && continue
        seen[$f]=1 out+=("$f")
        for m in $(sed -n 's/^use[[:space:]]\{1,\}\([^[:space:]]*\).*/\1/p' "$f"); do
            [[ $m == schema ]] && continue
            [[ -n ${file_of[$m]:-} ]] || die "$f uses module $m, which no file under policies/ declares"
            queue+=("${file_of[$m]}")
        done
    done
    printf '%s\n' "${out[@]}"
}
mapfile -t POLICIES < <(policy_closure "$POLICY")
((${#POLICIES[@]})) || die "cannot read $POLICY"
echo "policies: ${POLICIES[*]#$ROOT/}"

# the SQL of bench/order107_penalty.sql for another evaluation day
sql_for() { sed "s/^WITH k(as_of) AS (SELECT '[0-9-]*'),  -- as_of\$/WITH k(as_of) AS (SELECT '$1'),  -- as_of/" \
    "$BENCH/order107_penalty.sql"; }
# rows of A that B lacks plus rows of B that A lacks (NULL-safe: EXCEPT treats NULLs as equal)
diff_sql() {  # diff_sql DB_A SELECT_A DB_B SELECT_B(over b.)
    sqlite3 "$1" -cmd "ATTACH '$3' AS b" \
        "SELECT (SELECT count(*) FROM ($2 EXCEPT $4)) + (SELECT count(*) FROM ($4 EXCEPT $2))"
}
XSEL="SELECT subject_id, outcome, eligible_from, stops_on FROM decision WHERE subject_table = 'penalty'"
BXSEL="SELECT subject_id, outcome, eligible_from, stops_on FROM b.decision WHERE subject_table = 'penalty'"
SSEL="SELECT id, outcome, eligible_from, stops_on FROM sql_decision"
FAIL=0

# show the rows where the SQL query and xiufu differ
show_sql_diff() {  # show_sql_diff SQL_DB XIUFU_DB
    echo "bench: SQL and xiufu disagree; first rows (id outcome eligible_from stops_on step, SQL | xiufu):" >&2
    sqlite3 -separator ' ' "$1" -cmd "ATTACH '$2' AS b" \
        "SELECT coalesce(s.id, d.subject_id), s.outcome, s.eligible_from, s.stops_on, s.step, '|',
                d.outcome, d.eligible_from, d.stops_on, d.step
         FROM sql_decision s FULL JOIN (SELECT * FROM b.decision WHERE subject_table = 'penalty') d
           ON d.subject_id = s.id
         WHERE d.outcome IS NOT s.outcome OR d.eligible_from IS NOT s.eligible_from
            OR d.stops_on IS NOT s.stops_on
         LIMIT 10" >&2
}

# ---- edge cases: every engine on hand-made boundary records, several days
if [[ $EDGE != 0 ]]; then
    EDB=$WORK/edge.db
    rm -f "$EDB"
    sqlite3 "$EDB" <"$ROOT/runtime/records.sql"
    sqlite3 "$EDB" <"$ROOT/tests/e2e/national/fixture.sql"
    sqlite3 "$EDB" <"$BENCH/edge_cases.sql"
    E_N=0 E_INTERP=0 E_SQL=0 E_C=0
    for day in 2026-01-01 2026-03-01 2026-05-29 2026-11-01 2026-12-01 2027-03-01; do
        for eng in jit interp; do
            rm -f "$WORK/edge_$eng.db"
            "$XIUFU" run -p "${POLICIES[@]}" -d "$EDB" --as-of "$day" -o "$WORK/edge_$eng.db" --engine "$eng" --quiet ||
                die "xiufu run --engine $eng on the edge cases ($day) failed"
        done
        E_N=$((E_N + $(sqlite3 "$WORK/edge_jit.db" "SELECT count(*) FROM decision")))
        m=$(diff_sql "$WORK/edge_interp.db" "$XSEL" "$WORK/edge_jit.db" "$BXSEL"); E_INTERP=$((E_INTERP + m))
        rm -f "$WORK/edge_sql.db"
        sql_for "$day" | sqlite3 -bail "$WORK/edge_sql.db" -cmd "ATTACH '$EDB' AS r" || die "sqlite3 failed on the edge cases"
        m=$(diff_sql "$WORK/edge_sql.db" "$SSEL" "$WORK/edge_jit.db" "$BXSEL"); E_SQL=$((E_SQL + m))
        [[ $m == 0 ]] || { echo "bench: edge cases, as of $day:" >&2; show_sql_diff "$WORK/edge_sql.db" "$WORK/edge_jit.db"; }
        if ! "$WORK/handloop" "$EDB" "$day" "$WORK/edge_jit.db" >"$WORK/edge_handloop.out"; then
            echo "bench: edge cases, as of $day: the C loop disagrees with xiufu (above)" >&2
        fi
        m=$(sed -n 's/.*mismatches=\([0-9]*\) missing=\([0-9]*\) extra=\([0-9]*\).*/\1 \2 \3/p' "$WORK/edge_handloop.out" |
            awk '{ print $1 + $2 + $3 }')
        [[ -n $m ]] || die "no result line from handloop on the edge cases"
        E_C=$((E_C + m))
    done
    echo "edge cases (tests/e2e/national/fixture.sql + bench/edge_cases.sql, 6 days): $E_N decisions;" \
        "mismatches vs xiufu JIT: interp $E_INTERP, SQL $E_SQL, C loop $E_C"
    [[ $E_INTERP == 0 && $E_SQL == 0 && $E_C == 0 ]] || FAIL=1
fi

# ---- records: generated once per N
if [[ -f $RECORDS && -f $RECORDS.n && $(cat "$RECORDS.n") == "$N" ]]; then
    echo "records: reusing $RECORDS ($N entities, $LAYOUT)"
else
    rm -f "$RECORDS" "$RECORDS.n"
    echo "records: generating $N entities (seed 7, $LAYOUT) ..."
    layout_arg=()
    [[ $LAYOUT == clustered ]] || layout_arg=(--layout "$LAYOUT")
    "$XIUFU" gen --entities "$N" --seed 7 "${layout_arg[@]}" -o "$RECORDS" || die "xiufu gen failed"
    echo "$N" >"$RECORDS.n"
fi
SCOPE=$(sqlite3 "$RECORDS" "SELECT count(*) FROM penalty WHERE sector = '市场监管' AND published <= '$AS_OF'
                             AND (stopped IS NULL OR stopped > '$AS_OF')")
TOTAL_PEN=$(sqlite3 "$RECORDS" "SELECT count(*) FROM penalty")
echo "records: $TOTAL_PEN penalties, $SCOPE in scope (市场监管, publicized on $AS_OF)"
cat "$RECORDS" >/dev/null  # every engine starts from a warm page cache
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
awk -v l="${LOAD0%% *}" 'BEGIN { exit !(l > 0.5) }' &&
    echo "bench: note: load average $LOAD0 — other work on this machine will slow every engine" >&2

# ---- the table
ROWS=()
row() {  # row ENGINE SECONDS PEAK_KIB MISMATCHES
    local rate mb
    rate=$(awk -v n="$SCOPE" -v s="$2" 'BEGIN { if (s > 0) printf "%.0f", n / s; else print "-" }')
    mb=$(awk -v k="$3" 'BEGIN { if (k == "-") print "-"; else printf "%.0f", k / 1024 }')
    ROWS+=("$1|$2|$rate|$mb|$4")
}
# run "$@" under peakrss REPEAT times: WALL = the fastest, PEAK = the largest
# peak RSS, BEST = the index of the fastest run (0-based); BEFORE runs first each time
measure() {  # measure BEFORE CMD...
    local before=$1 i wall peak code; shift
    WALL= PEAK=0 BEST=0
    for ((i = 0; i < REPEAT; i++)); do
        RUN=$i
        eval "$before"
        "$PEAKRSS" "$WORK/rss.txt" "$@" || return 1
        read -r wall peak code <"$WORK/rss.txt"
        if [[ -z $WALL ]] || awk -v a="$wall" -v b="$WALL" 'BEGIN { exit !(a < b) }'; then WALL=$wall BEST=$i; fi
        ((peak > PEAK)) && PEAK=$peak
    done
    return 0
}

# ---- xiufu run: JIT and interpreter (logs per repetition; the fastest one's summary is shown)
xiufu_run() {  # xiufu_run ENGINE OUTDB
    local log=$WORK/xiufu_$1.log
    measure "rm -f '$2' '$2-journal'" sh -c '"$@" 2>"$0.$RUN"' "$log" \
        "$XIUFU" run -p "${POLICIES[@]}" -d "$RECORDS" --as-of "$AS_OF" -o "$2" --engine "$1" --lang en ||
        { cat "$log".* >&2; die "xiufu run --engine $1 failed"; }
    mv "$log.$BEST" "$log"
    rm -f "$log".[0-9]*
    SUMMARY_S=$(sed -n 's/^\([0-9.]*\) s, .* records, .* records\/s$/\1/p' "$log")
    PHASES=$(sed -n 's/^phases: \(.*\)$/\1/p' "$log")
    [[ -n $SUMMARY_S ]] || { cat "$log" >&2; die "no summary line from xiufu run --engine $1"; }
    local n
    n=$(sqlite3 "$2" "SELECT count(*) FROM decision WHERE error IS NOT NULL")
    [[ $n == 0 ]] || echo "bench: WARNING: xiufu --engine $1 recorded $n decisions with a runtime error" >&2
}
export RUN
# untimed warm-up: compile the policies into the code cache over no records
rm -f "$WORK/empty.db" "$WORK/warmup_out.db"
sqlite3 "$WORK/empty.db" <"$ROOT/runtime/records.sql" || die "cannot create $WORK/empty.db"
"$XIUFU" run -p "${POLICIES[@]}" -d "$WORK/empty.db" --as-of "$AS_OF" -o "$WORK/warmup_out.db" --engine jit --quiet ||
    die "xiufu run (warm-up over no records) failed"
echo "xiufu run, JIT ($REPEAT runs) ..."
xiufu_run jit "$WORK/xiufu_jit.db"
JIT_DECIDED=$(sqlite3 "$WORK/xiufu_jit.db" "SELECT count(*) FROM decision")
[[ $JIT_DECIDED == "$SCOPE" ]] || { echo "bench: xiufu decided $JIT_DECIDED penalties, $SCOPE are in scope" >&2; FAIL=1; }
row "xiufu run, JIT -O2, 2 threads (wall)" "$WALL" "$PEAK" "reference"
row "  same run, its summary line" "$SUMMARY_S" "$PEAK" "reference"
JIT_PHASES=$PHASES

echo "xiufu run, interpreter ($REPEAT runs) ..."
xiufu_run interp "$WORK/xiufu_interp.db"
MIS=$(diff_sql "$WORK/xiufu_interp.db" "$XSEL" "$WORK/xiufu_jit.db" "$BXSEL")
[[ $MIS == 0 ]] || FAIL=1
row "xiufu run --engine interp (wall)" "$WALL" "$PEAK" "$MIS"
row "  same run, its summary line" "$SUMMARY_S" "$PEAK" "$MIS"

echo "sqlite3, one SQL query ($REPEAT runs) ..."
measure "rm -f '$WORK/sql_out.db' '$WORK/sql_out.db-journal'" \
    sh -c 'exec sqlite3 -bail "$0" -cmd "ATTACH '"'"'$1'"'"' AS r" <"$2"' \
    "$WORK/sql_out.db" "$RECORDS" "$BENCH/order107_penalty.sql" || die "sqlite3 failed on bench/order107_penalty.sql"
MIS=$(diff_sql "$WORK/sql_out.db" "$SSEL" "$WORK/xiufu_jit.db" "$BXSEL")
[[ $MIS == 0 ]] || { FAIL=1; show_sql_diff "$WORK/sql_out.db" "$WORK/xiufu_jit.db"; }
row "sqlite3, one SQL query" "$WALL" "$PEAK" "$MIS"

echo "hand-written C loop ($REPEAT runs) ..."
BEST_READ= BEST_DECIDE=
for ((i = 0; i < REPEAT; i++)); do
    "$PEAKRSS" "$WORK/rss.txt" "$WORK/handloop" "$RECORDS" "$AS_OF" "$WORK/xiufu_jit.db" >"$WORK/handloop.out" ||
        { cat "$WORK/handloop.out"; FAIL=1; }
    read -r _ peak _ <"$WORK/rss.txt"
    kv() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" "$WORK/handloop.out"; }
    [[ -n $(kv decide_s) ]] || die "no result line from handloop"
    r=$(awk -v a="$(kv read_s)" -v b="$(kv group_s)" 'BEGIN { printf "%.4f", a + b }')
    d=$(kv decide_s)
    if [[ -z $BEST_READ ]] || awk -v a="$r" -v b="$BEST_READ" 'BEGIN { exit !(a < b) }'; then BEST_READ=$r; fi
    if [[ -z $BEST_DECIDE ]] || awk -v a="$d" -v b="$BEST_DECIDE" 'BEGIN { exit !(a < b) }'; then BEST_DECIDE=$d; fi
    ((i == 0 || peak > PEAK)) && PEAK=$peak
done
MIS=$(( $(kv mismatches) + $(kv missing) + $(kv extra) ))
row "C loop: read (sqlite3_step, convert, group)" "$BEST_READ" "$PEAK" "$MIS"
row "C loop: decide" "$BEST_DECIDE" "$PEAK" "$MIS"

# ---- print
echo
echo "N = $N entities, $TOTAL_PEN penalties, $SCOPE decided (as of $AS_OF); $(nproc) cores; best of $REPEAT;" \
    "load average before: $LOAD0, after: $(cut -d' ' -f1-3 /proc/loadavg)"
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
            if (r == 1) { s = ""; for (i = 1; i <= 5; i++) s = s sprintf("%" (w[i] + (i > 1 ? 3 : 0)) "s", ""); gsub(/ /, "-", s); print s }
        }
    }'

# ---- where xiufu's time goes: the phases of its own summary (docs/run.md)
echo
echo "xiufu phases (JIT, the fastest run): $JIT_PHASES; interpreter: $PHASES"

echo
echo "outputs: $WORK/{xiufu_jit.db,xiufu_interp.db,sql_out.db}; logs: $WORK/{xiufu_jit.log,xiufu_interp.log,handloop.out}"
if [[ $FAIL != 0 ]]; then
    echo "bench: FAILED: an engine disagrees with xiufu (see above)" >&2
    exit 1
fi
