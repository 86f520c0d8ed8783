#!/usr/bin/env bash
# Signed packs and trust (docs/packs.md, "Signatures and trust"):
#   - `xiufu keygen` writes NAME.key (mode 0600) and NAME.pub, and never
#     overwrites either;
#   - a pack signed with a trusted key runs and decides exactly as its policies
#     from source; `pack info` shows its signer as trusted;
#   - a foreign shared object whose constructor writes a marker file, sealed
#     with a valid trailer (unsigned, or with a signature block taken from a
#     real pack), is refused by `pack info`, `run -p` and the SQLite extension,
#     and the marker never appears: nothing of it was loaded;
#   - a pack whose machine code was altered and resealed is refused (a bad
#     signature), with or without --allow-unsigned, and so is the same pack
#     with its signature stripped (unsigned);
#   - a pack signed by a key that is not trusted is refused, with or without
#     --allow-unsigned;
#   - --allow-unsigned runs an unsigned pack, and decides as the sources do;
#   - a trusted-keys folder other users can write trusts nothing, and a secret
#     key other users can read does not sign.
# Usage: sign.test.sh XIUFU SOURCE_DIR WORK_DIR
set -euo pipefail
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$(cd "$2" && pwd) work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
work=$(pwd)
fail() { echo "FAIL: $*" >&2; exit 1; }
command -v python3 > /dev/null || fail "python3 is needed"
command -v sqlite3 > /dev/null || fail "the sqlite3 shell is needed"
ext=$(dirname "$xiufu")/xiufu_sqlite.so
[[ -f $ext ]] || fail "$ext not built"
preload=$(ldd "$ext" | awk '/lib(asan|ubsan)\.so/ {print $3}' | tr '\n' ':')
cc=${XIUFU_CC:-cc}
national=$src/policies/national
unset XIUFU_TRUSTED_KEYS XIUFU_ALLOW_UNSIGNED
export HOME=$work/home XDG_CONFIG_HOME=  # the default trusted-keys folder is the test's own (empty)
mkdir -p "$HOME" && chmod 755 "$HOME"

# ---- keygen
"$xiufu" keygen -o alice > keygen.out 2> keygen.err || fail "keygen: $(cat keygen.err)"
[[ $(stat -c %a alice.key) == 600 ]] || fail "alice.key has mode $(stat -c %a alice.key), want 600"
head -3 alice.pub | grep -q '^xiufu-key 1$' || fail "alice.pub: no format line"
grep -q '^algorithm ed25519$' alice.pub || fail "alice.pub: no algorithm"
grep -q '^kind public$' alice.pub || fail "alice.pub: not a public key"
grep -q '^seed ' alice.pub && fail "alice.pub holds the secret seed"
grep -q '^seed [0-9a-f]\{64\}$' alice.key || fail "alice.key: no seed"
alice_id=$(cat keygen.out)
grep -q "^id $alice_id\$" alice.pub || fail "keygen printed $alice_id, not alice.pub's id"
cp alice.key alice.key.orig
set +e
"$xiufu" keygen -o alice > /dev/null 2> again.err; rc=$?
set -e
[[ $rc == 1 ]] || fail "keygen over an existing key: exit $rc, want 1"
grep -q 'alice.key' again.err || fail "keygen over an existing key: $(cat again.err)"
cmp -s alice.key alice.key.orig || fail "keygen overwrote alice.key"
cp alice.pub only.pub
set +e
"$xiufu" keygen -o only --lang en > /dev/null 2> only.err; rc=$?
set -e
[[ $rc == 1 && ! -e only.key ]] || fail "keygen beside an existing only.pub: exit $rc"
grep -q 'only.pub exists already; not overwritten' only.err || fail "keygen: $(cat only.err)"
echo "keygen: a key pair, mode 600, never overwritten"
"$xiufu" keygen -o mallory > /dev/null 2>&1 || fail "keygen mallory"
mkdir -p trusted && cp alice.pub trusted/ && chmod 755 trusted   # others must not write it

