#!/usr/bin/env bash
# files.test.sh XIUFU SOURCE_DIR WORK_DIR
#
# Nothing a user had is lost to an output (docs/bad-input.md), and nothing a
# record holds reaches the terminal as a control sequence: an output
# path that is one of the inputs is refused; --html and --documents write a
# fresh temporary file beside the target and rename it, so a symbolic link
# planted beside it redirects nothing, and a write that fails (here a file
# size limit) leaves the previous report whole; a write error on stdout is
# an error; -d, -o and --as-of given twice are refused.
set -euo pipefail
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
# expect CODE NAME ARGS...: xiufu exits CODE; stderr in NAME.err
expect() {
  local want=$1 name=$2 rc=0
  shift 2
  "$xiufu" "$@" > "$name.out" 2> "$name.err" || rc=$?
  [[ $rc == "$want" ]] || fail "$name: exit $rc, want $want: $(head -3 "$name.err")"
}

"$xiufu" gen --entities 2000 --quiet -o r.db > /dev/null
set +e
"$xiufu" run --quiet -p "$src/policies/national" -d r.db --as-of 2026-11-01 -o out.db
set -e
cp r.db r.before && cp out.db out.before

# an output that is an input
expect 2 run-o-is-d run -p "$src/policies/national" -d r.db --as-of 2026-11-01 -o r.db --lang en
grep -q "is the records database" run-o-is-d.err || fail "run -o = -d: $(cat run-o-is-d.err)"
expect 2 run-o-is-d-zh run -p "$src/policies/national" -d r.db --as-of 2026-11-01 -o r.db
grep -q "r.db 是记录库（-d）" run-o-is-d-zh.err || fail "run -o = -d, in Chinese: $(cat run-o-is-d-zh.err)"
ln -s r.db alias.db
expect 2 run-o-alias run -p "$src/policies/national" -d r.db --as-of 2026-11-01 -o alias.db
cmp -s r.db r.before || fail "run -o = -d changed the records"
cp "$src/policies/national/samr_2021_penalty.xf" p.xf && cp p.xf p.before
expect 2 run-o-policy run -p p.xf -d r.db -o p.xf --lang en
grep -q "a policy file it reads" run-o-policy.err || fail "run -o = -p: $(cat run-o-policy.err)"
cmp -s p.xf p.before || fail "run -o = -p changed the policy file"
expect 2 html-is-d explain -d out.db --outcome can_apply --html out.db
grep -q "is the decisions file it reads" html-is-d.err || fail "--html = -d: $(cat html-is-d.err)"
cmp -s out.db out.before || fail "explain --html = -d changed the decisions"

# a run's rows left behind when its run row was deleted are not adopted by
# the next run: its id is past every id any table holds
cp out.db orphan.db
sqlite3 orphan.db "DELETE FROM run"
rc=0
"$xiufu" run --quiet -p "$src/policies/national" -d r.db --as-of 2026-10-01 -o orphan.db || rc=$?
[[ $rc == 0 || $rc == 1 ]] || fail "a run after orphan rows: exit $rc"
[[ $(sqlite3 orphan.db "SELECT id FROM run") == 2 ]] || fail "the new run's id is $(sqlite3 orphan.db "SELECT id FROM run"), want 2"
[[ $(sqlite3 orphan.db "SELECT count(*) FROM decision_row WHERE run = 2") -gt 0 ]] || fail "the new run wrote no decisions"
[[ $(sqlite3 orphan.db "SELECT count(*) FROM decision_row WHERE run = 1") == $(sqlite3 out.db "SELECT count(*) FROM decision_row") ]] ||
  fail "the orphan rows changed"

# repeated options
expect 2 two-d run -p "$src/policies/national" -d r.db -d out.db -o x.db
grep -q -- "选项 -d 给了两次" two-d.err || fail "-d twice: $(cat two-d.err)"
expect 2 two-asof run -p "$src/policies/national" -d r.db --as-of 2026-01-01 --as-of 2026-11-01 -o x.db
grep -q -- "选项 --as-of 给了两次" two-asof.err || fail "--as-of twice: $(cat two-asof.err)"
expect 2 two-o run -p "$src/policies/national" -d r.db -o x.db -o y.db
[[ ! -e x.db && ! -e y.db ]] || fail "a refused run left an output"

