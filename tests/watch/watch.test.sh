#!/usr/bin/env bash
# watch.test.sh XIUFU SOURCE_DIR WORK_DIR — `xiufu check --watch`: checks at once, again
# after a file is saved in place and after one is replaced by a rename (as editors save),
# and after a new file appears in a watched folder; each check's diagnostics are the
# ones `xiufu check` gives.
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work/w"
cd "$work"
fail=0
bad() { echo "FAIL: $*"; fail=1; }

good='module watch.example
use schema
basis "《示例规定》"
policy 示例 for p: penalty
  let 期限 = 3 months  basis "第一条"
  decide
    expired from met(p.decided, 期限)  basis "第一条"
    not_yet otherwise                 basis "第一条"'
printf '%s\n' "$good" > w/a.xf

"$xiufu" check --lang en --watch w > out 2> err &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT

# wait_checks N: until N checks have been reported (at most 20 s)
wait_checks() {
  for _ in $(seq 200); do
    [ "$(grep -c '\] checked:' err || true)" -ge "$1" ] && return 0
    sleep 0.1
  done
  bad "check number $1 did not come; stderr so far:"; cat err; exit 1
}

wait_checks 1
grep -q '\] checked: 0 error(s), 0 warning(s); watching' err || bad "first check: $(tail -1 err)"

# saved in place: a misspelt field
printf '%s\n' "${good/p.decided/p.decidd}" > w/a.xf
wait_checks 2
grep -q "^w/a.xf:7:24: error: .*decidd" err || bad "second check lacks the diagnostic: $(cat err)"
grep -q '\] checked: 1 error(s), 0 warning(s)' err || bad "second check: $(tail -1 err)"

# replaced by a rename, as editors save: fixed again
printf '%s\n' "$good" > w/.a.xf.swp && mv w/.a.xf.swp w/a.xf
wait_checks 3
[ "$(tail -1 err | grep -c '0 error(s), 0 warning(s)')" = 1 ] || bad "third check: $(tail -1 err)"

# a new file in the watched folder, using a module that does not exist
printf 'module watch.other\nuse watch.nosuch\n' > w/b.xf
wait_checks 4
grep -q '^w/b.xf:2:5: error: .*watch.nosuch' err || bad "fourth check lacks b.xf's error: $(tail -3 err)"

# a file that is no policy changes nothing
echo note > w/notes.txt
sleep 1
[ "$(grep -c '\] checked:' err)" = 4 ] || bad "a .txt file made a check"

kill $pid
wait $pid 2>/dev/null || true
[ ! -s out ] || bad "text diagnostics went to stdout"
[ $fail -eq 0 ] && echo "watch: ok"
exit $fail