# ---- packs: signed by alice (trusted), by mallory (not), unsigned
"$xiufu" build "$national" -o samr.so --name samr --sign alice.key --lang en 2> build.err || fail "build: $(cat build.err)"
grep -q "signed by key $alice_id" build.err || fail "build does not name the key: $(cat build.err)"
"$xiufu" build "$national" -o mallory.so --name samr --sign mallory.key 2> build.err || fail "build: $(cat build.err)"
"$xiufu" build "$national" -o unsigned.so --name samr 2> build.err || fail "build: $(cat build.err)"
grep -q "未签名" build.err || fail "an unsigned build does not say so (in Chinese by default): $(cat build.err)"
grep -q "签名密钥 $alice_id" <("$xiufu" build "$national" -o zh.so --name samr --sign alice.key 2>&1) ||
  fail "build --sign does not name the key in Chinese"
"$xiufu" pack info samr.so --trusted-keys trusted > info.txt 2> info.err || fail "pack info: $(cat info.err)"
grep -q "^signature  *ed25519, key $alice_id: valid, trusted" info.txt || fail "pack info: $(grep signature info.txt)"
grep -q '^checks  *ok' info.txt || fail "pack info: checks did not pass"

"$xiufu" gen --entities 3000 -o records.db > /dev/null
dump() { sqlite3 -cmd ".mode quote" "$1" "SELECT * FROM decision ORDER BY policy, subject_table, subject_id"; }
"$xiufu" run --quiet -p "$national" -d records.db --as-of 2026-11-01 -o src.db
"$xiufu" run --quiet -p samr.so -d records.db --as-of 2026-11-01 -o signed.db --trusted-keys trusted ||
  fail "the signed pack does not run"
cmp -s <(dump src.db) <(dump signed.db) || fail "the signed pack decides otherwise than its sources"
XIUFU_TRUSTED_KEYS=$work/trusted "$xiufu" run --quiet -p samr.so -d records.db --as-of 2026-11-01 -o env.db ||
  fail "XIUFU_TRUSTED_KEYS is not the trusted-keys folder"
"$xiufu" run --quiet -p unsigned.so -d records.db --as-of 2026-11-01 -o unsigned.db --allow-unsigned ||
  fail "--allow-unsigned does not run an unsigned pack"
cmp -s <(dump src.db) <(dump unsigned.db) || fail "the unsigned pack decides otherwise than its sources"
echo "signed pack: $(sqlite3 signed.db 'SELECT count(*) FROM decision') decisions, as from source; --allow-unsigned runs an unsigned one"

# ---- forgeries
cat > foreign.c <<EOF
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void planted(void) {
    int fd = open("$work/marker", O_WRONLY | O_CREAT, 0644);
    if (fd >= 0) close(fd);
}
int xf_pack_header[64] = {1};
EOF
"$cc" -shared -fPIC -o foreign.raw.so foreign.c || fail "cannot compile the foreign object"
python3 - samr.so foreign.raw.so foreign.so foreign-sig.so altered.so stripped.so <<'PY'
import hashlib, struct, sys
real_path, raw_path, out_foreign, out_foreign_sig, out_altered, out_stripped = sys.argv[1:7]
real = open(real_path, "rb").read()
SIG, TR = 128, 56
assert real[-SIG:-SIG + 8] == b"XFPKSIG\0"
trailer = real[-SIG - TR:-SIG]
def seal(elf):  # a valid trailer, as anyone who reads docs/packs.md can make
    return elf + b"XFPKEND\0" + trailer[8:16] + len(elf).to_bytes(8, "little") + hashlib.sha256(elf).digest()
raw = open(raw_path, "rb").read()
open(out_foreign, "wb").write(seal(raw))
open(out_foreign_sig, "wb").write(seal(raw) + real[-SIG:])          # a real pack's signature block
elf = bytearray(real[:-SIG - TR])
# the executable section: one instruction byte of the policies' code changed
shoff, = struct.unpack_from("<Q", elf, 0x28)
shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3A)
def sh(i):
    return struct.unpack_from("<IIQQQQIIQQ", elf, shoff + i * shentsize)
names_off = sh(shstrndx)[4]
text = [s for s in map(sh, range(shnum)) if elf[names_off + s[0]:names_off + s[0] + 6] == b".text\0"][0]
at = text[4] + text[5] // 2
elf[at] ^= 0xFF
open(out_altered, "wb").write(seal(bytes(elf)) + real[-SIG:])       # resealed, its signature kept
open(out_stripped, "wb").write(seal(bytes(elf)))                    # resealed, unsigned
PY

