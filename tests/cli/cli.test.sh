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
cmp -s jsonl.out jsonl_interp.out || fail "--engine interp and the JIT give different decisions"

# -o and --jsonl agree
x run_db run -p "$policies" -d "$records" --as-of 2026-11-01 -o out.db --quiet
want_rc run_db 0
n_db=$(sqlite3 -batch out.db "select count(*) from decision where run = 1")
[ "$n_db" = "$(wc -l < jsonl.out)" ] || fail "-o wrote $n_db decisions, --jsonl $(wc -l < jsonl.out)"
[ ! -s run_db.err ] || fail "--quiet still printed: $(head -3 run_db.err)"

if [ $failures -ne 0 ]; then
  echo "cli.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "cli.test.sh: ok"
