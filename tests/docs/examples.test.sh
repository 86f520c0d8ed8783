#!/usr/bin/env bash
# examples.test.sh XIUFU SOURCE_DIR WORK_DIR
# The examples in docs/*.md are checked against the compiler:
#   ```xf        a complete policy file: `xiufu check` must exit 0 (warnings allowed);
#   ```xf-error  a file with errors, followed by a ```text block holding exactly what
#                `xiufu check` writes to stderr for it (as example.xf, run inside
#                WORK_DIR; `--lang en`, except in *-zh.md files, which show the default
#                Chinese output); the exit code must be 1.  Followed by a ```json block
#                instead (a sentence may come between): exactly what
#                `xiufu check --format json` writes to stdout.
#   ```xf-warning  a file that checks (exit 0) with warnings, followed by a ```text block
#                holding exactly what `xiufu check` writes to stderr for it (as for xf-error).
#   ```cli       command lines `$ xiufu ARGS` (a trailing \ continues one), each followed by
#                what it writes (stdout, then stderr), run in WORK_DIR beside links to
#                policies/, readings/ and tests/ of SOURCE_DIR; a line ending in … matches
#                any line that begins as it does, a line that is only … the rest.
#   ```xf-unformatted  a file as someone typed it; the next block, an ```xf block (a
#                sentence may come between), holds exactly what `xiufu fmt` lays it out
#                as, and is checked as well.
# Other blocks (```xf-fragment, ```sh, ```text or ```json on their own ...) are not run.
# A block that uses a national module is checked together with policies/national.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 XIUFU SOURCE_DIR WORK_DIR" >&2
  exit 2
fi
command -v python3 >/dev/null || { echo "FAIL: python3 is needed" >&2; exit 1; }
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
mkdir -p "$3"
work=$(cd "$3" && pwd)
[ -x "$xiufu" ] || { echo "FAIL: $xiufu is not executable" >&2; exit 1; }
[ -d "$src/docs" ] || { echo "FAIL: $src/docs not found" >&2; exit 1; }

python3 - "$xiufu" "$src/docs" "$work" <<'PY'
import difflib, glob, os, subprocess, sys

xiufu, docs, work = sys.argv[1:4]

def blocks(path):
    """(info, first content line, closing fence line, content) of each fenced block,
    and the file's lines."""
    out, info, start, body = [], None, 0, []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for n, line in enumerate(lines, 1):
        if info is None:
            if line.startswith("```"):
                info, start, body = line[3:].strip(), n + 1, []
        elif line.rstrip() == "```":
            out.append((info, start, n, "".join(l + "\n" for l in body)))
            info = None
        else:
            body.append(line)
    if info is not None:
        out.append(("<unclosed>", start, len(lines), ""))
    return out, lines

