#!/usr/bin/env bash
# Ahead-of-time packs (docs/packs.md):
#   - `xiufu build --sign` makes a signed pack of the national policies, host CPU
#     and baseline, with a key of `xiufu keygen` trusted through
#     XIUFU_TRUSTED_KEYS; `xiufu pack info` shows it and passes every check;
#   - runs from the pack decide exactly as the JIT does: every decision, trace,
#     trace_point and trace_text row, at two as-of days, with and without traces,
#     on realistic and on adversarial records, host CPU and baseline;
#   - a truncated pack, a pack with a flipped byte, one whose trailer claims another
#     ABI, one from other sources with the header's source hash edited to match
#     the real pack, and one whose embedded sources were swapped back as well,
#     are all refused with a clear message and exit code 1 (the last by `pack
#     info`, which checks sources against bindings): no crash (the last
#     two are resealed without a signature and tried with --allow-unsigned, so
#     that the checks after the signature's are what refuses them; tests/pack/
#     sign.test.sh tests signatures and trust).
# Usage: pack.test.sh XIUFU SOURCE_DIR WORK_DIR
set -euo pipefail
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$(cd "$2" && pwd) work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
command -v python3 >/dev/null || { echo "FAIL: python3 is needed" >&2; exit 1; }
fail() { echo "FAIL: $*" >&2; exit 1; }
national=$src/policies/national
"$xiufu" keygen -o signer > /dev/null 2>&1 || fail "keygen"
mkdir -p trusted && cp signer.pub trusted/ && chmod 755 trusted   # others must not write it
export XIUFU_TRUSTED_KEYS=$work/trusted

# ---- build and info
"$xiufu" build "$national" -o samr.so --name samr --sign signer.key 2> build.err || fail "build: $(cat build.err)"
"$xiufu" pack info samr.so > info.txt 2> info.err || fail "pack info: $(cat info.err)"
grep -q '^signature  *ed25519, key [0-9a-f]\{32\}: valid, trusted' info.txt || fail "pack info: no trusted signature line"
grep -q '^pack  *samr$' info.txt || fail "pack info: no name line"
grep -q '^source hash  *[0-9a-f]\{64\}$' info.txt || fail "pack info: no source hash"
grep -q '^checks  *ok' info.txt || fail "pack info: checks did not pass"
grep -q 'xf_policy_traced_0' info.txt || fail "pack info: no policy symbols"
for m in national.samr.rules2021.penalty national.samr.order107.lists; do
  grep -q "$m" info.txt || fail "pack info: module $m missing"
done
"$xiufu" build "$national" -o base.so --cpu baseline --sign signer.key 2> build.err || fail "baseline build: $(cat build.err)"
if [[ $(uname -m) == x86_64 ]]; then
  [[ $("$xiufu" pack info base.so) == *"CPU x86-64,"* ]] || fail "--cpu baseline is not x86-64"
fi
set +e
"$xiufu" build "$national" -o nope.dylib 2> usage.err; rc=$?
set -e
[[ $rc == 2 ]] || fail "build to a name without .so: exit $rc, want 2"

# ---- equivalence with the JIT
"$xiufu" gen --entities 20000 -o records.db > /dev/null
dump() {  # everything a run decided, in a fixed order; blobs as hex.  A trace point's file
          # is the source's path as given to the run, and as the pack records it: below
          # its policy folder (docs/packs.md)
  sqlite3 -cmd ".mode quote" "$1" \
    "SELECT * FROM decision ORDER BY policy, subject_table, subject_id" \
    "SELECT * FROM trace_point ORDER BY policy, slot" \
    "SELECT * FROM trace_text ORDER BY id" | sed "s|'$src/policies/|'|g"
}
for as_of in 2025-06-01 2026-11-01; do
  for trace in all none; do
    "$xiufu" run --quiet -p "$national" -d records.db --as-of "$as_of" --trace=$trace -o "jit-$as_of-$trace.db"
    "$xiufu" run --quiet -p samr.so -d records.db --as-of "$as_of" --trace=$trace -o "pack-$as_of-$trace.db"
    dump "jit-$as_of-$trace.db" > jit.txt
    dump "pack-$as_of-$trace.db" > pack.txt
    n=$(sqlite3 "pack-$as_of-$trace.db" "SELECT count(*) FROM decision")
    [[ $n -gt 1000 ]] || fail "as of $as_of: only $n decisions"
    cmp -s jit.txt pack.txt || { diff jit.txt pack.txt | head -5; fail "as of $as_of, --trace=$trace: the pack decides otherwise than the JIT"; }
    [[ $(sqlite3 "pack-$as_of-$trace.db" "SELECT engine FROM run") == pack ]] || fail "run.engine is not 'pack'"
    echo "as of $as_of, --trace=$trace: $n decisions identical"
  done
done
# edge cases, some of which end in runtime errors (a run then exits 1, decisions written)
"$xiufu" gen --entities 5000 --shape adversarial -o adversarial.db > /dev/null
for engine in jit pack; do
  p=$national
  [[ $engine == pack ]] && p=samr.so
  set +e
  "$xiufu" run --quiet -p "$p" -d adversarial.db --as-of 2026-11-01 -o "adv-$engine.db"
  rc=$?
  set -e
  [[ $rc == 0 || $rc == 1 ]] || fail "adversarial records, $engine: exit $rc"
