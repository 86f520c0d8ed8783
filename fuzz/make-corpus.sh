#!/usr/bin/env bash
# make-corpus.sh [SOURCE_DIR] — rebuild fuzz/corpus/ from the policy files in
# the tree: policies/*.xf, policies/national/*.xf, every .xf under tests/,
# the complete ```xf examples of docs/*.md, and the policy sets as combined
# seeds (see the end).  File names keep the path
# (slashes become '__') so a seed can be traced back.  The fuzzers add
# their own finds to a separate working corpus, never to this directory.
set -euo pipefail
src=$(cd "${1:-$(dirname "$0")/..}" && pwd)
out=$src/fuzz/corpus
rm -rf "$out" && mkdir -p "$out"
cd "$src"
{ ls policies/*.xf policies/national/*.xf; find tests -name '*.xf' | sort; } | while read -r f; do
  cp "$f" "$out/$(echo "$f" | sed 's|/|__|g')"
done
# ```xf blocks (complete files that `xiufu check` accepts) from the docs
for md in docs/*.md; do
  awk -v out="$out" -v base="$(basename "$md" .md)" '
    /^```xf[ \t]*$/ { n++; f = sprintf("%s/docs__%s__%02d.xf", out, base, n); inb = 1; next }
    inb && /^```[ \t]*$/ { inb = 0; close(f); next }
    inb { print > f }' "$md"
done
# whole policy sets in one seed, a "#@@ PATH" line before each file:
# fuzz_check_lower splits them there, so modules that use one another check
# (and lower) together
join() { local seed=$1; shift; for f in "$@"; do echo "#@@ $f"; cat "$f"; done > "$out/$seed"; }
join policies__national__ALL.xf policies/national/*.xf
[ -d readings ] && join policies__national+options__ALL.xf policies/national/*.xf readings/*.xf
echo "$(ls "$out" | wc -l) seeds in $out"