def check(text, lang, fmt=None):
    with open(os.path.join(work, "example.xf"), "w", encoding="utf-8") as f:
        f.write(text)
    cmd = [xiufu, "check"] + (["--lang", "en"] if lang == "en" else []) + (["--format", fmt] if fmt else [])
    if "use national." in text:
        cmd.append(os.path.join(os.path.dirname(docs), "policies", "national"))
    cmd.append("example.xf")
    p = subprocess.run(cmd, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode("utf-8", "replace") if fmt == "json" else p.stderr.decode("utf-8", "replace")

def layout(text):
    with open(os.path.join(work, "example.xf"), "w", encoding="utf-8") as f:
        f.write(text)
    p = subprocess.run([xiufu, "fmt", "example.xf"], cwd=work, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")

def cli_block(text):
    """(command, expected lines) of each `$ ` line of a cli block."""
    out, cmd = [], None
    for line in text.split("\n"):
        if line.startswith("$ "):
            cmd = [line[2:], []]
            out.append(cmd)
        elif cmd and cmd[0].endswith("\\") and not cmd[1]:
            cmd[0] = cmd[0][:-1] + " " + line.strip()
        elif cmd:
            cmd[1].append(line)
    for c in out:
        while c[1] and c[1][-1] == "":
            c[1].pop()
    return out

def cli_matches(want, got):
    for i, w in enumerate(want):
        if w == "…":
            return True
        if i >= len(got):
            return False
        if w.endswith("…") and got[i].startswith(w[:-1]):
            continue
        if w != got[i]:
            return False
    return len(got) == len(want)

def cli_run(cmd):
    bindir = os.path.join(work, "bin")
    os.makedirs(bindir, exist_ok=True)
    link = os.path.join(bindir, "xiufu")
    if not os.path.islink(link):
        os.symlink(xiufu, link)
    for d in ("policies", "readings", "tests"):
        if not os.path.lexists(os.path.join(work, d)):
            os.symlink(os.path.join(os.path.dirname(docs), d), os.path.join(work, d))
    env = dict(os.environ, PATH=bindir + os.pathsep + os.environ.get("PATH", ""), TMPDIR=work)
    p = subprocess.run(["bash", "-c", cmd], cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return (p.stdout + p.stderr).decode("utf-8", "replace").split("\n")[:-1] if (p.stdout + p.stderr) else []

failures = ran = 0
def fail(where, msg, diff=None):
    global failures
    failures += 1
    print("FAIL: %s: %s" % (where, msg))
    if diff:
        sys.stdout.writelines(diff)

files = sorted(glob.glob(os.path.join(docs, "*.md")))
for path in files:
    name = os.path.relpath(path, os.path.dirname(docs))
    lang = "zh" if name.endswith("-zh.md") else "en"
    bs, lines = blocks(path)
    for i, (info, line, end, text) in enumerate(bs):
        where = "%s:%d (```%s)" % (name, line - 1, info)
        if info == "<unclosed>":
            fail(where, "code block is not closed")
        elif info == "xf":
            ran += 1
            rc, err = check(text, lang)
            if rc != 0:
                fail(where, "xiufu check exited %d, want 0:" % rc)
                sys.stdout.write(err)
        elif info == "cli":
            for cmd, want in cli_block(text):
                ran += 1
                got = cli_run(cmd)
                if not cli_matches(want, got):
                    fail(where, "`%s` writes otherwise (--- expected, +++ actual):" % cmd,
                         difflib.unified_diff([l + "\n" for l in want], [l + "\n" for l in got], "expected", "actual"))
        elif info == "xf-unformatted":
            ran += 1
            if i + 1 >= len(bs) or bs[i + 1][0] != "xf":
                fail(where, "an xf-unformatted block must be followed by a ```xf block")
                continue
            want = bs[i + 1][3]
            rc, got = layout(text)
            if rc != 0:
                fail(where, "xiufu fmt exited %d, want 0" % rc)
            if got != want:
                fail(where, "layout differs from the ```xf block (--- expected, +++ actual):",
                     difflib.unified_diff(want.splitlines(True), got.splitlines(True), "expected", "actual"))
        elif info in ("xf-error", "xf-warning"):
            ran += 1
            between = lines[end:bs[i + 1][1] - 2] if i + 1 < len(bs) else []
            json_next = info == "xf-error" and i + 1 < len(bs) and bs[i + 1][0] == "json"
            if i + 1 >= len(bs) or (bs[i + 1][0] != "text" and not json_next) or (not json_next and any(l.strip() for l in between)):
                fail(where, "an %s block must be followed immediately by a ```text block%s"
                     % (info, ", or by a ```json block" if info == "xf-error" else ""))
                continue
            want = bs[i + 1][3]
            rc, err = check(text, lang, "json" if json_next else None)
            want_rc = 1 if info == "xf-error" else 0
            if rc != want_rc:
                fail(where, "xiufu check exited %d, want %d" % (rc, want_rc))
            if info == "xf-warning" and not want.strip():
                fail(where, "an xf-warning block must show the warnings")
            if err != want:
                fail(where, "diagnostics differ from the ```text block (--- expected, +++ actual):",
                     difflib.unified_diff(want.splitlines(True), err.splitlines(True),
                                          "expected", "actual"))

if ran == 0:
    fail(docs, "no ```xf or ```xf-error blocks found")
print("examples.test.sh: %d example(s) in %d file(s), %d failure(s)" % (ran, len(files), failures))
sys.exit(1 if failures else 0)
PY
