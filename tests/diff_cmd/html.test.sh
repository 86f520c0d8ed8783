#!/usr/bin/env bash
# The HTML report of `xiufu diff --html`: one self-contained page (inline CSS
# and SVG, no script, nothing fetched), checked as text, then (when Chromium is
# installed) rendered in a headless browser: the DOM must show the transition
# table, the charts, and both explanations of an example side by side; a
# screenshot is kept as WORK_DIR/report.png.  Records: records.sql, the rules
# of diff.test.sh.
# Usage: html.test.sh XIUFU SOURCE_DIR WORK_DIR
set -u
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work" || exit 1
here=$src/tests/diff_cmd
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

sqlite3 records.db < "$src/runtime/records.sql"
sqlite3 records.db < "$here/records.sql"
# a text that must be escaped, in a column the report shows (the region)
sqlite3 records.db "UPDATE penalty SET authority_region = '<script>alert(1)</script>' WHERE id = 7"
page=$work/report.html
"$xiufu" diff -a "$here/rules_a.xf" -b "$here/rules_b.xf" -d records.db --as-of 2026-01-01 --html "$page" --quiet ||
  fail "xiufu diff --html failed"
[[ -s $page ]] || { fail "no report"; exit 1; }

grep -q '<script' "$page" && fail "report.html: a <script> element (or unescaped text)"
grep -qE '(src|href)="(https?:)?//' "$page" && fail "report.html: an external resource"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$page" || fail "report.html: text not escaped"
[[ $(grep -o '<svg' "$page" | wc -l) -ge 4 ]] || fail "report.html: want the transition, histogram and breakdown charts"
grep -qF '<td class="chg" data-a="not_yet" data-b="none">1</td>' "$page" || fail "report.html: transition not_yet → none"
grep -qF '<td class="same" data-a="expired" data-b="expired">1</td>' "$page" || fail "report.html: unchanged expired → expired"
[[ $(grep -c '<div class="example">' "$page") == 5 ]] || fail "report.html: want 5 examples"
[[ $(grep -o '<article class="decision">' "$page" | wc -l) == 8 ]] ||
  fail "report.html: want 8 explanations (5 examples, two of them governed by one side only)"

iconv -f UTF-8 -t UTF-8 "$page" > /dev/null 2>&1 || fail "report.html: not valid UTF-8"
# chart labels are cut to their buffer: with the shipped policies' long names
# (行政处罚信息_信用中国_527号 → 行政处罚信息_信用中国_58号令) the cut must not split a character
"$xiufu" gen --entities 3000 --seed 1 -o gen.db > /dev/null
"$xiufu" diff -a "$src/policies/national" "$src/readings/regime_at_publication.xf" -b "$src/policies/national" \
  -d gen.db --as-of 2026-01-01 --examples 0 --html long.html --quiet > /dev/null || fail "xiufu diff on gen.db failed"
grep -qF '行政处罚信息_信用中国_527号 →' long.html || fail "long.html: no 527号 → 58号令 bar"
iconv -f UTF-8 -t UTF-8 long.html > /dev/null 2>&1 || fail "long.html: a chart label cut inside a character"

. "$src/tests/lib/chromium.sh"
chrome --dump-dom "file://$page" > dom.html 2> chromium.err || fail "chromium --dump-dom failed: $(tail -3 chromium.err)"
sed -e 's/<[^>]*>//g' dom.html > dom.txt
for want in '结果转移表' '有变化的记录' '涉及主体' 'not_yet → none' 'eligible_from' '《测试规则 A》A 第五条' \
            '《测试规则 B》B 第五条' '2026-02-02' '暂不符合修复条件' '&lt;script&gt;alert(1)&lt;/script&gt;'; do
  grep -qF -- "$want" dom.txt || fail "rendered page lacks '$want'"
done
# the two explanations of penalty 2 side by side: one row, A left of B
grep -qE '<div class="side-a"><h4>A</h4><article class="decision">' dom.html || fail "rendered page: no A column"
grep -qE '<div class="side-b"><h4>B</h4><article class="decision">' dom.html || fail "rendered page: no B column"
grep -q '<rect class="bar"' dom.html || fail "rendered page: the charts have no bars"
chrome --screenshot="$work/report.png" --window-size=1400,2000 "file://$page" > /dev/null 2> chromium.err ||
  fail "chromium --screenshot failed: $(tail -3 chromium.err)"
[[ -s $work/report.png ]] || fail "no screenshot"
echo "html: screenshot in $work/report.png"
[[ $failures -eq 0 ]]
