#!/usr/bin/env bash
# eval.test.sh XIUFU SOURCE_DIR WORK_DIR
# `xiufu eval`: one record typed by hand, as JSON or TABLE.COLUMN=VALUE,
# decided by policies/national and explained.  The records are cases of
# tests/e2e/national (hand-checked against the articles they cite: see
# expected.tsv there); each must get the outcome and dates written there,
# on the interpreter and on the JIT, and the JIT and the interpreter must
# explain alike.  Then the mistakes of a hand-typed record, each named with
# its table, row and column (golden files, Chinese and English).
set -euo pipefail

. "$(dirname "$0")/../lib/args.sh" "$@"
mkdir -p "$work/tmp"
export TMPDIR=$work/tmp   # eval's temporary databases: all gone afterwards
here=$src/tests/eval
national=$src/policies/national
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# case NAME AS_OF OUTCOME ELIGIBLE_FROM STOPS_ON -- ARGS...   ("-": no such line)
case_() {
  local name=$1 as_of=$2 outcome=$3 from=$4 stops=$5
  shift 6
  for engine in interp jit; do
    local out=$work/$name-$engine.txt rc=0
    "$xiufu" eval -p "$national" --engine $engine -O0 --as-of "$as_of" --lang en "$@" < "${stdin:-/dev/null}" > "$out" 2> "$work/$name.err" || rc=$?
    [[ $rc == 0 ]] || { fail "$name ($engine): exit $rc: $(head -3 "$work/$name.err")"; continue; }
    if [[ $outcome == none ]]; then
      grep -q "no policy decides this record (none)" "$out" || fail "$name ($engine): want none, got $(head -4 "$out")"
      continue
    fi
    grep -q "^outcome: .*($outcome)\$" "$out" || fail "$name ($engine): want $outcome, got $(grep '^outcome' "$out")"
    if [[ $from == - ]]; then ! grep -v '^eligible from: none$' "$out" | grep -q '^eligible from:' || fail "$name ($engine): $(grep '^eligible from' "$out"), want none"
    else grep -qx "eligible from: $from" "$out" || fail "$name ($engine): want eligible from $from, got $(grep '^eligible from' "$out" || echo none)"; fi
    if [[ $stops == - ]]; then ! grep -v '^stops on: none$' "$out" | grep -q '^stops on:' || fail "$name ($engine): $(grep '^stops on' "$out"), want none"
    else grep -qx "stops on: $stops" "$out" || fail "$name ($engine): want stops on $stops, got $(grep '^stops on' "$out" || echo none)"; fi
  done
  if [[ -f $work/$name-interp.txt && -f $work/$name-jit.txt ]]; then
    # the run line names the engine's run; everything else is the same
    cmp -s <(grep -v '^as of:' "$work/$name-interp.txt") <(grep -v '^as of:' "$work/$name-jit.txt") ||
      fail "$name: the JIT and the interpreter explain differently"
  fi
}

# the cases of tests/e2e/national/expected.tsv, as pairs and as JSON
case_ case2 2026-11-01 can_apply 2026-04-11 2027-01-11 -- penalty.cause=虚假宣传 penalty.domain=其他 \
  penalty.measures=罚款 penalty.fine_yuan=100000 penalty.tier=一般 penalty.decided=2026-01-02 \
  penalty.published=2026-01-10 penalty.fulfilled=2026-02-01 penalty.remedied=2026-02-01
case_ case2b 2025-06-01 none - - -- penalty.cause=虚假宣传 penalty.measures=罚款 penalty.fine_yuan=100000元 \
  penalty.tier=一般 penalty.decided=2026-01-02 penalty.published=2026-01-10
case_ case3 2026-11-01 not_yet 2026-04-11 2027-01-11 -- --record "$here/case3.json"
case_ case8 2027-02-28 not_yet 2027-03-01 2029-03-01 -- --record "$here/case8.json"
case_ case8b 2027-03-01 can_apply 2027-03-01 2029-03-01 -- --record "$here/case8.json"
case_ case12 2026-11-01 not_repairable - 2029-01-16 -- penalty.cause=食品安全 penalty.domain=食品 \
  penalty.measures=罚款,吊销许可证件 penalty.fine_yuan=100000 penalty.tier=一般 penalty.decided=2026-01-10 \
  penalty.published=2026-01-15 penalty.fulfilled=2026-01-20 penalty.remedied=2026-01-20
