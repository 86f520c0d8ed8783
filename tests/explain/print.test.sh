#!/usr/bin/env bash
# The printed report: `xiufu explain --uscc … --html` for an entity with three
# decisions, printed to PDF by headless Chromium.  Every section must be open
# on paper (the full trace is folded in <details> on screen), each decision
# must start a page of its own after the summary, no word may run past the
# page's edge, and the outcome badges must keep their colours.  The page is
# also rendered to PNG (WORK_DIR/report.png, and page 1 of the PDF as
# WORK_DIR/print-1.png) to be looked at.
# Usage: print.test.sh XIUFU SOURCE_DIR WORK_DIR
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
records=$work/records.db out=$work/out.db page=$work/report.html
sqlite3 "$records" < "$src/runtime/records.sql"
sqlite3 "$records" < "$src/tests/e2e/national/fixture.sql"
# entity 14 (cases 14 and 14b) gets a third penalty, its fine paid: can_apply
sqlite3 "$records" "INSERT INTO penalty SELECT 142, uscc, '市监罚〔2026〕142号', authority, sector, authority_region, '无照经营',
                      domain, measures, fine_yuan, tier, procedure, severity, decided, published, restricted_until,
                      '2026-02-01', remedied, stopped, repair_revoked FROM penalty WHERE id = 14"
"$xiufu" run --quiet -p "$src/policies/national" -d "$records" --as-of 2026-11-01 -o "$out"
"$xiufu" explain -d "$out" --uscc 911101050000000149 --html "$page" 2> /dev/null

failures=0
fail() { failures=$((failures + 1)); printf 'FAIL: %s\n' "$*"; }
for want in '@media print' 'print-color-adjust:exact' 'details::details-content' '<table class="summary">' \
            '经营主体' '案例14有限公司'; do
  grep -qF -- "$want" "$page" || fail "report.html lacks '$want'"
done
[[ $(grep -c '^<tr><td>' "$page") == 3 ]] || fail "report.html: the summary has not 3 rows"
[[ $(grep -c '<article' "$page") == 3 ]] || fail "report.html: not 3 decisions"

. "$src/tests/lib/chromium.sh"
if ! command -v pdftotext > /dev/null; then
  echo "poppler-utils not installed: the PDF is not checked"
  [[ $failures -eq 0 ]]
  exit
fi
chrome --no-pdf-header-footer --print-to-pdf="$work/report.pdf" "file://$page" > /dev/null 2> "$work/chromium.err" \
  || fail "chromium --print-to-pdf failed: $(tail -3 "$work/chromium.err")"
chrome --screenshot="$work/report.png" --window-size=1280,1600 "file://$page" > /dev/null 2>> "$work/chromium.err" \
  || fail "chromium --screenshot failed"
pages=$(pdfinfo "$work/report.pdf" | awk '/^Pages:/ {print $2}')
[[ ${pages:-0} -ge 4 ]] || fail "report.pdf: $pages pages; the summary and three decisions need 4 at least"
pdftotext -layout "$work/report.pdf" "$work/report.txt"
# every section open: the full trace of each decision is on paper
for want in '汇总' '什么会改变这一结论' '决定过程' '完整追踪' '读取的记录值' '计算的值' '全部步骤'; do
  n=$(grep -cF -- "$want" "$work/report.txt" || true)
  if [[ $want == 汇总 ]]; then [[ $n -ge 1 ]] || fail "report.pdf: no '$want'"
  else [[ $n -ge 3 ]] || fail "report.pdf: '$want' printed $n times, want once per decision"; fi
done
# each decision on a page of its own, after the summary's
first_pages=""
for id in 14 141 142; do
  p=0
  for ((i = 1; i <= pages; i++)); do
    if pdftotext -f "$i" -l "$i" -layout "$work/report.pdf" - | grep -qF "决定说明 penalty:$id（"; then p=$i; break; fi
  done
  [[ $p -gt 1 ]] || fail "report.pdf: penalty:$id does not start after the summary's page (page $p)"
  [[ " $first_pages " != *" $p "* ]] || fail "report.pdf: penalty:$id shares page $p with another decision"
  first_pages+=" $p"
done
# nothing cut off: every word within the page, and the longest rules whole
pdftotext -bbox "$work/report.pdf" "$work/bbox.html"
python3 - "$work/bbox.html" <<'PY' || fail "report.pdf: words run past the page's edge"
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
bad = 0
for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
    w, h = float(page.group(1)), float(page.group(2))
    for m in re.finditer(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">', page.group(3)):
        x0, y0, x1, y1 = map(float, m.groups())
        if x0 < 0 or y0 < 0 or x1 > w - 8 or y1 > h:
            bad += 1
sys.exit(1 if bad else 0)
PY
tr -d ' \n' < "$work/report.txt" > "$work/report.flat"
grep -qF 's.repair_revoked<=as_of)' "$work/report.flat" || fail "report.pdf: the longest formula is cut"
# colours kept: page 1's badges are the screen's colours, not white
pdftoppm -r 60 -f 1 -l 1 -png "$work/report.pdf" "$work/print"
png=$(ls "$work"/print-*1.png | head -1)
cp "$png" "$work/print-1.png" 2> /dev/null || true
python3 - "$png" <<'PY' || fail "report.pdf: the outcome badges lost their colours (print-color-adjust)"
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, color = struct.unpack(">IIBB", body[:10])
        bpp = {2: 3, 6: 4}[color]
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw, rows, prev = zlib.decompress(idat), [], bytearray(w * bpp)
stride = w * bpp
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b, c = prev[i], prev[i - bpp] if i >= bpp else 0
        p = a + b - c
        pr = a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else b if abs(p - b) <= abs(p - c) else c
        line[i] = (line[i] + [0, a, b, (a + b) // 2, pr][f]) & 255
    rows.append(line)
    prev = line
# not_yet #bf8700 and can_apply #1a7f37, as the summary's badges show them
want = [(0xbf, 0x87, 0x00), (0x1a, 0x7f, 0x37)]
seen = [False, False]
for line in rows:
    for i in range(0, stride, bpp):
        px = line[i:i + 3]
        for k, (r, g, b) in enumerate(want):
            if abs(px[0] - r) < 12 and abs(px[1] - g) < 12 and abs(px[2] - b) < 12:
                seen[k] = True
sys.exit(0 if all(seen) else 1)
PY
echo "print: $pages pages; report.pdf, report.png and print-1.png in $work"
[[ $failures -eq 0 ]]