done
cmp -s <(dump adv-jit.db) <(dump adv-pack.db) || fail "adversarial records: the pack decides otherwise than the JIT"
echo "adversarial records: $(sqlite3 adv-pack.db "SELECT count(*) FROM decision") decisions identical"
"$xiufu" run --quiet -p base.so -d records.db --as-of 2026-11-01 -o base.db
dump base.db > base.txt
cmp -s base.txt <(dump jit-2026-11-01-all.db) || fail "the baseline pack decides otherwise than the JIT"

# ---- damaged and mismatched packs
refused() {  # PACK WANT [FLAG]: run and pack info both exit 1 with WANT in the message
  local pack=$1 want=$2 rc
  for cmd in run info; do
    set +e
    if [[ $cmd == run ]]; then
      "$xiufu" run --quiet -p "$pack" -d records.db --as-of 2026-11-01 -o refused.db ${3:-} 2> refused.err
    else
      "$xiufu" pack info "$pack" ${3:-} > /dev/null 2> refused.err
    fi
    rc=$?
    set -e
    [[ $rc == 1 ]] || fail "$pack ($cmd): exit $rc, want 1: $(cat refused.err)"
    grep -qF "$want" refused.err || fail "$pack ($cmd): want '$want', got: $(cat refused.err)"
  done
  echo "$pack refused: $(head -1 refused.err)"
}
size=$(stat -c %s samr.so)
head -c $((size / 2)) samr.so > truncated.so
refused truncated.so "truncated or not a xiufu pack"
head -c $((size - 1)) samr.so > short.so
refused short.so "truncated or not a xiufu pack"

python3 - samr.so flipped.so abi.so <<'PY'
import sys
data = bytearray(open(sys.argv[1], "rb").read())
flipped = bytearray(data)
flipped[len(data) // 2] ^= 0xFF
open(sys.argv[2], "wb").write(flipped)
abi = bytearray(data)
t = -128 - 56  # the trailer, before the signature block
abi[t + 8:t + 12] = (99).to_bytes(4, "little")   # the trailer's pack ABI
open(sys.argv[3], "wb").write(abi)
PY
refused flipped.so "corrupted (checksum mismatch)"
refused abi.so "built for pack ABI 99, this xiufu reads"
printf 'not a pack\n' > text.so
refused text.so "not a xiufu pack"

# Other sources: the same files with one period changed (same length, so the
# embedded text can be swapped back byte for byte).
mkdir -p pol
cp "$national"/*.xf pol/
"$xiufu" build pol -o orig.so --sign signer.key 2> build.err || fail "build orig: $(cat build.err)"
cp pol/samr_2021_penalty.xf orig_penalty.xf
sed -i 's/最短公示期 = 6 months/最短公示期 = 7 months/' pol/samr_2021_penalty.xf
cmp -s orig_penalty.xf pol/samr_2021_penalty.xf && fail "the sed did not change the policy"
"$xiufu" build pol -o changed.so --sign signer.key 2> build.err || fail "build changed: $(cat build.err)"
python3 - orig.so changed.so orig_penalty.xf pol/samr_2021_penalty.xf hash.so swapped.so <<'PY'
import hashlib, sys
orig, changed, orig_src, changed_src, out_hash, out_swapped = sys.argv[1:7]
def header(data):
    at = data.find(b"XIUFUPK\0")
    assert at >= 0 and data.find(b"XIUFUPK\0", at + 1) < 0
    return at
def reseal(data):  # what a tamperer who knows the format does: a new, valid trailer, no signature
    data = data[:-128]
    body, abis = bytes(data[:-56]), bytes(data[-56 + 8:-56 + 16])
    return body + b"XFPKEND\0" + abis + len(body).to_bytes(8, "little") + hashlib.sha256(body).digest()
data_o = open(orig, "rb").read()
data_c = open(changed, "rb").read()
src_hash = data_o[header(data_o) + 24:header(data_o) + 56]   # xf_pack_header.source_hash
h = header(data_c)
edited = bytearray(data_c)
edited[h + 24:h + 56] = src_hash
open(out_hash, "wb").write(reseal(edited))
a, b = open(orig_src, "rb").read(), open(changed_src, "rb").read()
assert len(a) == len(b) and edited.count(b) == 1
swapped = bytes(edited).replace(b, a)
open(out_swapped, "wb").write(reseal(swapped))
PY
refused hash.so "该包未签名"
refused hash.so "source hash mismatch" --allow-unsigned
# swapped.so's code and bindings agree (both from the changed sources) but its
# sources are the original ones.  A run reads no source, so only `pack info`,
# which binds the sources again, can tell; a run trusts what the signature, or
# --allow-unsigned, let in, as it trusts the code itself.
set +e
"$xiufu" pack info swapped.so --allow-unsigned > /dev/null 2> refused.err
rc=$?
set -e
[[ $rc == 1 ]] && grep -qF "its bindings are not what this xiufu binds its sources to" refused.err ||
  fail "swapped.so (info): exit $rc: $(cat refused.err)"
echo "swapped.so refused by pack info: $(cat refused.err)"
echo "pack tests passed"
