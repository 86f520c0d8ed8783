#!/usr/bin/env bash
# editors.test.sh XIUFU SOURCE_DIR WORK_DIR — the editor support in editors/:
#   - the VS Code manifest, language configuration and TextMate grammar are valid JSON,
#     and the manifest points at the grammar and the server;
#   - every keyword the scanner knows (grammar/lexer.l) is highlighted as a keyword by
#     the TextMate grammar and by the Vim syntax file, so a new keyword cannot be forgotten;
#   - the grammar's expressions compile, and sample lines get the scopes they should;
#   - where vim and node are installed: the Vim files highlight sample.xf as
#     vim_check.vim expects, and the extension's script is valid JavaScript.
set -euo pipefail
src=$2
command -v python3 >/dev/null || { echo "FAIL: python3 is needed" >&2; exit 1; }
python3 - "$src" <<'PY'
import json, os, re, sys

src = sys.argv[1]
fails = []
def load(rel):
    try:
        with open(os.path.join(src, rel), encoding="utf-8") as f:
            return json.load(f)
    except Exception as e:
        fails.append("%s: not valid JSON: %s" % (rel, e))
        return {}

pkg = load("editors/vscode/package.json")
load("editors/vscode/language-configuration.json")
grammar = load("editors/vscode/syntaxes/xiufu.tmLanguage.json")
contrib = pkg.get("contributes", {})
g = (contrib.get("grammars") or [{}])[0]
if g.get("scopeName") != grammar.get("scopeName"):
    fails.append("package.json names scope %r, the grammar %r" % (g.get("scopeName"), grammar.get("scopeName")))
if not os.path.exists(os.path.join(src, "editors/vscode", g.get("path", "?"))):
    fails.append("package.json's grammar path %r does not exist" % g.get("path"))
if ".xf" not in ((contrib.get("languages") or [{}])[0].get("extensions") or []):
    fails.append("package.json does not claim .xf files")
ext = open(os.path.join(src, "editors/vscode", pkg.get("main", "extension.js")), encoding="utf-8").read()
if "'lsp'" not in ext:
    fails.append("extension.js does not start `xiufu lsp`")

# the scanner's keywords: lines like   "policy"   { return POLICY; }
lexer = open(os.path.join(src, "grammar/lexer.l"), encoding="utf-8").read()
keywords = []
for m in re.finditer(r'^"([a-z_]+)"(\|"[a-z_]+")*\s+\{', lexer, re.M):
    keywords += re.findall(r'"([a-z_]+)"', m.group(0))
if len(keywords) < 60:
    fails.append("found only %d keywords in grammar/lexer.l: has its layout changed?" % len(keywords))

# every pattern of the grammar, with its scope
patterns = []
def walk(p, scope=None):
    if isinstance(p, dict):
        scope = p.get("name", scope)
        for key in ("match", "begin", "end"):
            if key in p:
                patterns.append((scope or "", p[key]))
        for v in p.values():
            walk(v, scope)
    elif isinstance(p, list):
        for v in p:
            walk(v, scope)
walk(grammar)
compiled = []
for scope, rx in patterns:
    try:
        compiled.append((scope, re.compile(rx)))
    except re.error as e:
        fails.append("grammar pattern %r does not compile: %s" % (rx, e))

def highlighted_as_keyword(word):
    for scope, rx in compiled:
        if scope.startswith(("keyword.", "constant.language.")):
            m = rx.search(" %s " % word)
            if m and m.group(0) == word:
                return True
    return False

for k in keywords:
    if not highlighted_as_keyword(k):
        fails.append("TextMate grammar: keyword %r is not highlighted as a keyword" % k)

vim = open(os.path.join(src, "editors/vim/syntax/xiufu.vim"), encoding="utf-8").read()
vim_words = set()
for line in vim.splitlines():
    if line.startswith("syn keyword "):
        vim_words.update(line.split()[3:])
for k in keywords:
    if k not in vim_words:
        fails.append("Vim syntax: keyword %r is missing" % k)

# sample text: the first pattern to match at a place decides its scope
def scope_at(line, text):
    i = line.index(text)
    best = None
    for scope, rx in compiled:
        for m in rx.finditer(line):
            if m.start() <= i < m.end() and (best is None or m.start() < best[0]):
                best = (m.start(), scope)
    return best[1] if best else None
samples = [
    ('  let 最短公示期 = 3 months     basis "第九条第二款"', "let", "keyword.control.item.xiufu"),
    ('  let 最短公示期 = 3个月', "3个月", "constant.numeric.duration.xiufu"),
    ('    where p.fine_yuan <= 5万元', "5万元", "constant.numeric.money.xiufu"),
    ('effective from 2025-12-25', "2025-12-25", "constant.numeric.date.xiufu"),
    ('    申请: can_apply from 可申请日', "can_apply", "support.constant.outcome.xiufu"),
    ('  # 注释', "# 注释", "comment.line.number-sign.xiufu"),
]
for line, text, want in samples:
    got = scope_at(line, text)
    if got != want:
        fails.append("%r in %r: scope %r, want %r" % (text, line, got, want))

for f in fails:
    print("FAIL:", f)
if fails:
    sys.exit(1)
print("editors: ok (%d keywords)" % len(keywords))
PY

# where Vim and Node are installed: the Vim files load and highlight a sample as they
# should; extension.js is valid JavaScript
fail=0
if command -v vim >/dev/null; then
  mkdir -p "$3"
  out=$(cd "$3" && pwd)/vim.out
  rm -f "$out"
  OUT=$out vim -Es -u NONE -N -i NONE --cmd "set rtp^=$src/editors/vim" -c 'filetype on' -c 'syntax on' \
    -c "e $src/tests/editors/sample.xf" -c "source $src/tests/editors/vim_check.vim" -c 'qa!' </dev/null || true
  if [ ! -f "$out" ]; then echo "FAIL: Vim did not run the check"; fail=1
  elif grep -q FAIL "$out" || ! grep -qx 'filetype xiufu' "$out"; then cat "$out"; echo "FAIL: Vim syntax"; fail=1
  else echo "editors: Vim highlights the sample"; fi
else
  echo "editors: vim not installed, its syntax file not loaded"
fi
if command -v node >/dev/null; then
  node --check "$src/editors/vscode/extension.js" || { echo "FAIL: extension.js"; fail=1; }
fi
exit $fail
