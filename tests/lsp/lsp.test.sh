#!/usr/bin/env bash
# lsp.test.sh XIUFU SOURCE_DIR WORK_DIR — `xiufu lsp` driven by scripted sessions over
# pipes, on the shipped pack policies/sichuan/panzhihua_pilot.xf (an override of the
# national rules: names, steps and fields defined in other modules):
#   diagnostics on open and on change, hover, go to definition, completion and
#   formatting; every answer is compared with session.zh.txt / session.en.txt
#   (XF_UPDATE_GOLDEN=1 rewrites them), and the session must end with exit code 0.
set -euo pipefail
command -v python3 >/dev/null || { echo "FAIL: python3 is needed" >&2; exit 1; }
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
mkdir -p "$3"
exec python3 "$src/tests/lsp/session.py" "$xiufu" "$src" "$3"
