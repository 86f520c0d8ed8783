# expect.sh — sourced by the explain tests (needs xiufu, work, fail and
# checked set): expect CODE TEXT -- ARGS... runs `xiufu explain ARGS...` and
# fails unless it exits CODE with TEXT in its stdout or stderr.
expect() {
  local code=$1 text=$2 rc=0
  shift 3
  "$xiufu" explain "$@" > "$work/x.out" 2> "$work/x.err" || rc=$?
  checked=$((checked + 1))
  if [[ $rc -ne $code ]]; then
    fail "explain $*: exit $rc, want $code ($(head -3 "$work/x.err"))"
  elif [[ -n "$text" ]] && ! grep -qF -- "$text" "$work/x.out" "$work/x.err"; then
    fail "explain $*: output lacks '$text'"
  fi
}
