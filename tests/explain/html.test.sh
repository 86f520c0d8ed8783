#!/usr/bin/env bash
# The HTML report of `xiufu explain --html`: one self-contained page for a few
# decisions, checked as text, then (when Chromium is installed) rendered in a
# headless browser: the DOM must show the outcome, the basis and a computed
# date, and a screenshot is kept as WORK_DIR/report.png.
# Usage: html.test.sh XIUFU SOURCE_DIR WORK_DIR
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
records=$work/records.db out=$work/out.db page=$work/report.html
sqlite3 "$records" < "$src/runtime/records.sql"
sqlite3 "$records" < "$src/tests/e2e/national/fixture.sql"
"$xiufu" run --quiet -p "$src/policies/national" -d "$records" --as-of 2026-11-01 -o "$out"
rm -f "$records"

# Text that must be escaped, planted in an output column of one decision.
sqlite3 "$out" "UPDATE decision_row SET responsible = '<script>alert(1)</script> & \"q\"'
                WHERE (run, policy) IN (SELECT run, id FROM run_policy WHERE subject_table = 'abnormal')
                  AND subject_id = 17"

failures=0
fail() { failures=$((failures + 1)); printf 'FAIL: %s\n' "$*"; }

# Entity 14 has two penalties (cases 14 and 14b); entity 17 a penalty and an abnormal-list entry.
"$xiufu" explain -d "$out" --uscc 911101050000000149 --html "$work/e14.html" 2> /dev/null
"$xiufu" explain -d "$out" --uscc 91110105000000017J --html "$work/e17.html" 2> /dev/null
cat "$work/e14.html" > "$page"  # the page the browser checks

for f in "$work/e14.html" "$work/e17.html"; do
  grep -q '^<!DOCTYPE html>' "$f" || fail "$f: no doctype"
  grep -q '<meta charset="utf-8">' "$f" || fail "$f: no charset"
  # self-contained: no script, no external resource, no link
  if grep -Eiq '<script|<link|<img|<iframe| src=| href=|@import|url\(' "$f"; then
    fail "$f: not self-contained: $(grep -Eio '<script|<link|<img|<iframe| src=| href=|@import|url\(' "$f" | head -1)"
  fi
  [[ $(grep -c '<details>' "$f") == $(grep -c '</details>' "$f") ]] || fail "$f: unbalanced <details>"
  [[ $(grep -c '<article' "$f") == $(grep -c '</article>' "$f") ]] || fail "$f: unbalanced <article>"
done
[[ $(grep -c '<article' "$work/e14.html") == 2 ]] || fail "e14.html: want 2 decisions"
[[ $(grep -c '<section class="entity">' "$work/e14.html") == 1 ]] || fail "e14.html: want one entity group"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;' "$work/e17.html" || fail "e17.html: text not escaped"
grep -qF '<span class="date">2026-04-06</span>' "$page" || fail "report.html: eligible_from not marked as a date"

. "$src/tests/lib/chromium.sh"
chrome --dump-dom "file://$page" > "$work/dom.html" 2> "$work/chromium.err" || fail "chromium --dump-dom failed: $(tail -3 "$work/chromium.err")"
# the DOM as text: tags removed
sed -e 's/<[^>]*>//g' "$work/dom.html" > "$work/dom.txt"
for want in '暂不符合修复条件' \
            '《市场监督管理信用修复管理办法》（国家市场监督管理总局令第107号）第十一条' \
            '2026-04-06' '2027-06-11' '未再受同类处罚' 'penalty:141'; do
  grep -qF -- "$want" "$work/dom.txt" || fail "rendered page lacks '$want'"
done
grep -qF '<span class="date">2026-04-06</span>' "$work/dom.html" || fail "rendered page: the computed date is not highlighted"
chrome --screenshot="$work/report.png" --window-size=1280,1600 "file://$page" > /dev/null 2> "$work/chromium.err" ||
  fail "chromium --screenshot failed: $(tail -3 "$work/chromium.err")"
[[ -s "$work/report.png" ]] || fail "no screenshot"
echo "html: screenshot in $work/report.png"
[[ $failures -eq 0 ]]
