#!/usr/bin/env bash
# determinism.test.sh XIUFU SOURCE_DIR WORK_DIR
# `xiufu gen` is deterministic for a seed, differs across seeds, and writes
# only what runtime/records.sql allows: labels from the lists, valid dates,
# unique USCC codes with correct check characters, plausible row counts.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 XIUFU SOURCE_DIR WORK_DIR" >&2
  exit 2
fi
xiufu=$1
src=$2
work=$3
command -v sqlite3 >/dev/null || { echo "FAIL: the sqlite3 shell is needed" >&2; exit 1; }
[ -f "$src/runtime/records.sql" ] || { echo "FAIL: $src/runtime/records.sql not found" >&2; exit 1; }

mkdir -p "$work"
rm -f "$work"/*.db "$work"/*.db.partial "$work"/*.dump "$work"/*.out

failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
q() { sqlite3 -batch "$1" "$2"; }

n=2000
"$xiufu" gen --entities $n -o "$work/a.db" --seed 42 > "$work/a.out"
"$xiufu" gen --entities $n -o "$work/b.db" --seed 42 > "$work/b.out"
"$xiufu" gen --entities $n -o "$work/c.db" --seed 43 > "$work/c.out"
grep -q "$n entities" "$work/a.out" || fail "summary line does not mention $n entities: $(cat "$work/a.out")"

sqlite3 "$work/a.db" .dump > "$work/a.dump"
sqlite3 "$work/b.db" .dump > "$work/b.dump"
sqlite3 "$work/c.db" .dump > "$work/c.dump"
cmp -s "$work/a.dump" "$work/b.dump" || fail "same seed gave different databases"
if cmp -s "$work/a.dump" "$work/c.dump"; then fail "different seeds gave the same database"; fi

# --- the command line ------------------------------------------------------
set +e
"$xiufu" gen --entities $n -o "$work/a.db" --seed 42 2> "$work/exists.out"; rc=$?
"$xiufu" gen -o "$work/x.db" 2> /dev/null; rc2=$?
"$xiufu" gen --entities 0 -o "$work/x.db" 2> /dev/null; rc3=$?
"$xiufu" gen --entities 12x -o "$work/x.db" 2> /dev/null; rc4=$?
"$xiufu" gen --entities 10 -o "$work/x.db" --bogus 2> /dev/null; rc5=$?
"$xiufu" gen --entities 10 -o "$work/no-such-dir/x.db" 2> /dev/null; rc6=$?
set -e
[ $rc -eq 1 ] || fail "overwriting an existing file without --force: exit $rc, want 1"
cmp -s <(sqlite3 "$work/a.db" .dump) "$work/a.dump" || fail "a refused overwrite changed the file"
[ $rc2 -eq 2 ] || fail "missing --entities: exit $rc2, want 2"
[ $rc3 -eq 2 ] || fail "--entities 0: exit $rc3, want 2"
[ $rc4 -eq 2 ] || fail "--entities 12x: exit $rc4, want 2"
[ $rc5 -eq 2 ] || fail "unknown option: exit $rc5, want 2"
[ $rc6 -eq 1 ] || fail "unwritable output: exit $rc6, want 1"
"$xiufu" gen --entities 10 -o "$work/a.db" --seed 42 --force > /dev/null || fail "--force did not replace the file"
[ "$(q "$work/a.db" 'select count(*) from entity')" = 10 ] || fail "--force: the file was not replaced"
[ ! -e "$work/a.db.partial" ] || fail "a temporary file was left behind"
[ "$(q "$work/b.db" 'pragma journal_mode')" = delete ] || fail "the database is not left in rollback-journal mode"
[ "$(q "$work/b.db" 'pragma integrity_check')" = ok ] || fail "integrity_check failed"

# --- shapes: --shape realistic is the default; adversarial is deterministic too --
"$xiufu" gen --entities 300 -o "$work/s-default.db" --seed 5 > /dev/null
"$xiufu" gen --entities 300 -o "$work/s-realistic.db" --seed 5 --shape realistic > /dev/null
"$xiufu" gen --entities 300 -o "$work/s-adv1.db" --seed 5 --shape adversarial > /dev/null
"$xiufu" gen --entities 300 -o "$work/s-adv2.db" --seed 5 --shape=adversarial > /dev/null
cmp -s <(sqlite3 "$work/s-default.db" .dump) <(sqlite3 "$work/s-realistic.db" .dump) \
  || fail "--shape realistic differs from the default"
cmp -s <(sqlite3 "$work/s-adv1.db" .dump) <(sqlite3 "$work/s-adv2.db" .dump) \
  || fail "--shape adversarial: same seed gave different databases"
if cmp -s <(sqlite3 "$work/s-default.db" .dump) <(sqlite3 "$work/s-adv1.db" .dump); then
  fail "--shape adversarial gave the realistic database"
fi
set +e
"$xiufu" gen --entities 10 -o "$work/x.db" --shape bogus 2> /dev/null; rc7=$?
set -e
[ $rc7 -eq 2 ] || fail "--shape bogus: exit $rc7, want 2"

db="$work/b.db"

# --- row counts (2000 entities) ----------------------------------------------
count() { q "$db" "select count(*) from $1"; }
between() { # name value lo hi
  if [ "$2" -lt "$3" ] || [ "$2" -gt "$4" ]; then fail "$1: $2 rows, want $3..$4"; fi
}
between entity "$(count entity)" $n $n
between penalty "$(count penalty)" 700 1500
between abnormal "$(count abnormal)" 150 500
between serious "$(count serious)" 5 60
between inspection "$(count inspection)" 250 700
between application "$(count application)" 80 400
between annual_report "$(count annual_report)" 6000 20000
between workday_calendar "$(count workday_calendar)" 200 400
between "entities with no penalty" "$(q "$db" 'select count(*) from entity where uscc not in (select uscc from penalty)')" 1200 1700
for t in penalty abnormal serious inspection application; do
  [ "$(q "$db" "select count(*) from sqlite_master where type='index' and tbl_name='$t' and sql like '%(uscc)%'")" = 1 ] \
    || fail "no index on $t(uscc)"
done

# --- labels ------------------------------------------------------------------
check_labels() { # table column nullable 'label' 'label' ...
  local table=$1 column=$2 nullable=$3; shift 3
  local list="" l
  for l in "$@"; do list="$list${list:+,}'$l'"; done
  local where="$column not in ($list)"
  if [ "$nullable" = null ]; then where="$column is not null and $where"; else where="$column is null or $where"; fi
  local bad
  bad=$(q "$db" "select count(*) from $table where $where")
  [ "$bad" = 0 ] || fail "$table.$column: $bad rows outside the schema's labels, e.g. $(q "$db" "select quote($column) from $table where $where limit 3" | tr '\n' ' ')"
}
check_labels entity kind notnull 企业 个体工商户 农民专业合作社
check_labels entity status notnull 存续 歇业 吊销 注销
check_labels entity industry null 安全生产 环境保护 食品 药品 特种设备 投资理财 养老看护 美容健身 教育培训 校外托管
check_labels penalty sector notnull 市场监管 税务 应急管理 生态环境 人社 统计 消防 卫生健康 交通运输 其他
check_labels penalty domain null 食品 药品 医疗器械 化妆品 特种设备 重点工业产品 安全生产 消防 生态环境 工程质量 其他
check_labels penalty tier null 减轻 从轻 一般 从重
check_labels penalty procedure notnull 普通 简易
check_labels penalty severity null 轻微 一般 严重 特定严重
check_labels abnormal reason notnull 未按期年报 未按责令期限公示 公示信息隐瞒真实情况弄虚作假 住所无法联系 未办理名称变更登记
check_labels serious list notnull 市场监管严重违法失信 失信被执行人 重大税收违法失信 拖欠农民工工资失信 安全生产严重失信 统计严重失信 社会组织严重违法失信
check_labels inspection result notnull 未发现问题 未按规定公示应当公示的信息 公示信息隐瞒真实情况弄虚作假 通过登记的住所或者经营场所无法联系 发现问题已责令改正 不配合检查情节严重 未发现开业 发现问题待后续处理
check_labels application subject_table notnull penalty abnormal serious inspection
check_labels application review null 书面审查 实地核查
check_labels application result null 准予 不予 撤回
check_labels application fraud notnull 0 1
check_labels workday_calendar workday notnull 0 1
check_labels annual_report all_zero notnull 0 1

# penalty.measures: every comma-separated part is a label, no spaces
bad=$(q "$db" "
with recursive parts(id, part, rest) as (
  select id, '', measures || ',' from penalty
  union all
  select id, substr(rest, 1, instr(rest, ',') - 1), substr(rest, instr(rest, ',') + 1) from parts where rest <> ''
)
select count(*) from parts where part <> '' and part not in
  ('警告','通报批评','罚款','没收违法所得','没收非法财物','暂扣许可证件','降低资质等级','吊销许可证件',
   '限制开展生产经营活动','责令停产停业','责令关闭','限制从业','吊销营业执照','行政拘留')")
[ "$bad" = 0 ] || fail "penalty.measures: $bad parts outside the schema's labels"
[ "$(q "$db" "select count(*) from penalty where measures = '' or measures like '% %' or measures like ',%' or measures like '%,' or measures like '%,,%'")" = 0 ] \
  || fail "penalty.measures: spaces or empty parts"
[ "$(q "$db" "select count(*) from penalty where (fine_yuan is not null) <> (measures like '%罚款%')")" = 0 ] \
  || fail "penalty.fine_yuan present exactly when the measures include 罚款"
[ "$(q "$db" "select count(*) from penalty where fine_yuan is not null and (fine_yuan <= 0 or abs(fine_yuan * 100 - round(fine_yuan * 100)) > 1e-6)")" = 0 ] \
  || fail "penalty.fine_yuan: not a positive amount in whole fen"

# --- dates -------------------------------------------------------------------
check_dates() { # table column...
  local table=$1 c bad; shift
  for c in "$@"; do
    bad=$(q "$db" "select count(*) from $table where $c is not null and ($c not glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' or date($c) is not $c)")
    [ "$bad" = 0 ] || fail "$table.$c: $bad values that are not valid YYYY-MM-DD dates"
  done
}
check_dates entity established
check_dates penalty decided published restricted_until fulfilled remedied stopped repair_revoked
check_dates abnormal listed corrected removed
check_dates serious listed published measures_until fulfilled remedied removed repair_revoked
check_dates inspection published stopped
check_dates application applied accepted decided
check_dates entity deregistered
check_dates annual_report filed
check_dates workday_calendar day
[ "$(q "$db" "select count(*) from penalty where decided < '2019-01-01' or decided > '2026-10-31' or published < decided or fulfilled < decided or remedied < decided or stopped < published or repair_revoked < stopped")" = 0 ] \
  || fail "penalty dates out of order"
[ "$(q "$db" "select count(*) from penalty where published is not null and (procedure = '简易' or measures = '警告')")" = 0 ] \
  || fail "simple-procedure or warning-only penalties publicized"
[ "$(q "$db" "select count(*) from abnormal where corrected < listed or removed < corrected or (reason = '未按期年报') <> (report_year is not null)")" = 0 ] \
  || fail "abnormal dates or report_year inconsistent"
[ "$(q "$db" "select count(*) from annual_report r join abnormal a on a.uscc = r.uscc and a.report_year = r.year where a.corrected is null and r.filed is not null")" = 0 ] \
  || fail "annual_report filed for a year listed as missed and not corrected"
[ "$(q "$db" "select count(*) from annual_report r join entity e using (uscc) where r.year <= cast(substr(e.established, 1, 4) as integer) or r.year > 2025")" = 0 ] \
  || fail "annual_report years outside established+1 .. 2025"
[ "$(q "$db" "select count(*) from workday_calendar where workday = 1 and strftime('%w', day) not in ('0', '6')")" = 0 ] \
  || fail "a make-up working day that is not a weekend day"

# --- USCC codes: unique, 18 characters of the alphabet, check character right --
[ "$(q "$db" "select count(*) from entity where length(uscc) <> 18 or uscc not glob '9[123][0-9][0-9][0-9][0-9][0-9][0-9]*' or uscc glob '*[^0-9A-HJ-NPQRTUWXY]*'")" = 0 ] \
  || fail "entity.uscc: wrong length, prefix or characters"
[ "$(q "$db" "select count(*) - count(distinct uscc) from entity")" = 0 ] || fail "entity.uscc not unique"
[ "$(q "$db" "select count(*) from entity where substr(uscc, 3, 6) <> region")" = 0 ] || fail "entity.uscc does not carry the region"
bad=$(q "$db" "
with w(i, wt) as (values (1,1),(2,3),(3,9),(4,27),(5,19),(6,26),(7,16),(8,17),(9,20),(10,29),(11,25),(12,13),(13,8),(14,24),(15,10),(16,30),(17,28)),
     a(s) as (select '0123456789ABCDEFGHJKLMNPQRTUWXY'),
     t(uscc, total) as (select e.uscc, sum((instr(a.s, substr(e.uscc, w.i, 1)) - 1) * w.wt) from entity e, w, a group by e.uscc)
select count(*) from t, a where substr(a.s, (31 - total % 31) % 31 + 1, 1) <> substr(uscc, 18, 1)")
[ "$bad" = 0 ] || fail "entity.uscc: $bad codes with a wrong check character"
for t in penalty abnormal serious inspection application annual_report; do
  [ "$(q "$db" "select count(*) from $t where uscc not in (select uscc from entity)")" = 0 ] || fail "$t rows of unknown entities"
done

# --- version 2: deregistered, serious.penalty_id, inspections, applications -----------
[ "$(q "$db" "select count(*) from entity where (status = '注销') <> (deregistered is not null)")" = 0 ] \
  || fail "entity.deregistered: not exactly the 注销 entities have one"
[ "$(q "$db" "select count(*) from entity where deregistered <= established or deregistered >= '2026-10-31'")" = 0 ] \
  || fail "entity.deregistered: not after established and before the reference day"
[ "$(q "$db" "select count(*) from entity where deregistered is not null")" -gt 50 ] || fail "too few deregistered entities"
# serious.penalty_id: a 较重 penalty of market regulation, of the same entity, decided before the listing
[ "$(q "$db" "select count(*) from serious s left join penalty p on p.id = s.penalty_id
              where s.penalty_id is not null and (p.id is null or p.uscc <> s.uscc or p.decided >= s.listed
                or p.sector <> '市场监管' or s.list <> '市场监管严重违法失信')")" = 0 ] \
  || fail "serious.penalty_id: not an earlier market-regulation penalty of the same entity"
linked=$(q "$db" "select count(penalty_id) from serious where list = '市场监管严重违法失信'")
all_samr=$(q "$db" "select count(*) from serious where list = '市场监管严重违法失信'")
[ "$linked" -gt 0 ] && [ "$linked" -lt "$all_samr" ] || fail "serious.penalty_id: $linked of $all_samr 市场监管 listings, want some but not all"
# inspections: mostly clean; what followed belongs to the same entity and comes after
clean=$(q "$db" "select count(*) from inspection where result = '未发现问题'")
[ $((clean * 100 / $(count inspection))) -ge 60 ] || fail "inspection: only $clean of $(count inspection) without findings"
[ "$(q "$db" "select count(*) from inspection i left join penalty p on p.id = i.penalty_id
              left join abnormal a on a.id = i.abnormal_id
              where (i.penalty_id is not null and (p.uscc is not i.uscc or p.decided < i.published))
                 or (i.abnormal_id is not null and (a.uscc is not i.uscc or a.listed < i.published))
                 or i.stopped < i.published or i.published > '2026-10-31'")" = 0 ] \
  || fail "inspection: a follow-up of another entity or before the result, or dates out of order"
[ "$(q "$db" "select count(*) from inspection where penalty_id is not null")" -gt 0 ] || fail "inspection: no penalty followed"
[ "$(q "$db" "select count(*) from inspection where abnormal_id is not null")" -gt 0 ] || fail "inspection: no listing followed"
# applications: about a row of the entity; applied <= accepted <= decided; pending means no decision
[ "$(q "$db" "select count(*) from application x where x.uscc is not case x.subject_table
              when 'penalty' then (select uscc from penalty where id = x.subject_id)
              when 'abnormal' then (select uscc from abnormal where id = x.subject_id)
              when 'serious' then (select uscc from serious where id = x.subject_id)
              else (select uscc from inspection where id = x.subject_id) end")" = 0 ] \
  || fail "application: about a row that does not exist or is another entity's"
[ "$(q "$db" "select count(*) from application where accepted < applied or decided < accepted or decided < applied
              or (decided is null) <> (result is null) or (result is null and (review is not null or fraud = 1))
              or applied > '2026-10-31' or decided > '2026-10-31'")" = 0 ] \
  || fail "application: dates out of order, or a decision without a result"
for r in 准予 不予 撤回; do
  [ "$(q "$db" "select count(*) from application where result = '$r'")" -gt 0 ] || fail "application: no $r"
done
[ "$(q "$db" "select count(*) from application where result is null")" -gt 0 ] || fail "application: none pending"
[ "$(q "$db" "select count(*) from application where result = '不予' and fraud = 1")" -gt 0 ] || fail "application: no refusal for fraud"
granted=$(q "$db" "select count(*) from application where result = '准予'")
[ $((granted * 2)) -gt "$(count application)" ] || fail "application: only $granted of $(count application) granted"
# dormant entities that cannot be reached: 存续, no phone, an uncorrected listing (住所无法联系
# or a missed report), the last two filed reports all zero and none filed since
dormant=$(q "$db" "select count(*) from entity e where status = '存续' and phone is null
  and exists (select 1 from abnormal a where a.uscc = e.uscc and a.reason in ('住所无法联系', '未按期年报')
              and a.corrected is null)
  and (select count(*) from annual_report r where r.uscc = e.uscc and r.filed is not null and r.all_zero = 1
       and r.year >= (select max(year) from annual_report x where x.uscc = e.uscc and x.filed is not null) - 1) = 2
  and (select max(year) from annual_report x where x.uscc = e.uscc and x.filed is not null) <= 2022")
[ "$dormant" -ge 8 ] || fail "only $dormant dormant entities that cannot be reached"

# --- the shapes the policies need to see ----------------------------------------
[ "$(q "$db" "select count(*) from entity where region like '5104%'")" -gt 50 ] || fail "too few 攀枝花 entities"
[ "$(q "$db" "select count(*) from (select uscc, cause from penalty group by uscc, cause having count(*) > 1)")" -gt 10 ] \
  || fail "too few repeated causes"
[ "$(q "$db" "select count(*) from penalty where fine_yuan in (5000, 50000, 100000)")" -gt 30 ] || fail "too few boundary fines"
[ "$(q "$db" "select count(*) from penalty where restricted_until is not null")" -gt 5 ] || fail "too few restricted_until"

if [ $failures -ne 0 ]; then
  echo "determinism.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "determinism.test.sh: ok"