refused() {  # PACK WANT [FLAGS...]: run -p and pack info exit 1 with WANT (pack info: $info_want
             # when set); no marker
  local pack=$1 want=$2 rc cmd keys=(--trusted-keys trusted)
  shift 2
  # a case that names its own folder gives it instead: --trusted-keys takes one value
  [[ " $* " == *" --trusted-keys "* ]] && keys=()
  for cmd in run info; do
    [[ $cmd == info && -n ${info_want:-} ]] && want=$info_want
    set +e
    if [[ $cmd == run ]]; then
      "$xiufu" run --quiet --lang en -p "$pack" -d records.db --as-of 2026-11-01 -o refused.db "${keys[@]}" "$@" \
        2> refused.err
    else
      "$xiufu" pack info "$pack" --lang en "${keys[@]}" "$@" > /dev/null 2> refused.err
    fi
    rc=$?
    set -e
    [[ $rc == 1 ]] || fail "$pack ($cmd $*): exit $rc, want 1: $(cat refused.err)"
    grep -qF "$want" refused.err || fail "$pack ($cmd $*): want '$want', got: $(cat refused.err)"
    [[ ! -e marker ]] || fail "$pack ($cmd $*): its constructor ran"
  done
  echo "$pack refused${*:+ ($*)}: $(head -1 refused.err)"
}
# pack info reads what it can of an unsigned file, without loading it: its
# xf_pack_header is no pack header
info_want="foreign.so: not a xiufu pack (no pack header)" refused foreign.so "foreign.so: refused: the pack is not signed"
[[ $("$xiufu" pack info foreign.so --allow-unsigned 2>&1) == *"not a xiufu pack (no pack header)"* ]] ||
  fail "pack info --allow-unsigned of the foreign object: $("$xiufu" pack info foreign.so --allow-unsigned 2>&1)"
[[ ! -e marker ]] || fail "pack info --allow-unsigned ran the foreign object's constructor"
refused foreign-sig.so "foreign-sig.so: refused: bad signature: its signature does not verify"
refused foreign-sig.so "bad signature" --allow-unsigned
refused altered.so "altered.so: refused: bad signature: its signature does not verify"
refused altered.so "bad signature" --allow-unsigned
refused stripped.so "stripped.so: refused: the pack is not signed"
refused mallory.so "mallory.so: refused: signed by key $(grep '^id ' mallory.pub | cut -d' ' -f2), which is not trusted"
refused mallory.so "which is not trusted" --allow-unsigned
refused unsigned.so "unsigned.so: refused: the pack is not signed"
refused samr.so "which is not trusted: no public key in the trusted-keys folder" --trusted-keys "$work/home"
info=$("$xiufu" pack info mallory.so --trusted-keys trusted 2> /dev/null || true)
[[ $info == *"valid, NOT trusted"* ]] || fail "pack info does not show an untrusted signer: $info"
# in Chinese, the default
set +e
"$xiufu" run --quiet -p mallory.so -d records.db --as-of 2026-11-01 -o refused.db --trusted-keys trusted 2> zh.err
set -e
grep -q '拒绝加载：签名密钥 .* 不受信任' zh.err || fail "no Chinese refusal: $(cat zh.err)"

# the SQLite extension: the same refusals, no marker
sq() {  # SQL: in a sqlite3 shell that loaded the extension for the work folder
  XIUFU_PACK_DIR=$work XIUFU_TRUSTED_KEYS=$work/trusted LD_PRELOAD=$preload ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} \
    sqlite3 -bail -cmd ".load $ext" records.db "$1"
}
[[ $(sq "SELECT xiufu_decide('samr.so', 'penalty', 4, '2026-11-01')") == \
   $(sqlite3 src.db "SELECT coalesce(outcome, '') FROM decision WHERE subject_table = 'penalty' AND subject_id = 4") ]] ||
  fail "the extension decides otherwise with the signed pack"