# a link planted where a temporary file used to be named is not followed
echo "precious" > victim.txt
ln -s victim.txt report.html.tmp~
expect 0 html explain -d out.db --outcome can_apply --limit 2 --html report.html
grep -q "<html" report.html || fail "no report written"
[[ $(cat victim.txt) == precious ]] || fail "the report was written through a planted link"
# a report that is itself a link is replaced, the file it pointed to is untouched
ln -s victim.txt linked.html
expect 0 html-linked explain -d out.db --outcome can_apply --limit 1 --html linked.html
[[ $(cat victim.txt) == precious && ! -L linked.html ]] || fail "--html wrote through a link"
# a failed write keeps the previous report whole and leaves no temporary file
cp report.html report.before
rc=0
(trap '' XFSZ; ulimit -f 8; "$xiufu" explain -d out.db --outcome not_yet --limit 200 --html report.html) 2> full.err || rc=$?
[[ $rc == 1 ]] || fail "a failed report write exits $rc: $(cat full.err)"
grep -q "cannot write report.html" full.err || fail "failed write: $(cat full.err)"
cmp -s report.html report.before || fail "a failed write damaged the previous report"
ls report.html.?????? 2> /dev/null && fail "a temporary file was left: $(ls report.html.??????)"
# documents likewise
mkdir -p docs
rc=0
"$xiufu" run --quiet -p "$src/policies/national" -d r.db --as-of 2026-11-01 -o d.db --documents docs > /dev/null 2>&1 || rc=$?
[[ $rc == 0 || $rc == 1 ]] || fail "run --documents exits $rc"

# record text never drives the terminal: escapes in a bad row's value and
# in a traced text are shown as \xNN
cp r.db esc.db
sid=$(sqlite3 out.db "SELECT subject_id FROM decision WHERE subject_table = 'serious' AND responsible IS NOT NULL LIMIT 1")
[[ -n $sid ]] || fail "no serious-list decision to explain"
sqlite3 esc.db "UPDATE penalty SET domain = char(27) || '[31m食品' WHERE id = 1;
                UPDATE serious SET authority = 'x' || char(27) || ']0;pwned' || char(7) WHERE id = $sid"
rc=0
"$xiufu" run --quiet -p "$src/policies/national" -d esc.db --as-of 2026-11-01 -o esc-out.db 2> esc-run.err || rc=$?
grep -q $'\e' esc-run.err && fail "an escape reached stderr: $(cat -v esc-run.err | head -2)"
grep -qF '\x1b[31m' esc-run.err || fail "the bad row's value is not shown escaped: $(head -2 esc-run.err)"
"$xiufu" explain -d esc-out.db --subject "serious:$sid" > esc.txt
grep -q $'\e\|\a' esc.txt && fail "an escape reached stdout"
grep -qF 'x\x1b]0;pwned\x07' esc.txt || fail "the traced text is not shown escaped"

# inputs that are not files: a FIFO would block a reader forever
mkfifo fifo.xf fifo.so fifo.db
mkdir folder.db
: > empty.db
expect 1 fifo-policy check fifo.xf
grep -q "is not a regular file" fifo-policy.err || fail "a FIFO as a policy: $(cat fifo-policy.err)"
expect 1 fifo-pack run -p fifo.so -d r.db -o x.db
grep -q "is not a regular file" fifo-pack.err || fail "a FIFO as a pack: $(cat fifo-pack.err)"
for d in fifo folder empty; do
  expect 1 "records-$d" run --lang en -p "$src/policies/national" -d "$d.db" -o x.db
  [[ ! -e x.db ]] || fail "-d $d.db left an output"
done
grep -q "fifo.db: not a regular file, not a records database" records-fifo.err || fail "-d FIFO: $(cat records-fifo.err)"
grep -q "folder.db: a folder, not a records database" records-folder.err || fail "-d folder: $(cat records-folder.err)"
grep -q "empty.db: an empty file, not a records database" records-empty.err || fail "-d empty: $(cat records-empty.err)"

# stdout that cannot be written
if [[ -w /dev/full ]]; then
  rc=0
  "$xiufu" explain -d out.db --outcome can_apply --limit 1 > /dev/full 2> devfull.err || rc=$?
  [[ $rc == 1 ]] || fail "explain > /dev/full exits $rc"
  grep -q "cannot write to standard output" devfull.err || fail "/dev/full: $(cat devfull.err)"
  # the reason given is the failed write's, not a stale one
  rc=0
  "$xiufu" check --dump=steps "$src/policies/national" > /dev/full 2> devfull-check.err || rc=$?
  [[ $rc == 1 ]] || fail "check --dump=steps > /dev/full exits $rc"
  grep -q "cannot write to standard output" devfull-check.err || fail "check > /dev/full: $(cat devfull-check.err)"
  ! grep -q "No such file" devfull-check.err || fail "check > /dev/full gives a stale reason: $(cat devfull-check.err)"
  rc=0
  "$xiufu" run --quiet --engine interp -p "$src/policies/national" -d r.db --as-of 2026-11-01 --jsonl \
    > /dev/full 2> devfull-run.err || rc=$?
  [[ $rc == 1 ]] || fail "run --jsonl > /dev/full exits $rc"
  grep -q "cannot write the JSON lines: No space left on device" devfull-run.err || fail "run --jsonl > /dev/full: $(cat devfull-run.err)"
fi

((failures == 0)) || { echo "$failures failure(s)" >&2; exit 1; }
echo "outputs: ok"
