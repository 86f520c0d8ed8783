#!/usr/bin/env bash
# packset.test.sh XIUFU SOURCE_DIR WORK_DIR
# Packs as a policy author uses them (docs/packs.md):
#   - the source hash depends only on the sources and their paths below the
#     policy folder: policies/national, ./policies/national/, an absolute path
#     and a copy of the folder elsewhere give one hash; an edited source another;
#   - several packs in one run (-p a.so -p b.so, and -p a.so b.so) decide
#     exactly as the sources do, each policy from the pack compiled from its
#     steps, one pack holding the others' sources (its bindings are the
#     set); packs that each add sources of their own are refused, as are
#     packs and sources mixed and two packs holding different texts under
#     one name;
#   - `xiufu test PACK.so...` runs the tests the packs embed (their sources),
#     decided by the packs' code, with the same results as from the sources,
#     and --run selects among them.
set -euo pipefail
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$(cd "$2" && pwd)
rm -rf "$3" && mkdir -p "$3/tmp"
work=$(cd "$3" && pwd)
export TMPDIR=$work/tmp
cd "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
hash_of() { "$xiufu" pack info "$1" --allow-unsigned --lang en | sed -n 's/^source hash  *//p'; }

# ---- the source hash
cp -r "$src/policies" copy
(cd "$src" && "$xiufu" build policies/national -o "$work/a.so" -O0 2> /dev/null) || fail "build policies/national"
(cd "$src" && "$xiufu" build ./policies/national/ -o "$work/b.so" -O0 2> /dev/null) || fail "build ./policies/national/"
"$xiufu" build "$src/policies/national" -o c.so -O0 2> /dev/null || fail "build with an absolute path"
"$xiufu" build copy/national -o d.so -O0 2> /dev/null || fail "build a copy"
h=$(hash_of a.so)
[[ $h =~ ^[0-9a-f]{64}$ ]] || fail "no source hash: '$h'"
for p in b c d; do [[ $(hash_of $p.so) == "$h" ]] || fail "$p.so: source hash $(hash_of $p.so), want $h (a.so)"; done
"$xiufu" pack info a.so --allow-unsigned --lang en | grep -q '^  *national/samr_order107_penalty.xf ' ||
  fail "a.so does not name its sources below the policy folder: $("$xiufu" pack info a.so --allow-unsigned | grep xf | head -2)"
echo "# an edit" >> copy/national/samr_transition.xf
"$xiufu" build copy/national -o e.so -O0 2> /dev/null || fail "build the edited copy"
[[ $(hash_of e.so) != "$h" ]] || fail "an edited source kept the hash"

# ---- several packs in one run
"$xiufu" build "$src/policies/national" "$src/policies/sichuan" -o sichuan.so -O0 2> /dev/null || fail "build sichuan.so"
"$xiufu" gen --entities 1500 --seed 9 -o r.db > /dev/null
dump() { sqlite3 "$1" "SELECT policy, subject_table, subject_id, outcome, eligible_from, stops_on, step FROM decision ORDER BY 1, 2, 3"; }
for as_of in 2025-06-01 2026-03-01; do
  "$xiufu" run --quiet -p "$src/policies/national" "$src/policies/sichuan" -d r.db --as-of $as_of -o src-$as_of.db
  "$xiufu" run --quiet -p a.so -p sichuan.so --allow-unsigned -d r.db --as-of $as_of -o packs-$as_of.db ||
    fail "run -p a.so -p sichuan.so at $as_of"
  [[ $(sqlite3 packs-$as_of.db "SELECT engine FROM run") == pack ]] || fail "the packs' run did not run their code"
  [[ $(dump src-$as_of.db | wc -l) -gt 100 ]] || fail "too few decisions at $as_of to compare"
  [[ $as_of < 2025-11-01 || $(sqlite3 src-$as_of.db "SELECT count(*) FROM decision WHERE policy LIKE '%攀枝花%'") -gt 0 ]] ||
    fail "no decision of the Panzhihua pack at $as_of to compare"
  cmp -s <(dump src-$as_of.db) <(dump packs-$as_of.db) || fail "two packs decide otherwise than their sources at $as_of"