for case in "foreign.so|the pack is not signed" "foreign-sig.so|bad signature" "altered.so|bad signature" \
            "mallory.so|which is not trusted" "unsigned.so|the pack is not signed"; do
  pack=${case%%|*} want=${case#*|}
  set +e
  sq "SELECT xiufu_load_pack('$pack')" > /dev/null 2> sq.err; rc=$?
  set -e
  [[ $rc == 1 ]] || fail "extension, $pack: exit $rc, want 1"
  grep -qF "$want" sq.err || fail "extension, $pack: want '$want', got: $(cat sq.err)"
  # the extension has no command line: its refusal names its own setting
  if [[ $want == "the pack is not signed" ]]; then
    grep -qF "XIUFU_ALLOW_UNSIGNED=1 in the environment when the extension is loaded" sq.err ||
      fail "extension, $pack: the refusal does not name XIUFU_ALLOW_UNSIGNED: $(cat sq.err)"
    ! grep -qF -- "--allow-unsigned" sq.err || fail "extension, $pack: the refusal names --allow-unsigned"
  fi
  [[ ! -e marker ]] || fail "extension, $pack: its constructor ran"
  echo "extension refused: $(head -1 sq.err)"
done
[[ $(XIUFU_ALLOW_UNSIGNED=1 sq "SELECT xiufu_load_pack('unsigned.so')") == samr ]] ||
  fail "XIUFU_ALLOW_UNSIGNED=1 does not load an unsigned pack"
set +e
XIUFU_ALLOW_UNSIGNED=1 sq "SELECT xiufu_load_pack('altered.so')" > /dev/null 2> sq.err
set -e
grep -qF "bad signature" sq.err || fail "XIUFU_ALLOW_UNSIGNED=1 loads a badly signed pack: $(cat sq.err)"
[[ ! -e marker ]] || fail "a constructor ran"

# ---- keys and folders others can write or read
cp -r trusted open && chmod 777 open
refused samr.so "writable by every user, so none of its keys is trusted (make it writable by its owner only: chmod go-w $work/open)" --trusted-keys "$work/open"
# a folder made under umask 002 (group-writable) is refused too, and says how to fix it
cp -r trusted group && chmod 775 group
refused samr.so "writable by its group, so none of its keys is trusted (make it writable by its owner only: chmod go-w $work/group)" --trusted-keys "$work/group"
chmod 755 group
"$xiufu" run -p samr.so -d records.db --as-of 2026-11-01 --jsonl --trusted-keys "$work/group" > /dev/null 2> group.err ||
  fail "after chmod go-w the folder is still refused: $(cat group.err)"
# a .pub others can write is not read, and the refusal says so
mkdir -p wpub && chmod 755 wpub && cp alice.pub wpub/ && chmod 666 wpub/alice.pub
refused samr.so "wpub/alice.pub was not read, being writable by others (chmod go-w $work/wpub/alice.pub)" --trusted-keys "$work/wpub"
cp alice.key leaked.key && chmod 644 leaked.key
set +e
"$xiufu" build "$national" -o leaked.so --sign leaked.key --lang en 2> leaked.err; rc=$?
set -e
[[ $rc == 1 && ! -e leaked.so ]] || fail "a secret key others can read signed: exit $rc"
grep -q "other users can read" leaked.err || fail "build --sign with a readable key: $(cat leaked.err)"
set +e
"$xiufu" build "$national" -o leaked.so --sign leaked.key 2> leaked.err
set -e
grep -q "leaked.key：其他用户可读取这把私钥（chmod 600" leaked.err || fail "build --sign, readable key, in Chinese: $(cat leaked.err)"
printf 'xiufu-key 2\nalgorithm ed25519\n' > future.key && chmod 600 future.key
set +e
"$xiufu" build "$national" -o future.so --sign future.key --lang en 2> future.err
set -e
grep -q "version 2; this xiufu reads version 1" future.err || fail "a key file of version 2: $(cat future.err)"
set +e
"$xiufu" build "$national" -o future.so --sign future.key 2> future.err
set -e
grep -q "future.key：密钥文件版本为 2，本 xiufu 只读第 1 版" future.err || fail "a key file of version 2, in Chinese: $(cat future.err)"
echo "sign tests passed"
