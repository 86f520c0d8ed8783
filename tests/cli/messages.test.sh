#!/usr/bin/env bash
# messages.test.sh XIUFU SOURCE_DIR WORK_DIR
# What the command line says about itself, word for word: every subcommand's
# --help in Chinese and English (exit 0, on stdout), and each kind of wrong
# flag — a bad value, a missing one, a flag given twice, flags that exclude
# each other, an unknown flag or command with the nearest one — naming the
# flag and why (exit 2, on stderr).  The cases are messages/cases.txt, the
# expected text messages/NAME.txt.  Nothing here reads or writes records:
# every case stops at the command line.
set -euo pipefail

. "$(dirname "$0")/../lib/args.sh" "$@"
golden=$src/tests/cli/messages
failures=0 ran=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

while read -r name rest; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  eval "args=($rest)"
  rc=0
  # from the source folder, so that policies/national is found and messages name it so
  (cd "$src" && "$xiufu" "${args[@]}" > "$work/$name.out" 2> "$work/$name.err") || rc=$?
  { echo "exit $rc"; echo "--- stdout"; cat "$work/$name.out"; echo "--- stderr"; cat "$work/$name.err"; } > "$work/$name.txt"
  ran=$((ran + 1))
  if [[ "${XF_UPDATE_GOLDEN:-}" == 1 ]]; then
    cp "$work/$name.txt" "$golden/$name.txt"
  elif [[ ! -f "$golden/$name.txt" ]]; then
    fail "$name: no golden file messages/$name.txt"
  elif ! diff -u "$golden/$name.txt" "$work/$name.txt" > "$work/$name.diff"; then
    fail "$name (xiufu $rest) differs from messages/$name.txt:"
    cat "$work/$name.diff"
  fi
  # help on stdout with exit 0; a usage error on stderr with exit 2 and nothing on stdout
  case $name in
    help_*|*_help|*_help_en) [[ $rc == 0 && -s "$work/$name.out" && ! -s "$work/$name.err" ]] || fail "$name: help must exit 0 on stdout" ;;
    *) [[ $rc == 2 && ! -s "$work/$name.out" && -s "$work/$name.err" ]] || fail "$name: exit $rc; a usage error must exit 2 on stderr only" ;;
  esac
done < "$golden/cases.txt"

# every option a --help lists is one the command accepts: each line of the
# form "  -x ..." or "  --xx ..." names a flag that is not refused as unknown
for cmd in check run eval test explain diff fmt lsp gen demo build "pack info" keygen; do
  # shellcheck disable=SC2086
  "$xiufu" $cmd --help --lang en | grep -oE '^  (-[A-Za-z]|--[a-z-]+)' | sed 's/^  //' | sort -u | while read -r flag; do
    [[ $flag == -h || $flag == -O ]] && continue
    # shellcheck disable=SC2086
    if "$xiufu" $cmd --lang en "$flag" < /dev/null 2>&1 | grep -q "unknown option '$flag'"; then echo "FAIL: $cmd --help lists $flag, which it refuses"; fi
  done
done | tee "$work/listed.txt"
[[ -s "$work/listed.txt" ]] && failures=$((failures + 1))

echo "messages.test.sh: $ran case(s), $failures failure(s)"
[[ $failures == 0 ]]
