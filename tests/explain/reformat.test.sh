#!/usr/bin/env bash
# A policy explains the same however its lines are broken.  Every shipped
# policy file is rewritten twice — all on one line (comments dropped), and
# spread over many (a line break at every blank, after every opening bracket
# and comma) — and the hand-checked fixtures of tests/e2e are decided and
# explained in Chinese and English with each layout.  The explanations must
# be identical but for source line numbers, and every one must come from
# the rules compiled again, not from the fallback without them.
# Usage: reformat.test.sh XIUFU SOURCE_DIR WORK_DIR
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
failures=0 checked=0
fail() { failures=$((failures + 1)); printf 'FAIL: %s\n' "$*"; }

# layout LAYOUT < policy > policy: texts ("…", """…""") are kept as written
layout() {
  python3 -c '
import re, sys
mode, text = sys.argv[1], sys.stdin.read()
out, i, n = [], 0, len(text)
def blank():
    if mode == "spread":
        out.append("\n      ")
    elif out and not out[-1].endswith(" "):
        out.append(" ")
while i < n:
    c = text[i]
    if text.startswith("\"\"\"", i):
        j = text.index("\"\"\"", i + 3) + 3
        out.append(text[i:j]); i = j
    elif c == "\"":
        j = i + 1
        while text[j] != "\"":
            j += 2 if text[j] == "\\" else 1
        out.append(text[i:j + 1]); i = j + 1
    elif c == "#":
        while i < n and text[i] != "\n": i += 1
    elif c in " \t\r\n":
        while i < n and text[i] in " \t\r\n": i += 1
        blank()
    else:
        out.append(c); i += 1
        if mode == "spread" and c in "(,{": out.append("\n        ")
sys.stdout.write("".join(out).strip() + "\n")
' "$1"
}

# the shipped policies in three layouts, each under the same relative paths
for lay in asis one spread; do
  mkdir -p "$work/$lay"
  (cd "$src" && find policies readings -name '*.xf') | while read -r f; do
    mkdir -p "$work/$lay/$(dirname "$f")"
    if [[ $lay == asis ]]; then cp "$src/$f" "$work/$lay/$f"; else layout "$lay" < "$src/$f" > "$work/$lay/$f"; fi
  done
done
[[ $(wc -l < "$work/one/policies/national/samr_order107_penalty.xf") == 1 ]] || fail "the one-line layout has more than one line"
for lay in one spread; do
  (cd "$work/$lay" && "$xiufu" check policies/* readings/*.xf > "$work/check-$lay.txt" 2>&1) \
    || fail "$lay: the rewritten policies do not check: $(head -5 "$work/check-$lay.txt")"
done

for dir in "$src"/tests/e2e/*/; do
  name=$(basename "$dir")
  [[ -f "$dir/expected.tsv" && -f "$dir/policies.txt" ]] || continue
  records=$work/$name-records.db
  sqlite3 "$records" < "$src/runtime/records.sql"
  sqlite3 "$records" < "$dir/fixture.sql"
  mapfile -t policies < <(grep -v '^$' "$dir/policies.txt")
  for lay in asis one spread; do
    out=$work/$name-$lay.db
    paths=()
    for p in "${policies[@]}"; do
      if [[ -e "$work/$lay/$p" ]]; then paths+=("$work/$lay/$p"); else paths+=("$src/$p"); fi
    done
    for as_of in $(grep -v '^#' "$dir/expected.tsv" | cut -f2 | sort -u); do
      (cd "$work/$lay" && "$xiufu" run --quiet --engine interp -p "${paths[@]}" -d "$records" --as-of "$as_of" -o "$out")
    done
    : > "$work/$name-$lay.txt"
    for run in $(sqlite3 "$out" "SELECT id FROM run ORDER BY id"); do
      for outcome in $(sqlite3 "$out" "SELECT DISTINCT outcome FROM decision WHERE run = $run AND outcome IS NOT NULL ORDER BY 1"); do
        for lang in zh en; do
          "$xiufu" explain -d "$out" --run "$run" --outcome "$outcome" --limit 100000 --lang "$lang" >> "$work/$name-$lay.txt" \
            || fail "$name ($lay): explain --run $run --outcome $outcome --lang $lang failed"
        done
      done
    done
    sed -E -i 's/[0-9]+│/N│/g' "$work/$name-$lay.txt"
  done
  n=$(grep -c '^════' "$work/$name-asis.txt" || true)
  [[ $n -gt 0 ]] || fail "$name: nothing explained"
  if grep -qE '运行未保存此政策的源文本|The run kept no source for this policy' "$work/$name-asis.txt"; then
    fail "$name: an explanation did not come from the rules compiled again"
  fi
  for lay in one spread; do
    checked=$((checked + 1))
    diff -u "$work/$name-asis.txt" "$work/$name-$lay.txt" > "$work/$name-$lay.diff" \
      || { fail "$name: laid out $lay, the explanations differ"; head -30 "$work/$name-$lay.diff"; }
  done
  echo "reformat: $name: $n explanations"
done

echo "reformat: $checked compared, $failures failed"
[[ $failures -eq 0 ]]
