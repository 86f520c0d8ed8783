#!/usr/bin/env bash
# fmt.test.sh XIUFU SOURCE_DIR WORK_DIR — `xiufu fmt`:
#   - each cases/NAME.in.xf lays out as cases/NAME.out.xf, and that layout is its own;
#   - a file with syntax errors is refused with its diagnostics (cases/NAME.err.zh / .en), exit 1;
#   - --check names the files that would change and exits 1, -w rewrites them, - reads stdin;
#   - the layout of every policy file the project ships (policies/, readings/, the
#     e2e packs) is stable, and every one of them is already in it.
set -euo pipefail
xiufu=$1 src=$2 work=$3
mkdir -p "$work"
cd "$src/tests/fmt"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

for in in cases/*.in.xf; do
  name=${in%.in.xf}
  if [ -f "$name.out.xf" ]; then
    "$xiufu" fmt "$in" > "$work/out.xf" || bad "$in: fmt exited $?"
    diff -u "$name.out.xf" "$work/out.xf" || bad "$in: layout differs from $name.out.xf"
    "$xiufu" fmt "$name.out.xf" > "$work/again.xf" || bad "$name.out.xf: fmt exited $?"
    cmp -s "$name.out.xf" "$work/again.xf" || bad "$name.out.xf: its layout is not its own"
  else
    for lang in zh en; do
      rc=0
      "$xiufu" fmt --lang $lang "$in" > "$work/out.xf" 2> "$work/err" || rc=$?
      [ $rc -eq 1 ] || bad "$in ($lang): exit $rc, want 1"
      [ ! -s "$work/out.xf" ] || bad "$in ($lang): printed a layout of a file with syntax errors"
      diff -u "$name.err.$lang" "$work/err" || bad "$in ($lang): diagnostics differ"
    done
  fi
done

# standard input, for an editor's filter
"$xiufu" fmt - < cases/policy.in.xf > "$work/stdin.xf" || bad "fmt - exited $?"
cmp -s cases/policy.out.xf "$work/stdin.xf" || bad "fmt - did not lay standard input out"

# --check and -w on copies: one file to change, one already laid out
rm -rf "$work/ci" && mkdir -p "$work/ci"
cp cases/policy.in.xf "$work/ci/a.xf"
cp cases/declarations.out.xf "$work/ci/b.xf"
rc=0
"$xiufu" fmt --check "$work/ci" > "$work/check.out" || rc=$?
[ $rc -eq 1 ] || bad "--check with a file to change: exit $rc, want 1"
[ "$(cat "$work/check.out")" = "$work/ci/a.xf" ] || bad "--check named: $(cat "$work/check.out")"
cmp -s cases/policy.in.xf "$work/ci/a.xf" || bad "--check wrote to a file"
"$xiufu" fmt -w "$work/ci" || bad "-w exited $?"
cmp -s cases/policy.out.xf "$work/ci/a.xf" || bad "-w did not write the layout"
"$xiufu" fmt --check "$work/ci" > "$work/check.out" || bad "--check after -w exited $?"
[ ! -s "$work/check.out" ] || bad "--check after -w named: $(cat "$work/check.out")"
cp cases/syntax_error.in.xf "$work/ci/c.xf"
rc=0
"$xiufu" fmt --check "$work/ci" > /dev/null 2>&1 || rc=$?
[ $rc -eq 1 ] || bad "--check with a syntax error: exit $rc, want 1"
rc=0
"$xiufu" fmt --check -w "$work/ci" 2> /dev/null || rc=$?
[ $rc -eq 2 ] || bad "--check -w: exit $rc, want 2"

# every shipped policy file: a stable layout, and already in it
cd "$src"
shipped=$(find policies readings tests/e2e -name '*.xf' | sort)
[ -n "$shipped" ] || bad "no shipped policy files found"
for f in $shipped; do
  "$xiufu" fmt "$f" > "$work/once.xf" || { bad "$f: fmt exited $?"; continue; }
  "$xiufu" fmt "$work/once.xf" > "$work/twice.xf" || bad "$f: fmt of its layout exited $?"
  cmp -s "$work/once.xf" "$work/twice.xf" || bad "$f: layout not stable"
done
"$xiufu" fmt --check policies readings tests/e2e > "$work/unformatted" || bad "not in the house layout (xiufu fmt -w them): $(cat "$work/unformatted")"

[ $fail -eq 0 ] && echo "fmt: ok"
exit $fail