done
"$xiufu" run --quiet -p sichuan.so a.so --allow-unsigned -d r.db --as-of 2026-03-01 -o packs2.db || fail "run -p sichuan.so a.so"
cmp -s <(dump src-2026-03-01.db) <(dump packs2.db) || fail "the packs' order changes the decisions"
# sichuan.so holds a.so's sources: its bindings are the set.  hunan.so and
# sichuan.so each add their own: their code was compiled for two sets, and
# they are refused with how to build one pack of both.
"$xiufu" build "$src/policies/national" "$src/policies/hunan" -o hunan.so -O0 2> /dev/null || fail "build hunan.so"
rc=0; "$xiufu" run --quiet --lang en -p sichuan.so hunan.so --allow-unsigned -d r.db -o packs3.db 2> apart.err || rc=$?
[[ $rc == 1 ]] && grep -q '^xiufu run: sichuan.so: no pack holds the sources of all the others: .*build one pack of all their sources' apart.err ||
  fail "two packs with sources of their own: exit $rc: $(cat apart.err)"
[[ ! -e packs3.db ]] || fail "a refused run left its output"
rc=0; "$xiufu" run -p a.so "$src/policies/sichuan" --allow-unsigned -d r.db --jsonl --lang en > /dev/null 2> mixed.err || rc=$?
[[ $rc == 2 ]] && grep -q 'packs (.so) or policy sources, not both' mixed.err || fail "packs and sources mixed: exit $rc: $(cat mixed.err)"
rc=0; "$xiufu" run -p a.so e.so --allow-unsigned -d r.db --jsonl > /dev/null 2> differ.err || rc=$?
[[ $rc == 1 ]] && grep -q 'e.so: its source national/samr_transition.xf differs' differ.err ||
  fail "two packs with different texts of one source: exit $rc: $(cat differ.err)"

# ---- xiufu test PACK.so
"$xiufu" test --lang en "$src/policies/national" "$src/policies/sichuan" > test-src.txt 2>&1 || fail "test the sources: $(tail -3 test-src.txt)"
rc=0; "$xiufu" test --lang en a.so sichuan.so --allow-unsigned > test-packs.txt 2>&1 || rc=$?
[[ $rc == 0 ]] || fail "test a.so sichuan.so: exit $rc: $(tail -3 test-packs.txt)"
last=$(tail -n 1 test-packs.txt)
[[ $last =~ ^[1-9][0-9]*\ passed,\ 0\ failed$ ]] || fail "test of packs: last line '$last'"
[[ $last == "$(tail -n 1 test-src.txt)" ]] || fail "packs and sources test differently: '$last' / '$(tail -n 1 test-src.txt)'"
grep -q '^  sichuan.panzhihua.pilot: .* = 100%$' test-packs.txt || fail "no full coverage of the pack's module"
rc=0; "$xiufu" test a.so > unsigned.txt 2>&1 || rc=$?
[[ $rc == 1 ]] && grep -q 'a.so' unsigned.txt || fail "an unsigned pack tested without --allow-unsigned: exit $rc"

# --run: by part of the name, or a pattern over the whole name
"$xiufu" test --lang en --run 自动修复 a.so sichuan.so --allow-unsigned > run1.txt 2>&1 || fail "--run 自动修复: $(tail -3 run1.txt)"
n=$(grep -c '^ok ' run1.txt || true)
[[ $n -ge 1 ]] || fail "--run 自动修复 ran no test"
! grep '^ok ' run1.txt | grep -qv 自动修复 || fail "--run 自动修复 ran other tests: $(grep '^ok ' run1.txt | grep -v 自动修复 | head -2)"
[[ $(tail -n 1 run1.txt) == "$n passed, 0 failed" ]] || fail "--run 自动修复: $(tail -n 1 run1.txt)"
! grep -q '^coverage' run1.txt || fail "--run reported coverage it could not reach"
"$xiufu" test --lang en --run '第十一条*' --run '*案例 2?' "$src/policies/national" > run2.txt 2>&1 || fail "--run with patterns: $(tail -3 run2.txt)"
while read -r line; do
  name=${line#ok }
  [[ $name == 第十一条* || $name == *案例\ 2? ]] || fail "--run patterns ran '$name'"
done < <(grep '^ok ' run2.txt)
[[ $(grep -c '^ok ' run2.txt) -ge 2 ]] || fail "--run patterns ran $(grep -c '^ok ' run2.txt) tests"
rc=0; "$xiufu" test --run 没有这个测试 "$src/policies/national" > run3.txt 2>&1 || rc=$?
[[ $rc == 1 ]] && grep -q '没有名称匹配 --run 的测试：没有这个测试' run3.txt || fail "--run matching nothing: exit $rc: $(head -2 run3.txt)"

leftover=$(find "$work/tmp" -mindepth 1 | head -3)
[[ -z "$leftover" ]] || fail "temporary files left behind: $leftover"
echo "packset.test.sh: $failures failure(s)"
[[ $failures == 0 ]]
