#!/usr/bin/env bash
# run.sh BUILD_DIR TARGET [SECONDS] — run one libFuzzer target (fuzz_parse,
# fuzz_check_lower, fuzz_explain or fuzz_pack) from a -DXF_FUZZ=ON clang build, with the dictionary and
# the seed corpus.  New inputs go to fuzz/work/TARGET/corpus (not committed),
# crashers to fuzz/work/TARGET/ (crash-*, timeout-*, leak-*), and the log to
# fuzz/work/TARGET/fuzz-0.log.  A crasher that is fixed belongs in
# fuzz/regressions/ with a line in its README.
set -euo pipefail
build=$(cd "$1" && pwd) target=$2 secs=${3:-600}
here=$(cd "$(dirname "$0")" && pwd)
bin=$build/fuzz/$target
[ -x "$bin" ] || { echo "run.sh: $bin not built (cmake -DCMAKE_C_COMPILER=clang-19 -DXF_FUZZ=ON)" >&2; exit 2; }
work=$here/work/$target
mkdir -p "$work/corpus"
cd "$work"
# -jobs=1: one worker in a child process, logging to fuzz-0.log; a crash ends
# the run.  -timeout: an input taking 10 s counts as a hang.
# the binary targets have seeds of their own and no use for the policy dictionary
case $target in
  fuzz_explain) seeds=$here/corpus-explain dict=() ;;
  fuzz_pack)    seeds=$here/corpus-pack dict=() ;;
  *)            seeds=$here/corpus dict=(-dict="$here/xiufu.dict") ;;
esac
"$bin" -jobs=1 -workers=1 -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
  "${dict[@]}" -artifact_prefix="$work/" "$work/corpus" "$seeds" || true
tail -n 20 "$work/fuzz-0.log"
