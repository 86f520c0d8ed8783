#!/usr/bin/env bash
# overflow.test.sh XIUFU SOURCE_DIR WORK_DIR
# Arithmetic a policy writes never wraps around: a fine of 5×10^16 yuan
# doubled (a product), 3.5×10^16 yuan taken three times from zero (a
# difference whose product fits) — each leaves the 64-bit range of fen and
# makes the decision a runtime
# error ("arithmetic out of range"), in every engine, while the same policy
# decides ordinary fines as before.
set -euo pipefail
xiufu=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

cat > overflow.xf <<'XF'
module t.overflow
use schema
basis "《测试》"
effective from 1900-01-01

policy 加倍 for p: penalty
  let 两倍罚款 = (p.fine_yuan ?? 0元) * 2
  let 差额 = 0元 - (p.fine_yuan ?? 0元) - (p.fine_yuan ?? 0元) - (p.fine_yuan ?? 0元)
  decide
    can_apply when 两倍罚款 > 100000元 and 差额 < 0元      basis "第一条"
    not_yet otherwise                                     basis "第二条"
XF
sqlite3 r.db < "$src/runtime/records.sql"
sqlite3 r.db <<'SQL'
INSERT INTO entity(uscc, name, kind, status, region) VALUES ('91350100M000100Y43', '测试', '企业', '存续', '350100');
INSERT INTO penalty(id, uscc, decision_no, authority, authority_region, cause, sector, procedure, measures,
                    fine_yuan, decided, published)
VALUES (1, '91350100M000100Y43', '一号', '机关', '350100', '事由', '市场监管', '普通', '罚款', 80000, '2026-01-01', '2026-01-02'),
       (2, '91350100M000100Y43', '二号', '机关', '350100', '事由', '市场监管', '普通', '罚款', 50000000000000000, '2026-01-01', '2026-01-02'),
       (3, '91350100M000100Y43', '三号', '机关', '350100', '事由', '市场监管', '普通', '罚款', 35000000000000000, '2026-01-01', '2026-01-02');
SQL
for engine in jit interp; do
  rc=0
  "$xiufu" run --quiet --engine $engine -p overflow.xf -d r.db --as-of 2026-11-01 -o "$engine.db" || rc=$?
  [[ $rc == 1 ]] || fail "$engine: exit $rc, want 1 (decisions with errors)"
  got=$(sqlite3 -separator ' ' "$engine.db" "SELECT subject_id, ifnull(outcome, '-'), ifnull(error, '-') FROM decision ORDER BY subject_id")
  want=$'1 can_apply -\n2 - 算术运算超出范围 / arithmetic out of range\n3 - 算术运算超出范围 / arithmetic out of range'
  [[ $got == "$want" ]] || fail "$engine: got [$got] want [$want]"
done
# the same through an ahead-of-time pack
# a pack unsigned on purpose: --allow-unsigned runs it (tests/pack/sign.test.sh tests signing)
"$xiufu" build overflow.xf -o overflow.so > /dev/null 2>&1 || fail "the pack does not build"
rc=0
"$xiufu" run --quiet --allow-unsigned -p overflow.so -d r.db --as-of 2026-11-01 -o pack.db || rc=$?
[[ $(sqlite3 pack.db "SELECT count(*) FROM decision WHERE error LIKE '%arithmetic out of range%'") == 2 ]] ||
  fail "pack: the overflows are not errors"

((failures == 0)) || exit 1
echo "overflow: ok"
