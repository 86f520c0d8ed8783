#!/usr/bin/env bash
# modules.test.sh XIUFU SOURCE_DIR WORK_DIR
# `use` between modules: a cycle of two or three modules is an error at the
# use that closes it, reported once, with the chain; a deep diamond of uses
# (31 layers of two modules, each using both of the next: 2^31 paths) is
# checked in one pass over its edges; links in a policy folder are followed
# once.
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

mkdir two three layers
printf 'module a.one\nuse a.two\nuse schema\n' > two/one.xf
printf 'module a.two\nuse a.one\nuse schema\n' > two/two.xf
rc=0; "$xiufu" check --lang en two > two.out 2> two.err || rc=$?
[[ $rc == 1 ]] || fail "two-module cycle: exit $rc"
[[ $(grep -c "error: " two.err) == 1 ]] || fail "two-module cycle reported $(grep -c "error: " two.err) times"
grep -q "two.xf:2:5: error: modules use each other in a cycle: a.one → a.two → a.one" two.err ||
  fail "two-module cycle: $(cat two.err)"

printf 'module c.x\nuse c.y\n' > three/x.xf
printf 'module c.y\nuse c.z\n' > three/y.xf
printf 'module c.z\nuse c.x\n' > three/z.xf
rc=0; "$xiufu" check --lang en three > three.out 2> three.err || rc=$?
[[ $rc == 1 ]] || fail "three-module cycle: exit $rc"
grep -q "z.xf:2:5: error: modules use each other in a cycle: c.x → c.y → c.z → c.x" three.err ||
  fail "three-module cycle: $(cat three.err)"

for l in $(seq 0 30); do
  for k in a b; do
    { echo "module l$l.$k"; echo "use schema"
      if ((l < 30)); then echo "use l$((l + 1)).a"; echo "use l$((l + 1)).b"; fi; } > "layers/l$l$k.xf"
  done
done
rc=0; "$xiufu" check layers > layers.out 2> layers.err || rc=$?
[[ $rc == 0 ]] || fail "31 layers of uses: exit $rc: $(head -3 layers.err)"

# a policy folder with links back up its own tree: each folder and file is
# read once (no duplicate declarations, no endless walk)
mkdir -p loops/sub
printf 'module loop.a\nuse schema\nbasis "《测试》"\n\npolicy 测试 for p: penalty\n  decide\n    not_yet otherwise basis "第一条"\n' > loops/sub/a.xf
ln -s .. loops/sub/up
ln -s . loops/self
ln -s sub/a.xf loops/again.xf
rc=0; "$xiufu" check loops loops/sub/a.xf loops > loops.out 2> loops.err || rc=$?
[[ $rc == 0 ]] || fail "links in a policy folder: exit $rc: $(head -3 loops.err)"

((failures == 0)) || exit 1
echo "modules: ok"
