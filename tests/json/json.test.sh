#!/usr/bin/env bash
# json.test.sh XIUFU SOURCE_DIR WORK_DIR — `check --format json` and `test --format json`:
# the output is one JSON document on stdout (nothing on stderr), exactly as in
# golden/NAME.LANG.json, and the exit code is the one the text output gives.
set -euo pipefail
xiufu=$1 src=$2 work=$3
mkdir -p "$work"
cd "$src/tests/json"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# run NAME WANT_RC COMMAND...: stdout against golden/NAME.json, stderr empty
run() {
  local name=$1 want=$2 rc=0
  shift 2
  "$xiufu" "$@" > "$work/$name.json" 2> "$work/$name.err" || rc=$?
  [ $rc -eq "$want" ] || bad "$name: exit $rc, want $want"
  [ ! -s "$work/$name.err" ] || bad "$name: wrote to stderr: $(head -3 "$work/$name.err")"
  python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$work/$name.json" ||
    bad "$name: not one JSON document"
  if [ "${XF_UPDATE_GOLDEN:-}" = 1 ]; then cp "$work/$name.json" "golden/$name.json"; fi
  diff -u "golden/$name.json" "$work/$name.json" || bad "$name: differs from golden/$name.json"
}

run check_errors.zh 1 check --format json cases/check_errors.xf
run check_errors.en 1 check --format json --lang en cases/check_errors.xf
run check_missing.en 1 check --format json --lang en cases/no_such_file.xf
run check_clean.zh 0 check --format json cases/test_results.xf
run test_results.zh 1 test --format json cases/test_results.xf
run test_results.en 1 test --format json --lang en cases/test_results.xf
run test_check_errors.en 1 test --format json --lang en cases/check_errors.xf
rc=0
"$xiufu" check --format yaml cases/check_errors.xf 2> "$work/usage.err" || rc=$?
[ $rc -eq 2 ] || bad "--format yaml: exit $rc, want 2"
grep -qE "text (or|或) json" "$work/usage.err" || bad "--format yaml: no reason given"

[ $fail -eq 0 ] && echo "json: ok"
exit $fail
