#!/usr/bin/env bash
# Golden explanations: representative decisions of the national fixture
# (tests/e2e/national), explained in Chinese and English from the output
# database alone — the records database is deleted before `xiufu explain`
# runs.  Then the exit codes and messages of the error cases.
# Usage: explain.test.sh XIUFU SOURCE_DIR WORK_DIR
#        UPDATE_GOLDEN=1 rewrites tests/explain/golden/NAME.{zh,en}.txt.
#
# A working-day deadline: the Xiangtan pack's, over the National Day holidays (below).
# (docs/readings.md, reading 2); add a case here when one is written.
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
records=$work/records.db out=$work/out.db
golden=$src/tests/explain/golden
sqlite3 "$records" < "$src/runtime/records.sql"
sqlite3 "$records" < "$src/tests/e2e/national/fixture.sql"

# name  as_of  selector  — case numbers of tests/e2e/national/expected.tsv
cases=$(cat <<'EOF'
can_apply        2026-11-01  --subject penalty:2     case 2: can_apply, general record under Order 107
unpaid           2026-11-01  --subject penalty:3     case 3: not_yet, the fine is not paid (the entity must act)
month_end        2026-03-31  --subject penalty:4     case 4: 2025-12-31 + 3 months -> last day 2026-03-31
food_one_year    2027-02-28  --subject penalty:8     case 8: food domain, the exception sets 1 year
leap_expired     2026-11-01  --subject penalty:20    case 20: expired, 2024-02-29 + 1 year
leap_food_2021   2025-02-28  --subject penalty:22    case 22: 2021 rules, food 1 year from the leap day
not_repairable   2026-11-01  --subject penalty:12    case 12: licence revoked, no early repair
not_published    2026-11-01  --subject penalty:1     case 1: a warning alone is not publicized
same_cause       2026-11-01  --uscc 911101050000000149  cases 14, 14b: penalized again for the same cause
regime_change    2025-12-25  --subject penalty:30    case 30b: Order 107 from its first day
abnormal_list    2026-11-01  --subject abnormal:17   case 17b: annual report not filed
serious_list     2026-02-01  --subject serious:34    case 34: one year from publication
threshold_sh     2025-08-01  --subject penalty:23    case 23: Shanghai threshold includes 50000
threshold_gz     2025-08-01  --subject penalty:24    case 24: Guizhou threshold excludes 50000
listed_abnormal  2025-08-01  --subject penalty:26    case 26: 2021 rules, the entity is in the abnormal list
minor_until      2026-05-28  --subject penalty:5     case 5: minor record, publicity stops by itself
EOF
)

declare -A run_of=()
for as_of in $(awk '{print $2}' <<<"$cases" | sort -u); do
  "$xiufu" run --quiet -p "$src/policies/national" -d "$records" --as-of "$as_of" -o "$out"
  run_of[$as_of]=$(sqlite3 "$out" "SELECT max(id) FROM run")
done
# one more run without traces, for the untraced case below
"$xiufu" run --quiet --trace=none -p "$src/policies/national" -d "$records" --as-of 2026-11-01 -o "$out"
untraced=$(sqlite3 "$out" "SELECT max(id) FROM run")
rm -f "$records"  # everything below comes from the output database

failures=0 checked=0
fail() { failures=$((failures + 1)); printf 'FAIL: %s\n' "$*"; }

while read -r name as_of opt sel _; do
  [[ -z "$name" ]] && continue
  for lang in zh en; do
    got=$work/$name.$lang.txt
    if ! "$xiufu" explain -d "$out" --run "${run_of[$as_of]}" "$opt" "$sel" --lang "$lang" > "$got" 2> "$work/$name.$lang.err"; then
      fail "$name ($lang): xiufu explain failed: $(cat "$work/$name.$lang.err")"
      continue
    fi
    checked=$((checked + 1))
    want=$golden/$name.$lang.txt
    if [[ "${UPDATE_GOLDEN:-}" == 1 ]]; then
      mkdir -p "$golden" && cp "$got" "$want"
    elif [[ ! -f "$want" ]]; then
      fail "$name ($lang): no golden file $want (UPDATE_GOLDEN=1 writes it)"
    elif ! diff -u "$want" "$got" > "$work/$name.$lang.diff"; then
      fail "$name ($lang): differs from $want"
      head -40 "$work/$name.$lang.diff"
    fi
  done
