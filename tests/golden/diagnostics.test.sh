#!/usr/bin/env bash
# diagnostics.test.sh XIUFU SOURCE_DIR WORK_DIR
#
# Golden diagnostics: every cases/NAME.xf is checked from inside cases/ (so
# paths print as `NAME.xf`) and its stderr is compared byte for byte with
#   NAME.zh.txt   `xiufu check NAME.xf`             (default language, Chinese)
#   NAME.en.txt   `xiufu check --lang en NAME.xf`
# The expected exit code follows from the expected output: 1 when NAME.en.txt
# holds at least one `: error: ` line, else 0 (warnings only, or nothing).
# stdout must stay empty.
#
# steps/NAME.xf: `xiufu check --dump=steps NAME.xf` must print NAME.steps.txt
# on stdout, nothing on stderr, and exit 0.
# tokens/NAME.xf: `xiufu check --dump=tokens NAME.xf` likewise prints
# NAME.tokens.txt, ending with exactly one end-of-file record.
#
# pending/: cases whose expected files record the CORRECT output that the
# compiler does not produce yet (see the report that added them).  They are
# run and reported, but do not fail the test; when one starts to pass, move
# its files to cases/ (or tokens/ for NAME.tokens.txt).
#
# To rewrite the expected files of cases/, steps/ and tokens/ from the current binary:
#   UPDATE_GOLDEN=1 bash tests/golden/diagnostics.test.sh build/xiufu . /tmp/golden
# then READ every changed file (git diff tests/golden) before committing it:
# a golden file that records a wrong message is a bug.  pending/ is never
# rewritten.
#
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 XIUFU SOURCE_DIR WORK_DIR" >&2
  exit 2
fi
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
work=$3
here=$src/tests/golden
update=${UPDATE_GOLDEN:-0}

rm -rf "$work"
mkdir -p "$work"

failures=0
checked=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# run_check DIR NAME LANG OUT ERR: prints the exit code
run_check() {
  local dir=$1 name=$2 lang=$3 out=$4 err=$5 rc=0
  if [ "$lang" = zh ]; then
    (cd "$dir" && "$xiufu" check "$name.xf") > "$out" 2> "$err" || rc=$?
  else
    (cd "$dir" && "$xiufu" check --lang "$lang" "$name.xf") > "$out" 2> "$err" || rc=$?
  fi
  echo "$rc"
}

expected_rc() { # EN_FILE
  if grep -q ': error: ' "$1"; then echo 1; else echo 0; fi
}

# check_case DIR NAME MODE: MODE is "case" (failures count) or "pending"
# (only reported); returns 0 when the case passes.
check_case() {
  local dir=$1 name=$2 mode=$3 ok=0 lang rc want
  for lang in en zh; do
    local exp=$dir/$name.$lang.txt out=$work/$mode.$name.$lang.out err=$work/$mode.$name.$lang.err
    rc=$(run_check "$dir" "$name" "$lang" "$out" "$err")
    if [ "$mode" = case ] && [ "$update" = 1 ]; then
      cp "$err" "$exp"
    fi
    if [ ! -f "$exp" ]; then
      [ "$mode" = case ] && fail "$name: no expected file $name.$lang.txt (run with UPDATE_GOLDEN=1, then read it)"
      ok=1
      continue
    fi
    if ! cmp -s "$exp" "$err"; then
      ok=1
      if [ "$mode" = case ]; then
        fail "$name ($lang): diagnostics differ from $name.$lang.txt:"
        diff -u "$exp" "$err" | sed 's/^/    /' >&2 || true
      fi
    fi
    want=$(expected_rc "$dir/$name.en.txt" 2>/dev/null || echo 0)
    if [ "$rc" != "$want" ]; then
      ok=1
      [ "$mode" = case ] && fail "$name ($lang): exit code $rc, want $want"
    fi
    if [ -s "$out" ]; then
      ok=1
      [ "$mode" = case ] && fail "$name ($lang): unexpected output on stdout: $(head -c 200 "$out")"
    fi
  done
  return $ok
}

