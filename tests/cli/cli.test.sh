#!/usr/bin/env bash
# cli.test.sh XIUFU SOURCE_DIR WORK_DIR
#
# The command line (see the contract): exit codes 0 success, 1 policy or
# data errors, 2 usage errors; usage and messages on stderr; `--jsonl` one
# JSON object per decision on stdout.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 XIUFU SOURCE_DIR WORK_DIR" >&2
  exit 2
fi
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
work=$3
command -v python3 >/dev/null || { echo "FAIL: python3 is needed" >&2; exit 1; }
policies=$src/policies/national

rm -rf "$work"
mkdir -p "$work"
cd "$work"

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# x NAME ARGS...: run xiufu, stdout in NAME.out, stderr in NAME.err, exit code in $rc
x() {
  local name=$1
  shift
  rc=0
  "$xiufu" "$@" > "$name.out" 2> "$name.err" || rc=$?
  if grep -qiE 'sanitizer|runtime error:|segmentation fault|core dumped' "$name.err"; then fail "$name: crashed: $(head -5 "$name.err")"; fi
}
want_rc() { # NAME WANT
  [ "$rc" = "$2" ] || fail "$1: exit $rc, want $2; stderr: $(head -3 "$1.err")"
}

# ---- top level ----------------------------------------------------------------
x noargs
want_rc noargs 2
grep -q '^用法：xiufu' noargs.err || fail "noargs: no usage on stderr: $(cat noargs.err)"
[ ! -s noargs.out ] || fail "noargs: the usage went to stdout"

x unknown frobnicate
want_rc unknown 2
grep -qF "frobnicate" unknown.err || fail "unknown command: the message does not name it: $(cat unknown.err)"
grep -q '^用法：xiufu' unknown.err || fail "unknown command: no usage on stderr"

x help --help
want_rc help 0
grep -q '^用法：xiufu' help.out || fail "--help: no usage on stdout"

x version --version
want_rc version 0
grep -q '^xiufu [0-9]' version.out || fail "--version: $(cat version.out)"

# ---- records for the run commands -----------------------------------------------
x gen gen --entities 200 -o records.db --seed 7
want_rc gen 0
records=$work/records.db

# ---- xiufu run: usage errors ---------------------------------------------------------
x run_no_d run -p "$policies" --as-of 2026-11-01 -o out.db
want_rc run_no_d 2
grep -q '^用法：xiufu run' run_no_d.err || fail "run without -d: no usage on stderr: $(cat run_no_d.err)"
[ ! -e out.db ] || fail "run without -d: an output was written"

x run_no_p run -d "$records" --as-of 2026-11-01 -o out.db
want_rc run_no_p 2

x run_no_output run -p "$policies" -d "$records" --as-of 2026-11-01
want_rc run_no_output 2
grep -qF -- "-o OUT.db 或 --jsonl" run_no_output.err || fail "run without -o/--jsonl: no message: $(cat run_no_output.err)"

x run_both_outputs run -p "$policies" -d "$records" --as-of 2026-11-01 -o out.db --jsonl
want_rc run_both_outputs 2

x bad_asof run -p "$policies" -d "$records" --as-of 2025-13-45 -o out.db
want_rc bad_asof 2
grep -qF "2025-13-45" bad_asof.err || fail "--as-of 2025-13-45: the message does not name the value: $(cat bad_asof.err)"
grep -qF "YYYY-MM-DD" bad_asof.err || fail "--as-of 2025-13-45: the message does not say the format: $(cat bad_asof.err)"
[ ! -e out.db ] || fail "--as-of 2025-13-45: an output was written"

x impossible_asof run -p "$policies" -d "$records" --as-of 2025-02-30 -o out.db
want_rc impossible_asof 2
grep -qF "2025-02-30" impossible_asof.err || fail "--as-of 2025-02-30: the message does not name the value"

x bad_option run -p "$policies" -d "$records" --as-of 2026-11-01 --jsonl --bogus
want_rc bad_option 2
grep -qF -- "--bogus" bad_option.err || fail "unknown run option: the message does not name it: $(cat bad_option.err)"

