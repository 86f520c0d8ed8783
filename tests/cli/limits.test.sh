#!/usr/bin/env bash
# limits.test.sh XIUFU SOURCE_DIR WORK_DIR
# Policies built to exhaust the compiler get a clear error, not a crash or
# a flood (docs/bad-input.md): an expression of 100,000 or 50,000 terms and
# 20,000 nested parentheses are "nested more than N levels deep", once;
# 10,000 stray characters give 100 diagnostics and a note, not 10,000; a
# long line is shown cut around the caret; long lists of lets and
# policies take memory in proportion.  999 terms still check and run in
# both engines.
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
policy() {  # NAME EXPR: a policy whose let is EXPR
  printf 'module t.%s\nuse schema\nbasis "《测试》"\neffective from 1900-01-01\n\npolicy 测试 for p: penalty\n  let 很多 = %s\n  decide\n    can_apply when 很多 > 0 basis "第一条"\n    not_yet otherwise       basis "第二条"\n' "$1" "$2" > "$1.xf"
}
terms() { python3 -c "import sys; print(' + '.join(['1'] * int(sys.argv[1])))" "$1"; }

for n in 100000 50000; do
  policy "sum$n" "$(terms $n)"
  rc=0; "$xiufu" check --lang en "sum$n.xf" > "sum$n.out" 2> "sum$n.err" || rc=$?
  [[ $rc == 1 ]] || fail "$n terms: exit $rc"
  [[ $(grep -c "error: expression nested more than 1000 levels deep; split it into lets" "sum$n.err") == 1 ]] ||
    fail "$n terms: $(head -c 300 "sum$n.err")"
  (($(wc -c < "sum$n.err") < 4000)) || fail "$n terms: $(wc -c < "sum$n.err") bytes of diagnostics"
  grep -q "…$" "sum$n.err" || fail "$n terms: the long line is not cut"
done
policy parens "$(python3 -c "print('(' * 20000 + '1' + ')' * 20000)")"
rc=0; "$xiufu" check --lang en parens.xf > parens.out 2> parens.err || rc=$?
[[ $rc == 1 ]] || fail "20,000 parentheses: exit $rc"
grep -q "error: expression nested more than 10000 levels deep" parens.err || fail "parentheses: $(head -c 300 parens.err)"

printf 'module t.stray\nuse schema\n%s\n' "$(python3 -c "print('\$' * 10000)")" > stray.xf
rc=0; "$xiufu" check --lang en stray.xf > stray.out 2> stray.err || rc=$?
[[ $rc == 1 ]] || fail "stray characters: exit $rc"
[[ $(grep -c ": error: " stray.err) == 100 ]] || fail "stray characters: $(grep -c ": error: " stray.err) errors shown, want 100"
grep -q "note: stray.xf has more problems than shown; fix these first" stray.err || fail "no note of the problems not shown"

# long lists (10,000 lets, 20,000 policies, a test of 5,000 records) grow by
# doubling: memory stays in proportion (it took 3.6 GB for the lets)
python3 -c "
print('module t.lets\nuse schema\nbasis \"《测试》\"\n\npolicy 测试 for p: penalty')
for i in range(10000): print('  let 值%d = %d' % (i, i))
print('  decide\n    not_yet otherwise basis \"第一条\"')" > lets.xf
python3 -c "
print('module t.pols\nuse schema\nbasis \"《测试》\"')
for i in range(20000): print('\npolicy 测试%d for p: penalty\n  decide\n    not_yet otherwise basis \"第一条\"' % i)" > pols.xf
for f in lets pols; do
  rc=0; /usr/bin/time -f "%M" -o "$f.kb" "$xiufu" check "$f.xf" > "$f.out" 2> "$f.err" || rc=$?
  [[ $rc == 0 ]] || fail "$f: exit $rc: $(head -3 "$f.err")"
  (($(tail -1 "$f.kb") < 200000)) || fail "$f: peak memory $(tail -1 "$f.kb") KB"
done

policy sum999 "$(terms 999)"
"$xiufu" gen --entities 50 --quiet -o r.db > /dev/null
for engine in jit interp; do
  rc=0; "$xiufu" run --quiet --engine $engine -p sum999.xf -d r.db --as-of 2026-11-01 -o "$engine.db" 2> "$engine.err" || rc=$?
  [[ $rc == 0 ]] || fail "999 terms, $engine: exit $rc: $(head -3 "$engine.err")"
  [[ $(sqlite3 "$engine.db" "SELECT count(*) FROM decision WHERE outcome = 'can_apply'") -gt 0 ]] || fail "999 terms, $engine: no can_apply"
done

# a records table that is a view over an endless recursive query: --timeout
# stops the run, which writes nothing; an ordinary run within it completes
cp r.db endless.db
sqlite3 endless.db "ALTER TABLE penalty RENAME TO penalty_rows;
  CREATE VIEW penalty AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
  SELECT p.* FROM penalty_rows p, n WHERE n.i < 0"
rc=0; "$xiufu" run --lang en --timeout 2 -p "$src/policies/national" -d endless.db -o endless-out.db 2> endless.err || rc=$?
[[ $rc == 1 ]] || fail "--timeout on an endless view: exit $rc"
grep -q "stopped after --timeout 2 s; nothing written" endless.err || fail "--timeout: $(cat endless.err)"
[[ ! -e endless-out.db ]] || fail "--timeout left an output"
rc=0; "$xiufu" run --quiet --timeout 600 -p "$src/policies/national" -d r.db -o in-time.db || rc=$?
[[ $rc == 0 && -s in-time.db ]] || fail "a run within --timeout: exit $rc"
rc=0; "$xiufu" run --timeout 0 -p "$src/policies/national" -d r.db -o x.db 2> t0.err || rc=$?
[[ $rc == 2 ]] && grep -q -- "--timeout 的值“0”无效" t0.err || fail "--timeout 0: exit $rc: $(cat t0.err)"

# ten lets of 999 terms: a step program beyond XF_OPT_MAX_INS is compiled
# without optimisation, and the run says so (at -O2 it took over a minute)
python3 -c "
print('module t.big\nuse schema\nbasis \"《测试》\"\neffective from 1900-01-01\n\npolicy 大 for p: penalty')
for k in range(10): print('  let 值%d = ' % k + ' + '.join(['p.id'] * 999))
print('  decide\n    can_apply when 值9 > 0 basis \"第一条\"\n    not_yet otherwise basis \"第二条\"')" > big.xf
rc=0; "$xiufu" run --lang en -p big.xf -d r.db --as-of 2026-11-01 -o big.db > big.out 2> big.err || rc=$?
[[ $rc == 0 ]] || fail "a huge policy: exit $rc: $(head -3 big.err)"
grep -q "xiufu run: policy 大 has [0-9]* steps: compiled without optimisation" big.err || fail "no note of the unoptimised policy: $(head -3 big.err)"

((failures == 0)) || exit 1
echo "limits: ok"