# ---- cases -------------------------------------------------------------
shopt -s nullglob
cases=("$here"/cases/*.xf)
[ ${#cases[@]} -gt 0 ] || fail "no cases in $here/cases"
for xf in "${cases[@]}"; do
  name=$(basename "$xf" .xf)
  checked=$((checked + 1))
  check_case "$here/cases" "$name" case || true
done

# --lang zh is the default
if [ -f "$here/cases/acceptance_three_mistakes.xf" ]; then
  rc=0
  (cd "$here/cases" && "$xiufu" check --lang zh acceptance_three_mistakes.xf) 2> "$work/lang-zh.err" > /dev/null || rc=$?
  [ $rc -eq 1 ] || fail "--lang zh: exit $rc, want 1"
  cmp -s "$work/lang-zh.err" "$here/cases/acceptance_three_mistakes.zh.txt" \
    || fail "--lang zh differs from the default language"
fi

# ---- steps -------------------------------------------------------------
for xf in "$here"/steps/*.xf; do
  name=$(basename "$xf" .xf)
  checked=$((checked + 1))
  exp=$here/steps/$name.steps.txt out=$work/steps.$name.out err=$work/steps.$name.err
  rc=0
  (cd "$here/steps" && "$xiufu" check --dump=steps "$name.xf") > "$out" 2> "$err" || rc=$?
  [ "$update" = 1 ] && cp "$out" "$exp"
  [ $rc -eq 0 ] || fail "steps $name: exit $rc, want 0"
  [ ! -s "$err" ] || fail "steps $name: unexpected diagnostics: $(head -c 400 "$err")"
  if [ ! -f "$exp" ]; then
    fail "steps $name: no expected file $name.steps.txt"
  elif ! cmp -s "$exp" "$out"; then
    fail "steps $name: --dump=steps differs from $name.steps.txt:"
    diff -u "$exp" "$out" | sed 's/^/    /' >&2 || true
  fi
done

# ---- tokens --------------------------------------------------------------
no_eof() { cat "$1"; }  # the end-of-file record is compared too
for xf in "$here"/tokens/*.xf; do
  name=$(basename "$xf" .xf)
  checked=$((checked + 1))
  exp=$here/tokens/$name.tokens.txt out=$work/tokens.$name.out err=$work/tokens.$name.err
  rc=0
  (cd "$here/tokens" && "$xiufu" check --dump=tokens "$name.xf") > "$out" 2> "$err" || rc=$?
  [ "$update" = 1 ] && no_eof "$out" > "$exp"
  [ $rc -eq 0 ] || fail "tokens $name: exit $rc, want 0"
  [ ! -s "$err" ] || fail "tokens $name: unexpected diagnostics: $(head -c 400 "$err")"
  [ "$(grep -c ' end of file$' "$out" || true)" = 1 ] || fail "tokens $name: want exactly one end-of-file record"
  if [ ! -f "$exp" ]; then
    fail "tokens $name: no expected file $name.tokens.txt"
  elif ! cmp -s "$exp" <(no_eof "$out"); then
    fail "tokens $name: --dump=tokens differs from $name.tokens.txt:"
    diff -u "$exp" <(no_eof "$out") | sed 's/^/    /' >&2 || true
  fi
done

# ---- pending (reported, never fatal) --------------------------------------
npending=0
for xf in "$here"/pending/*.xf; do
  name=$(basename "$xf" .xf)
  npending=$((npending + 1))
  if [ -f "$here/pending/$name.tokens.txt" ]; then
    rc=0
    (cd "$here/pending" && "$xiufu" check --dump=tokens "$name.xf") > "$work/pending.$name.out" 2> /dev/null || rc=$?
    if [ $rc -eq 0 ] && cmp -s "$here/pending/$name.tokens.txt" "$work/pending.$name.out"; then
      echo "PENDING CASE NOW PASSES: $name (move pending/$name.* to tokens/)"
    else
      echo "pending: $name still fails (expected output in pending/$name.tokens.txt)"
    fi
    continue
  fi
  if check_case "$here/pending" "$name" pending; then
    echo "PENDING CASE NOW PASSES: $name (move pending/$name.* to cases/)"
  else
    echo "pending: $name still fails (expected output in pending/$name.*.txt)"
  fi
done

if [ $failures -ne 0 ]; then
  echo "diagnostics.test.sh: $failures failure(s) in $checked golden cases" >&2
  exit 1
fi
[ "$update" = 1 ] && echo "diagnostics.test.sh: expected files of cases/, steps/ and tokens/ rewritten; read them before committing"
echo "diagnostics.test.sh: ok ($checked golden cases, $npending pending)"