x bad_threads run -p "$policies" -d "$records" --as-of 2026-11-01 --jsonl --threads 0
want_rc bad_threads 2

x bad_engine run -p "$policies" -d "$records" --as-of 2026-11-01 --jsonl --engine fast
want_rc bad_engine 2

# ---- xiufu check ---------------------------------------------------------------
x check_missing check no-such-policy.xf
want_rc check_missing 1
grep -qF "no-such-policy.xf" check_missing.err || fail "check of a missing file: the message does not name it: $(cat check_missing.err)"
x check_missing_en check --lang en no-such-policy.xf
want_rc check_missing_en 1
grep -qF "cannot read no-such-policy.xf" check_missing_en.err || fail "check --lang en of a missing file: $(cat check_missing_en.err)"

x check_national check "$policies"
want_rc check_national 0
if grep -qE ': (error|错误): ' check_national.err; then fail "check policies/national reports errors: $(head -6 check_national.err)"; fi
[ ! -s check_national.out ] || fail "check policies/national wrote to stdout"

x check_national_files check "$policies"/*.xf
want_rc check_national_files 0

x check_noargs check
want_rc check_noargs 2
grep -q '^用法：xiufu check' check_noargs.err || fail "check without files: no usage"

x check_bad_lang check --lang fr "$policies"
want_rc check_bad_lang 2

x check_bad_dump check --dump=ast "$policies"
want_rc check_bad_dump 2

mkdir -p empty-dir
x check_empty_dir check empty-dir
want_rc check_empty_dir 1
grep -qF "empty-dir" check_empty_dir.err || fail "check of a folder without policies: the message does not name it: $(cat check_empty_dir.err)"

# ---- xiufu run: policy errors are exit 1 -------------------------------------------
x run_missing_policy run -p no-such-dir -d "$records" --as-of 2026-11-01 --jsonl
want_rc run_missing_policy 1
grep -qF "no-such-dir" run_missing_policy.err || fail "run with a missing policy path: the message does not name it"
[ ! -s run_missing_policy.out ] || fail "run with a missing policy path wrote decisions"

# ---- xiufu run --jsonl ---------------------------------------------------------
x jsonl run -p "$policies" -d "$records" --as-of 2026-11-01 --jsonl
want_rc jsonl 0
[ -s jsonl.out ] || fail "--jsonl: no decisions on stdout"
python3 - jsonl.out jsonl.err <<'PY' || fail "--jsonl: see above"
import json, re, sys
out, err = sys.argv[1], sys.argv[2]
codes = {"auto_repair", "can_apply", "not_yet", "not_repairable", "not_published", "expired", "refer",
         "deregister_guidance", "out_of_scope"}
bad = 0
n = 0
for i, line in enumerate(open(out, encoding="utf-8"), 1):
    n += 1
    try:
        d = json.loads(line)
    except ValueError as e:
        print(f"FAIL: --jsonl line {i} is not JSON ({e}): {line[:200]!r}", file=sys.stderr)
        bad += 1
        continue
    if not isinstance(d, dict):
        print(f"FAIL: --jsonl line {i} is not an object", file=sys.stderr); bad += 1; continue
    for k in ("policy", "subject_id", "outcome"):
        if k not in d:
            print(f"FAIL: --jsonl line {i} has no key {k!r}: {line[:200]!r}", file=sys.stderr); bad += 1
    if "outcome" in d and d["outcome"] is not None and d["outcome"] not in codes:
        print(f"FAIL: --jsonl line {i}: unknown outcome {d['outcome']!r}", file=sys.stderr); bad += 1
    if "subject_id" in d and not isinstance(d["subject_id"], int):
        print(f"FAIL: --jsonl line {i}: subject_id is not an integer", file=sys.stderr); bad += 1
m = re.search(r"决定数：(\d+)", open(err, encoding="utf-8").read())
if not m or int(m.group(1)) != n:
    print(f"FAIL: --jsonl: {n} lines, the summary says {m.group(1) if m else '?'} decisions", file=sys.stderr); bad += 1
sys.exit(1 if bad else 0)
PY

# record text that is not UTF-8 is shown as U+FFFD in the trace and the
# fields: every line stays JSON; the day that chose the regime is a date
cp "$records" badutf8.db
sqlite3 badutf8.db "UPDATE serious SET authority = 'bad' || CAST(X'FFFE' AS TEXT) || 'x'; UPDATE penalty SET cause = 'bad' || CAST(X'FFFE' AS TEXT) || 'x'"
x jsonl_utf8 run -p "$policies" -d badutf8.db --as-of 2026-11-01 --jsonl
python3 - jsonl_utf8.out <<'PY' || fail "--jsonl with invalid UTF-8 in the records: see above"
import json, re, sys
bad = seen = effective = 0
for i, raw in enumerate(open(sys.argv[1], "rb"), 1):
    try:
        d = json.loads(raw.decode("utf-8"))
    except ValueError as e:
        print(f"FAIL: line {i} is not UTF-8 JSON ({e})", file=sys.stderr); bad += 1; continue
    text = json.dumps(d, ensure_ascii=False)
    seen += "bad\ufffd\ufffdx" in text
    for k, v in (d.get("trace") or {}).items():
        if k.endswith("(effective)"):
            effective += 1
            if not (isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v)):
                print(f"FAIL: line {i}: {k} is {v!r}, not a date", file=sys.stderr); bad += 1
if not seen: print("FAIL: no decision shows the text as bad\ufffd\ufffdx", file=sys.stderr); bad += 1
if not effective: print("FAIL: no trace has the day that chose the regime", file=sys.stderr); bad += 1
sys.exit(1 if bad else 0)
PY

# a NUL inside a record's text is part of it: --jsonl writes it as \u0000
# (field and trace), -o stores every byte (decision column and trace_text)
cp "$records" nul.db
sqlite3 nul.db "UPDATE penalty SET cause = 'C' || CAST(X'00' AS TEXT) || 'D'"
mkdir -p nul && cat > nul/cause.xf <<'XF'
module t.cause
use schema
basis "《测试》"
effective from 1900-01-01

policy 处罚_事由 for p: penalty
  output 事由 = p.cause
  decide
    not_yet when p.cause != ""   basis "1"
    not_yet otherwise            basis "2"
XF
x jsonl_nul run -p nul -p "$src/policies/schema.xf" -d nul.db --as-of 2026-11-01 --jsonl
want_rc jsonl_nul 0
python3 - jsonl_nul.out <<'PY' || fail "--jsonl with a NUL in the records' text: see above"
import json, sys
bad = n = 0
for i, line in enumerate(open(sys.argv[1], encoding="utf-8"), 1):
    d = json.loads(line); n += 1
    for where, v in (("field", d.get("事由")), ("trace", (d.get("trace") or {}).get("p.cause"))):
        if v != "C\x00D":
            print(f"FAIL: line {i}: the {where} is {v!r}, want 'C\\x00D'", file=sys.stderr); bad += 1
if not n: print("FAIL: no decision", file=sys.stderr); bad += 1
sys.exit(1 if bad else 0)
PY
x run_nul run -p nul -p "$src/policies/schema.xf" -d nul.db --as-of 2026-11-01 -o nul_out.db --quiet
want_rc run_nul 0
[ "$(sqlite3 nul_out.db "SELECT DISTINCT hex(事由) FROM decision")" = 430044 ] ||
  fail "-o: the output column lost the text after its NUL: $(sqlite3 nul_out.db "SELECT DISTINCT hex(事由) FROM decision")"
[ "$(sqlite3 nul_out.db "SELECT count(*) FROM trace_text WHERE hex(text) = '430044'")" = 1 ] ||
  fail "-o: trace_text lost the text after its NUL: $(sqlite3 nul_out.db "SELECT hex(text) FROM trace_text")"

# the interpreter decides as the JIT does
x jsonl_interp run -p "$policies" -d "$records" --as-of 2026-11-01 --jsonl --engine interp
want_rc jsonl_interp 0
# (each run has a name of its own: the rest of every line is the same)
cmp -s <(sed 's/^{"run":"[^"]*",//' jsonl.out) <(sed 's/^{"run":"[^"]*",//' jsonl_interp.out) ||
  fail "--engine interp and the JIT give different decisions"

# -o and --jsonl agree
x run_db run -p "$policies" -d "$records" --as-of 2026-11-01 -o out.db --quiet
want_rc run_db 0
n_db=$(sqlite3 -batch out.db "select count(*) from decision where run = 1")
[ "$n_db" = "$(wc -l < jsonl.out)" ] || fail "-o wrote $n_db decisions, --jsonl $(wc -l < jsonl.out)"
[ ! -s run_db.err ] || fail "--quiet still printed: $(head -3 run_db.err)"

# ---- typed output ---------------------------------------------------------------
# step an integer (or null/NULL) that sorts as a number, money a number of yuan with
# two decimals, every JSON line headed by its run's name and day as the run table
# has them; a file written before (text steps, a text money column) still explained
mkdir -p fine && cat > fine/fine.xf <<'XF'
module t.fine
use schema
basis "《测试》"
effective from 1900-01-01

policy 处罚_罚款 for p: penalty
  output 罚款 = p.fine_yuan
  decide
    not_yet when p.fine_yuan != none   basis "1"
    not_yet otherwise                  basis "2"
XF
typed=(-p "$policies" -p fine -p "$src/policies/schema.xf" -d "$records" --as-of 2026-11-01)
before=$(date -u +%s)
x typed_jsonl run "${typed[@]}" --jsonl
after=$(date -u +%s)
want_rc typed_jsonl 0
x typed_db run "${typed[@]}" -o typed.db --quiet
want_rc typed_db 0
sqlite3 records.db "SELECT printf('%.2f', fine_yuan) FROM penalty WHERE fine_yuan IS NOT NULL" | sort -u > fines.txt
python3 - typed_jsonl.out typed.db fines.txt "$before" "$after" <<'PY' || fail "typed output: see above"
import datetime, json, re, sqlite3, sys
out, dbpath, fines, before, after = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
bad = 0
def no(msg):
    global bad
    print("FAIL: " + msg, file=sys.stderr); bad += 1
db = sqlite3.connect(dbpath)
name, as_of, started, phash = db.execute("SELECT name, as_of, started, policy_hash FROM run WHERE id = 1").fetchone()
NAME = r"(\d{8}T\d{6})\.(\d{3})Z-([0-9a-f]{8})"
m = re.fullmatch(NAME, name or "")
if not m: no(f"run.name is {name!r}, want YYYYMMDDTHHMMSS.mmmZ-<8 hex digits>")
else:
    if m.group(3) != phash[:8]: no(f"run.name {name!r} does not end in the policy hash's first digits {phash[:8]}")
    utc = datetime.datetime.strptime(m.group(1), "%Y%m%dT%H%M%S").replace(tzinfo=datetime.timezone.utc)
    if utc.astimezone().strftime("%Y-%m-%dT%H:%M:%S") != started:
        no(f"run.name {name!r} is not the start {started!r} in UTC")
# SQLite: step an integer everywhere, numeric order
for t in ("decision_row", "run_step", "decision"):
    kinds = {k for (k,) in db.execute(f"SELECT DISTINCT typeof(step) FROM {t}")}
    if kinds - {"integer", "null"} or "integer" not in kinds: no(f"{t}.step has types {sorted(kinds)}")
for t in ("decision_row", "run_step"):
    n = db.execute(f"SELECT count(*) FROM {t} WHERE typeof(step) != 'integer'").fetchone()[0]
    if n: no(f"{t}: {n} rows whose step is not an integer")
steps = [s for (s,) in db.execute("SELECT step FROM decision WHERE step IS NOT NULL ORDER BY step")]
if not (min(steps) < 10 <= max(steps)): no(f"the records want steps below and from 10: {min(steps)}..{max(steps)}")
if steps != sorted(steps, key=int): no("ORDER BY step does not sort numerically")
if db.execute("SELECT count(*) FROM decision WHERE step IS NULL AND error IS NULL").fetchone()[0]:
    no("a step NULL without an error to say why")
# SQLite: money a number of yuan
kinds = {k for (k,) in db.execute("SELECT DISTINCT typeof(罚款) FROM decision")}
if kinds != {"real", "null"}: no(f"money column 罚款 has types {sorted(kinds)}, want real and null")
got = sorted({f"{v:.2f}" for (v,) in db.execute("SELECT 罚款 FROM decision WHERE 罚款 IS NOT NULL")})
want = sorted(l.strip() for l in open(fines))
if got != want: no(f"罚款 in the output {got}, in the records {want}")
# JSON lines
n = money = 0
for i, line in enumerate(open(out, encoding="utf-8"), 1):
    n += 1
    d = json.loads(line)
    keys = list(d)
    if keys[:2] != ["run", "as_of"]: no(f"line {i}: starts with {keys[:2]}, want run, as_of"); continue
    m = re.fullmatch(NAME, d["run"])
    if not m or m.group(3) != phash[:8]: no(f"line {i}: run {d['run']!r} is not named as run.name is ({name!r})")
    elif not before <= int(datetime.datetime.strptime(m.group(1), "%Y%m%dT%H%M%S")
                            .replace(tzinfo=datetime.timezone.utc).timestamp()) <= after:
        no(f"line {i}: run {d['run']!r} did not start while the run did")
    if d["as_of"] != as_of: no(f"line {i}: as_of {d['as_of']!r}, the run table {as_of!r}")
    if d["step"] is not None and (type(d["step"]) is not int or d["step"] < 1): no(f"line {i}: step {d['step']!r}")
    if d["step"] is None and d["error"] is None: no(f"line {i}: step null without an error")
    for where, pat in (("field", r'"罚款":(-?\d+\.\d\d|null)[,}]'), ("trace", r'"p\.fine_yuan":(-?\d+\.\d\d|null)[,}]')):
        if '"罚款"' in line and not re.search(pat, line) and (where == "field" or '"p.fine_yuan"' in line):
            no(f"line {i}: the {where}'s money is not a number with two decimals: {line[:300]}")
    if d.get("罚款") is not None:
        money += 1
        if not isinstance(d["罚款"], float): no(f"line {i}: 罚款 parses as {type(d['罚款']).__name__}")
if len({json.loads(l)["run"] for l in open(out, encoding="utf-8")}) != 1: no("lines of one run with several names")
if not money: no("no decision with a fine")
if n != db.execute("SELECT count(*) FROM decision").fetchone()[0]: no("the JSON lines and the database disagree on the count")
if not re.search(r'"罚款":20000\.00[,}]', open(out, encoding="utf-8").read()) and "20000.00" in want:
    no("the fine of 20000 yuan is not written 20000.00")
sys.exit(1 if bad else 0)
PY

# a file as an earlier xiufu wrote it: step without a type holding text, money a TEXT
# column, no run.name, the view as it was; explained as before, and a run appended to
# it reads back as integers
cp typed.db old.db
python3 - old.db <<'PY' || fail "could not make an output file of the old layout"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("DROP VIEW decision; ALTER TABLE run DROP COLUMN name;")
def retype(table, retyped):
    cols = [(c, t) for (_, c, t, *_r) in db.execute(f"PRAGMA table_info({table})")]
    decl = ", ".join(f'"{c}" {retyped.get(c, (t,))[0]}' for c, t in cols)
    pk = " , PRIMARY KEY (run, policy, step)) WITHOUT ROWID" if table == "run_step" else ")"
    sel = ", ".join(retyped[c][1] if c in retyped else f'"{c}"' for c, _ in cols)
    db.executescript(f"ALTER TABLE {table} RENAME TO old_{table}; CREATE TABLE {table}({decl}{pk};"
                     f"INSERT INTO {table} SELECT {sel} FROM old_{table}; DROP TABLE old_{table};")
retype("decision_row", {"step": ("", "CAST(step AS TEXT)"),
                        "罚款": ("TEXT", "CASE WHEN 罚款 IS NOT NULL THEN rtrim(rtrim(printf('%.2f', 罚款), '0'), '.') END")})
retype("run_step", {"step": ("", "CAST(step AS TEXT)")})
extra = "".join(f', d."{c}" AS "{c}"' for (c,) in db.execute("SELECT name FROM pragma_table_info('decision_row') WHERE cid >= 10"))
db.executescript("CREATE VIEW decision AS SELECT d.run AS run, p.name AS policy, p.subject_table AS subject_table,"
    " d.subject_id AS subject_id, d.uscc AS uscc, o.code AS outcome,"
    " date(d.eligible_from * 86400, 'unixepoch') AS eligible_from,"
    " date(d.stops_on * 86400, 'unixepoch') AS stops_on, d.step AS step, s.basis AS basis,"
    " d.error AS error, d.trace AS trace" + extra +
    " FROM decision_row d JOIN run_policy p ON p.run = d.run AND p.id = d.policy"
    " LEFT JOIN outcome_code o ON o.id = d.outcome"
    " LEFT JOIN run_step s ON s.run = d.run AND s.policy = d.policy AND s.step = d.step")
db.commit()
n = db.execute("SELECT count(*) FROM decision_row WHERE typeof(step) = 'text'").fetchone()[0]
if not n or db.execute("SELECT count(*) FROM decision WHERE basis IS NULL AND step IS NOT NULL").fetchone()[0]:
    sys.exit("the old layout lost its steps' citations")
PY
sub=$(sqlite3 typed.db "SELECT a.subject_table || ':' || a.subject_id FROM decision a JOIN decision b
                        USING (subject_table, subject_id) WHERE a.step >= 10 AND b.罚款 IS NOT NULL LIMIT 1")
[ -n "$sub" ] || fail "typed output: no decision with a fine decided by a step from 10"
for f in typed old; do
  x explain_$f explain -d $f.db --subject "$sub" --lang en
  want_rc explain_$f 0
done
cmp -s explain_typed.out explain_old.out || fail "explain reads the old layout otherwise: $(diff explain_typed.out explain_old.out | head -5)"
grep -q "step 1[0-9]" explain_old.out || fail "explain of the old layout names no step from 10: $(head -20 explain_old.out)"
x old_append run "${typed[@]}" -o old.db --quiet
want_rc old_append 0
[ "$(sqlite3 old.db "SELECT count(*) FROM decision WHERE typeof(step) NOT IN ('integer', 'null')")" = 0 ] ||
  fail "the view of an appended old file shows steps that are not integers"
[ "$(sqlite3 old.db "SELECT group_concat(DISTINCT run) FROM (SELECT run FROM decision WHERE step IS NOT NULL ORDER BY step DESC LIMIT 1000000)")" != "" ] ||
  fail "no steps in the appended old file"
[ "$(sqlite3 old.db "SELECT count(*) FROM decision a JOIN decision b USING (subject_table, subject_id, policy)
                      WHERE a.run = 1 AND b.run = 2 AND (a.step IS NOT b.step OR a.basis IS NOT b.basis OR a.罚款 IS NOT b.罚款)")" = 0 ] ||
  fail "the old run and the one appended to its file differ in step, basis or fine"
[ "$(sqlite3 old.db "SELECT DISTINCT typeof(罚款) FROM decision_row WHERE run = 2 AND 罚款 IS NOT NULL")" = text ] ||
  fail "a run appended to a file with a TEXT money column mixed numbers into it"
[ "$(sqlite3 old.db "SELECT name IS NULL FROM run WHERE id = 1") $(sqlite3 old.db "SELECT name IS NOT NULL FROM run WHERE id = 2")" = "1 1" ] ||
  fail "run.name: NULL for the old run, the name for the appended one"
x explain_old2 explain -d old.db --run 1 --subject "$sub" --lang en
cmp -s explain_typed.out explain_old2.out || fail "explain of the old run changed once a run was appended"

if [ $failures -ne 0 ]; then
  echo "cli.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "cli.test.sh: ok"