case_ case14 2026-11-01 not_yet 2026-04-06 2027-01-06 -- --record "$here/case14.json"
stdin=$here/case14.json case_ case14-stdin 2026-11-01 not_yet 2026-04-06 2027-01-06 -- --record -
case_ case17b 2026-11-01 not_yet - - -- --record "$here/case17b.json"
# the second penalty of case 14 is decided when it is written first (TABLE[N] orders the rows)
case_ case14b 2026-11-01 not_yet 2026-09-11 2027-06-11 -- penalty[1].cause=虚假宣传 penalty[1].domain=其他 \
  penalty[1].measures=罚款 penalty[1].fine_yuan=30000 penalty[1].tier=一般 penalty[1].decided=2026-06-01 \
  penalty[1].published=2026-06-10 penalty[2].cause=虚假宣传 penalty[2].domain=其他 penalty[2].measures=罚款 \
  penalty[2].fine_yuan=100000 penalty[2].tier=一般 penalty[2].decided=2026-01-01 penalty[2].published=2026-01-05 \
  penalty[2].fulfilled=2026-01-20 penalty[2].remedied=2026-01-20

# the explanation is explain's: the deciding step and the article it cites
grep -qE '^basis: .*第十一条\)?$' "$work/case2-interp.txt" || fail "case2: no basis line citing 第十一条"
"$xiufu" eval -p "$national" --engine interp --as-of 2026-11-01 --record "$here/case3.json" > "$work/case3-zh.txt"
grep -q '^结论：.*（not_yet）$' "$work/case3-zh.txt" || fail "case3 in Chinese: $(head -4 "$work/case3-zh.txt")"
grep -q '已履行义务' "$work/case3-zh.txt" || fail "case3 in Chinese: the unmet requirement is not named"

# ---- mistakes, word for word ----------------------------------------------------------
golden() {  # golden NAME ARGS...: exit code and stderr against $here/NAME.txt
  local name=$1 rc=0
  shift
  (cd "$src" && "$xiufu" eval -p policies/national --engine interp --as-of 2026-11-01 "$@" > "$work/$name.out" 2> "$work/$name.err") || rc=$?
  { echo "exit $rc"; cat "$work/$name.err"; } > "$work/$name.txt"
  if [[ "${XF_UPDATE_GOLDEN:-}" == 1 ]]; then cp "$work/$name.txt" "$here/$name.txt"
  elif ! diff -u "$here/$name.txt" "$work/$name.txt"; then fail "$name differs from tests/eval/$name.txt"; fi
  [[ ! -s "$work/$name.out" ]] || fail "$name: wrote to stdout"
}
golden err_column        penalty.publishd=2026-01-10
golden err_column_en     --lang en penalty.publishd=2026-01-10
golden err_table         pennalty.published=2026-01-10
golden err_table_en      --lang en abnormall.listed=2026-01-10
golden err_date          penalty.published=2026-02-30
golden err_money_en      --lang en penalty.fine_yuan=5万 penalty.published=2026-01-10
golden err_label         penalty.tier=一般x penalty.published=2026-01-10
golden err_label_en      --lang en penalty.tier=normal penalty.published=2026-01-10
golden err_twice         penalty.published=2026-01-10 penalty.published=2026-01-11
golden err_pair          penalty=2026-01-10
golden err_entity_only   entity.region=510402
golden err_json          --record tests/eval/bad_syntax.json
golden err_json_row_en   --lang en --record tests/eval/bad_row.json
golden err_no_file       --record tests/eval/no-such.json

leftover=$(find "$work/tmp" -mindepth 1 | head -3)
[[ -z "$leftover" ]] || fail "temporary files left behind: $leftover"
echo "eval.test.sh: $failures failure(s)"
[[ $failures == 0 ]]
