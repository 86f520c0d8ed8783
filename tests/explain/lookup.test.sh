#!/usr/bin/env bash
# Finding a case the way a reviewer does: by 文号, by a code as typed (lower
# case, blanks, full-width characters; a wrong check character is said), by
# part of a name; and the documents that head the explanation — the
# entity's name, the 文号, the authority and the record's dates, read from
# the run's records database or the one --records names.
# Usage: lookup.test.sh XIUFU SOURCE_DIR WORK_DIR
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
records=$work/records.db out=$work/out.db
sqlite3 "$records" < "$src/runtime/records.sql"
sqlite3 "$records" < "$src/tests/e2e/national/fixture.sql"
"$xiufu" run --quiet -p "$src/policies/national" -d "$records" --as-of 2026-11-01 -o "$out"

failures=0 checked=0
fail() { failures=$((failures + 1)); printf 'FAIL: %s\n' "$*"; }
. "$(dirname "$0")/expect.sh"

# the header of case 3, found by its 文号 typed with full-width digits
expect 0 "" -- -d "$out" --decision-no '市监罚〔２０２６〕３号'
head -8 "$work/x.out" > "$work/header.zh.txt"
cat > "$work/want.zh.txt" <<'TXT'
════ 决定说明 penalty:3（行政处罚信息_107号令） ════
经营主体：案例3有限公司
统一社会信用代码：911101050000000035
决定书文号：市监罚〔2026〕3号
作出决定的机关：某市市场监督管理局
决定日期：2026-01-02
公示日期：2026-01-10
评估日：2026-11-01（运行 1）
TXT
diff -u "$work/want.zh.txt" "$work/header.zh.txt" || fail "the header of penalty:3 (zh)"
expect 0 "" -- -d "$out" --decision-no '市监罚〔2026〕3号' --lang en
head -8 "$work/x.out" > "$work/header.en.txt"
cat > "$work/want.en.txt" <<'TXT'
════ Decision penalty:3 (行政处罚信息_107号令) ════
entity: 案例3有限公司
USCC: 911101050000000035
decision no.: 市监罚〔2026〕3号
authority: 某市市场监督管理局
decided on: 2026-01-02
published on: 2026-01-10
as of: 2026-11-01 (run 1)
TXT
diff -u "$work/want.en.txt" "$work/header.en.txt" || fail "the header of penalty:3 (en)"
expect 1 "没有文号为 市监罚〔2026〕999号 的记录" -- -d "$out" --decision-no '市监罚〔2026〕999号'

# the code as typed: lower case, blanks, full-width characters
for typed in '91110105000000001y' ' 9111 0105 0000 0000 1Y ' '９１１１０１０５００００００００１ｙ' '91110105000000001Y'; do
  expect 0 "统一社会信用代码：91110105000000001Y" -- -d "$out" --uscc "$typed"
done
# a wrong check character is said, in the language asked for
expect 1 "统一社会信用代码 911101050000000036 的校验位应为 5，不是 6" -- -d "$out" --uscc 911101050000000036
expect 1 "its check character should be 5, not 6" -- -d "$out" --uscc 911101050000000036 --lang en

# part of a name: one entity explains its decisions, several are listed
expect 0 "经营主体：案例14有限公司" -- -d "$out" --name '案例14有限'
expect 1 "请用 --uscc 指定" -- -d "$out" --name '案例1'
grep -qF '911101050000000149  案例14有限公司' "$work/x.err" || fail "--name: the candidates are not listed"
expect 1 "没有名称含“某某”的经营主体" -- -d "$out" --name '某某'

# the records database moved: the explanation still stands, the look-ups ask for it
mv "$records" "$work/moved.db"
expect 0 "统一社会信用代码：911101050000000035" -- -d "$out" --subject penalty:3
grep -qF '决定书文号' "$work/x.out" && fail "without the records database a 文号 is shown"
expect 1 "请用 --records 指定" -- -d "$out" --decision-no '市监罚〔2026〕3号'
expect 0 "决定书文号：市监罚〔2026〕3号" -- -d "$out" --decision-no '市监罚〔2026〕3号' --records "$work/moved.db"
expect 1 "不是记录库" -- -d "$out" --subject penalty:3 --records "$out"
expect 2 "须给且只给一个" -- -d "$out" --name 案例 --uscc 911101050000000035

echo "lookup: $checked checked, $failures failed"
[[ $failures -eq 0 ]]
