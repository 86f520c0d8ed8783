#!/usr/bin/env bash
# flags.test.sh XIUFU SOURCE_DIR WORK_DIR
# Flags do what they say whichever way they are written: `--opt value` and
# `--opt=value` give the same run; `xiufu gen --region CODE...` registers
# every entity (and every authority) in the regions given, the same way for
# a seed; and a run warns, naming the policy and quoting its scope, when a
# policy decided no record of the database (tests/cli/scope/*.txt, Chinese
# and English) — and says nothing when every policy decided something.
set -euo pipefail
xiufu=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") src=$(cd "$2" && pwd)
rm -rf "$3" && mkdir -p "$3"
work=$(cd "$3" && pwd)
cd "$work"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
national=$src/policies/national sichuan=$src/policies/sichuan

# ---- = and space
"$xiufu" gen --entities 400 --seed 3 -o r.db > /dev/null
"$xiufu" gen --entities=400 --seed=3 --output=r2.db > /dev/null
cmp -s <(sqlite3 r.db .dump) <(sqlite3 r2.db .dump) || fail "gen --entities=400 --seed=3 differs from the space form"
dump() { sqlite3 "$1" "SELECT policy, subject_table, subject_id, outcome, eligible_from, stops_on, trace IS NULL FROM decision ORDER BY 1, 2, 3"; }
"$xiufu" run --quiet -p "$national" -d r.db --as-of 2026-11-01 --trace none --threads 1 --engine interp -o space.db
"$xiufu" run --quiet -p "$national" -d=r.db --as-of=2026-11-01 --trace=none --threads=1 --engine=interp -o=equals.db
cmp -s <(dump space.db) <(dump equals.db) || fail "run with --opt=value differs from --opt value"
[[ $(sqlite3 space.db "SELECT count(*) FROM decision WHERE trace IS NOT NULL") == 0 ]] || fail "--trace none kept traces"
"$xiufu" run --quiet -p "$national" -d r.db --as-of 2026-11-01 --trace all --engine interp -o traced.db
[[ $(sqlite3 traced.db "SELECT count(*) FROM decision WHERE trace IS NULL") == 0 ]] || fail "--trace all kept no trace"

# ---- gen --region
"$xiufu" gen --entities 300 --seed 5 -o gx.db --region 450102 450103 --region=510402 > /dev/null
[[ $(sqlite3 gx.db "SELECT group_concat(region) FROM (SELECT DISTINCT region FROM entity ORDER BY 1)") == 450102,450103,510402 ]] ||
  fail "--region: entities registered in $(sqlite3 gx.db "SELECT group_concat(DISTINCT region) FROM entity")"
[[ $(sqlite3 gx.db "SELECT count(*) FROM penalty WHERE authority_region NOT IN ('450102', '450103', '510402')") == 0 ]] ||
  fail "--region: authorities outside the regions given"
[[ $(sqlite3 gx.db "SELECT count(*) FROM entity WHERE substr(uscc, 3, 6) != region") == 0 ]] || fail "--region: codes do not carry the region"
sqlite3 gx.db "SELECT authority FROM penalty WHERE authority_region = '450102' AND sector = '市场监管' LIMIT 1" | grep -q '^广西壮族自治区' ||
  fail "--region 450102: the authority is not named after its province"
sqlite3 gx.db "SELECT name FROM entity WHERE region = '510402' LIMIT 1" | grep -q '^攀枝花\|^东区' ||
  fail "--region 510402: a built-in region lost its names"
"$xiufu" gen --entities 300 --seed 5 -o gx2.db --region 450102 450103 510402 > /dev/null
cmp -s <(sqlite3 gx.db .dump) <(sqlite3 gx2.db .dump) || fail "--region: the same arguments gave another database"
"$xiufu" gen --entities 300 --seed 5 -o dflt.db > /dev/null
[[ $(sqlite3 dflt.db "SELECT count(DISTINCT region) FROM entity") -gt 10 ]] || fail "without --region: the built-in regions are not used"

# ---- the scope warning
# Panzhihua's pack over records of Guangxi: its policies decide nothing, and the run says which
"$xiufu" gen --entities 300 --seed 5 -o guangxi.db --region 450102 > /dev/null
for lang in zh en; do
  "$xiufu" run -p "$national" "$sichuan" -d guangxi.db --as-of 2026-03-01 -o out-$lang.db --lang $lang 2> run-$lang.err
  grep -E '警告|warning' run-$lang.err > scope-$lang.txt || true
  if [[ "${XF_UPDATE_GOLDEN:-}" == 1 ]]; then cp scope-$lang.txt "$src/tests/cli/scope/guangxi-$lang.txt"
  else diff -u "$src/tests/cli/scope/guangxi-$lang.txt" scope-$lang.txt || fail "the scope warning ($lang) differs from tests/cli/scope/guangxi-$lang.txt"; fi
done
grep -q '攀枝花' scope-zh.txt || fail "no warning names a Panzhihua policy: $(cat scope-zh.txt)"
! grep -v '攀枝花' scope-zh.txt | grep -q . || fail "a policy that decided records is warned about: $(grep -v 攀枝花 scope-zh.txt)"
# --quiet: no summary, no warning
"$xiufu" run --quiet -p "$national" "$sichuan" -d guangxi.db --as-of 2026-03-01 -o quiet.db 2> quiet.err
[[ ! -s quiet.err ]] || fail "--quiet still warned: $(head -2 quiet.err)"
# every policy decided something: not a word
"$xiufu" run -p "$national" "$sichuan" -d dflt.db --as-of 2026-03-01 -o all.db 2> all.err
! grep -qE '警告|warning' all.err || fail "a warning where every policy decided records: $(grep -E '警告|warning' all.err)"

echo "flags.test.sh: $failures failure(s)"
[[ $failures == 0 ]]