done <<<"$cases"

# every outcome code says what would change it
for f in "$work"/*.zh.txt; do
  grep -qF '【什么会改变这一结论】' "$f" || fail "$(basename "$f"): no section 什么会改变这一结论"
done
for code in can_apply not_yet not_repairable not_published expired; do
  grep -lF "（$code）" "$work"/*.zh.txt | xargs grep -lF '【什么会改变这一结论】' > /dev/null || fail "no explanation of $code says what would change it"
done

. "$(dirname "$0")/expect.sh"

printf 'not a database\n' > "$work/text.db"
expect 1 "missing.db"   -- -d "$work/missing.db" --subject penalty:2
expect 1 "text.db"      -- -d "$work/text.db" --subject penalty:2
expect 1 "out.db"       -- -d "$out" --subject penalty:999999
expect 1 "no run 9999"  -- -d "$out" --run 9999 --subject penalty:2
expect 2 "用法"         -- -d "$out"
expect 2 "用法"         -- --subject penalty:2
expect 2 "TABLE:ID"     -- -d "$out" --subject penalty
expect 2 "--outcome 的值“maybe”无效" -- -d "$out" --outcome maybe
expect 2 "须给且只给一个" -- -d "$out" --subject penalty:2 --uscc 911101050000000022
expect 2 "--lang 的值“fr”无效" -- -d "$out" --subject penalty:2 --lang fr
# the latest run by default: the untraced one, which still explains the decision itself
expect 0 "--trace=none" -- -d "$out" --subject penalty:2
expect 0 "运行 $untraced" -- -d "$out" --subject penalty:2
# --outcome with --limit, and --policy
expect 0 "" -- -d "$out" --run "${run_of[2026-11-01]}" --outcome expired --limit 3
n=$(grep -c '^════' "$work/x.out" || true)
[[ "$n" == 3 ]] || fail "--outcome expired --limit 3 gave $n decisions"
expect 0 "行政处罚信息_107号令" -- -d "$out" --run "${run_of[2026-11-01]}" --uscc 911101050000000149 --policy 行政处罚信息_107号令
expect 1 "" -- -d "$out" --run "${run_of[2026-11-01]}" --subject penalty:2 --policy 经营异常名录_107号令
# HTML goes to the file named, not to stdout
expect 0 "" -- -d "$out" --run "${run_of[2026-11-01]}" --subject penalty:3 --html "$work/one.html"
[[ -s "$work/one.html" && ! -s "$work/x.out" ]] || fail "--html: no page written, or text on stdout"
expect 1 "nodir" -- -d "$out" --subject penalty:3 --html "$work/nodir/one.html"

# a run decides any row key, 0 and negative ones too, and explain finds them
sqlite3 "$work/zero.db" < "$src/runtime/records.sql"
sqlite3 "$work/zero.db" < "$src/tests/e2e/national/fixture.sql"
sqlite3 "$work/zero.db" "UPDATE penalty SET id = 0 WHERE id = 2; UPDATE penalty SET id = -5 WHERE id = 3"
"$xiufu" run --quiet -p "$src/policies/national" -d "$work/zero.db" --as-of 2026-11-01 -o "$work/zero-out.db" || true
expect 0 "penalty:0" -- -d "$work/zero-out.db" --subject penalty:0
expect 0 "penalty:-5" -- -d "$work/zero-out.db" --subject penalty:-5
expect 2 "TABLE:ID" -- -d "$work/zero-out.db" --subject penalty:2x

# The rules come from the sources stored with the run (run_source), compiled
# again.  Moved a line down, they explain the same but for line numbers.
r=${run_of[2026-11-01]}
cp "$out" "$work/shifted.db"
sqlite3 "$work/shifted.db" "UPDATE run_source SET text = replace(text, char(10) || 'policy ', char(10) || '# moved' || char(10) || 'policy ')"
expect 0 "需当事人行动：已履行义务" -- -d "$work/shifted.db" --run "$r" --subject penalty:3
sed -E 's/[0-9]+│/N│/' "$work/x.out" > "$work/shifted.txt"
sed -E 's/[0-9]+│/N│/' "$golden/unpaid.zh.txt" | diff -u - "$work/shifted.txt" > "$work/shifted.diff" \
  || fail "shifted: differs from unpaid.zh.txt beyond line numbers: $(head -20 "$work/shifted.diff")"
grep -qF '规则 12│ effective on' "$work/x.out" || fail "shifted: line numbers are not those of the stored sources"
# A run of an older xiufu stored its sources joined in run.policy_source, each
# after a `# ---- PATH` line; a comment of that shape inside a file does not
# split it.
cp "$out" "$work/joined.db"
sqlite3 "$work/joined.db" "UPDATE run SET policy_source = (SELECT group_concat('# ---- ' || path || char(10) || text || '# ---- 说明' || char(10), '')
                             FROM (SELECT path, text FROM run_source WHERE run_source.run = run.id ORDER BY seq));
                           DROP TABLE run_source"
expect 0 "" -- -d "$work/joined.db" --run "$r" --subject penalty:3
diff -u "$golden/unpaid.zh.txt" "$work/x.out" > "$work/joined.diff" || fail "joined: differs from unpaid.zh.txt: $(head -20 "$work/joined.diff")"
# Without the stored sources the explanation shows the traced values and says
# what it cannot tell.
cp "$out" "$work/nosource.db"
sqlite3 "$work/nosource.db" "DELETE FROM run_source"
expect 0 "已履行义务：未满足" -- -d "$work/nosource.db" --run "$r" --subject penalty:3
grep -qF '可申请日 = 2026-04-11' "$work/x.out" || fail "nosource: the date computed is not shown"
grep -qF '第 12 步 → 适用' "$work/x.out" || fail "nosource: the deciding step is not shown"
grep -qF '无法判断哪些更有利的步骤仍可适用' "$work/x.out" || fail "nosource: the routes not known are not said so"
grep -qF '规则 29│ let 最短公示期 = 3 months' "$work/x.out" || fail "nosource: the stored line of a let is not shown"

# ---- a working-day deadline (Xiangtan, 附件1 一、4): five working days over the
# National Day holidays of 2025, with the make-up working day 2025-09-28
xt_records=$work/xiangtan.db xt_out=$work/xiangtan-out.db
sqlite3 "$xt_records" < "$src/runtime/records.sql"
sqlite3 "$xt_records" < "$src/tests/e2e/xiangtan/fixture.sql"
"$xiufu" run --quiet -p "$src/policies/national" "$src/policies/hunan" -d "$xt_records" --as-of 2025-10-15 -o "$xt_out"
rm -f "$xt_records"
for lang in zh en; do
  got=$work/workday_deadline.$lang.txt want=$golden/workday_deadline.$lang.txt
  "$xiufu" explain -d "$xt_out" --subject abnormal:1 --lang "$lang" > "$got" 2> "$work/wd.err" \
    || fail "workday_deadline ($lang): xiufu explain failed: $(cat "$work/wd.err")"
  checked=$((checked + 1))
  if [[ "${UPDATE_GOLDEN:-}" == 1 ]]; then
    cp "$got" "$want"
  elif ! diff -u "$want" "$got" > "$work/wd.diff"; then
    fail "workday_deadline ($lang): differs from $want"
    head -40 "$work/wd.diff"
  fi
  grep -qF 2025-10-10 "$got" || fail "workday_deadline ($lang): the deadline 2025-10-10 is not shown"
done

echo "explain: $checked checked, $failures failed"
[[ $failures -eq 0 ]]
