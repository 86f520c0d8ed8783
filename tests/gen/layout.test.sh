#!/usr/bin/env bash
# layout.test.sh XIUFU SOURCE_DIR WORK_DIR
# `xiufu gen --layout shuffled` is deterministic, stores related rows with
# ids in date order (not grouped by entity), holds the same records as the
# clustered layout, and `xiufu run` decides both alike.
set -euo pipefail

if [ $# -ne 3 ]; then
  echo "usage: $0 XIUFU SOURCE_DIR WORK_DIR" >&2
  exit 2
fi
xiufu=$1
src=$2
work=$3
command -v sqlite3 >/dev/null || { echo "FAIL: the sqlite3 shell is needed" >&2; exit 1; }

rm -rf "$work" && mkdir -p "$work"
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
q() { sqlite3 -batch "$1" "$2"; }

n=3000
"$xiufu" gen --entities $n --seed 11 -o "$work/c.db" > /dev/null
"$xiufu" gen --entities $n --seed 11 --layout clustered -o "$work/c2.db" > /dev/null
"$xiufu" gen --entities $n --seed 11 --layout shuffled -o "$work/s.db" > /dev/null
"$xiufu" gen --entities $n --seed 11 --layout=shuffled -o "$work/s2.db" > /dev/null

# --- determinism ---------------------------------------------------------------
cmp -s "$work/c.db" "$work/c2.db" || fail "--layout clustered differs from the default"
cmp -s "$work/s.db" "$work/s2.db" || fail "--layout shuffled: same arguments gave different files"
cmp -s <(sqlite3 "$work/s.db" .dump) <(sqlite3 "$work/s2.db" .dump) || fail "--layout shuffled: dumps differ"
if cmp -s <(sqlite3 "$work/c.db" .dump) <(sqlite3 "$work/s.db" .dump); then fail "shuffled gave the clustered database"; fi
set +e
"$xiufu" gen --entities 10 -o "$work/x.db" --layout bogus 2> /dev/null; rc=$?
set -e
[ $rc -eq 2 ] || fail "--layout bogus: exit $rc, want 2"

# --- the shuffled layout: ids follow the date, entities interleave -------------------
# share of consecutive ids (rowids) that belong to the same entity, in percent
same_next() { # db table key
  q "$1" "select cast(100.0 * sum(a.uscc = b.uscc) / count(*) as int) from $2 a join $2 b on b.$3 = a.$3 + 1"
}
for t in penalty abnormal serious inspection application; do
  db="$work/s.db"
  [ "$(q "$db" "select max(id) = count(*) and min(id) = 1 from $t")" = 1 ] || fail "$t: shuffled ids are not 1..count"
done
[ "$(q "$work/s.db" "select count(*) from penalty a join penalty b on b.id = a.id + 1 where b.decided < a.decided")" = 0 ] \
  || fail "penalty: shuffled ids not in order of decided"
[ "$(q "$work/s.db" "select count(*) from abnormal a join abnormal b on b.id = a.id + 1 where b.listed < a.listed")" = 0 ] \
  || fail "abnormal: shuffled ids not in order of listed"
[ "$(q "$work/s.db" "select count(*) from serious a join serious b on b.id = a.id + 1 where b.listed < a.listed")" = 0 ] \
  || fail "serious: shuffled ids not in order of listed"
[ "$(q "$work/s.db" "select count(*) from inspection a join inspection b on b.id = a.id + 1 where b.published < a.published")" = 0 ] \
  || fail "inspection: shuffled ids not in order of published"
[ "$(q "$work/s.db" "select count(*) from application a join application b on b.id = a.id + 1 where b.applied < a.applied")" = 0 ] \
  || fail "application: shuffled ids not in order of applied"
# references follow the renumbering: to a row of the same entity, in both layouts
for db in "$work/c.db" "$work/s.db" "$work/as.db"; do
  [ -f "$db" ] || continue
  [ "$(q "$db" "select count(*) from serious s left join penalty p on p.id = s.penalty_id
                where s.penalty_id is not null and p.uscc is not s.uscc")" = 0 ] || fail "$db: serious.penalty_id to another entity"
  [ "$(q "$db" "select count(*) from inspection i left join penalty p on p.id = i.penalty_id
                left join abnormal a on a.id = i.abnormal_id
                where (i.penalty_id is not null and p.uscc is not i.uscc)
                   or (i.abnormal_id is not null and a.uscc is not i.uscc)")" = 0 ] || fail "$db: inspection refers to another entity"
  [ "$(q "$db" "select count(*) from application x where x.uscc is not case x.subject_table
                when 'penalty' then (select uscc from penalty where id = x.subject_id)
                when 'abnormal' then (select uscc from abnormal where id = x.subject_id)
                when 'serious' then (select uscc from serious where id = x.subject_id)
                else (select uscc from inspection where id = x.subject_id) end")" = 0 ] ||
    fail "$db: application.subject_id to another entity's row"
done
[ "$(q "$work/s.db" "select count(*) from annual_report a join annual_report b on b.rowid = a.rowid + 1
                     where b.year < a.year or (b.year = a.year and b.uscc <= a.uscc)")" = 0 ] \
  || fail "annual_report: shuffled rowids not in order of (year, uscc)"
c_pen=$(same_next "$work/c.db" penalty id)
s_pen=$(same_next "$work/s.db" penalty id)
s_rep=$(same_next "$work/s.db" annual_report rowid)
[ "$c_pen" -ge 20 ] || fail "clustered penalty ids: only $c_pen% of neighbours share an entity (the check is blind)"
[ "$s_pen" -le 3 ] || fail "shuffled penalty ids: $s_pen% of neighbours share an entity, want <= 3%"
[ "$s_rep" -le 3 ] || fail "shuffled annual_report rowids: $s_rep% of neighbours share an entity, want <= 3%"
# an entity's penalties are spread over the id range, not a block
[ "$(q "$work/s.db" "select count(*) from (select uscc from penalty group by uscc
                     having count(*) > 1 and max(id) - min(id) + 1 > count(*))")" -gt 50 ] \
  || fail "shuffled: too few entities whose penalty ids are not contiguous"

# --- the same records in both layouts ---------------------------------------------
# every column but the id, as SQL literals, sorted: the multisets must match.  A
# column that refers to an id (renumbered in the shuffled layout) shows the row it
# refers to instead, by what that row says.
what() { # table id-expression: the referred row, told by its columns
  case $1 in
    penalty) echo "coalesce((select quote(uscc || decision_no || decided) from penalty where id = $2), 'NULL')" ;;
    abnormal) echo "coalesce((select quote(uscc || reason || listed) from abnormal where id = $2), 'NULL')" ;;
    serious) echo "coalesce((select quote(uscc || list || listed) from serious where id = $2), 'NULL')" ;;
    inspection) echo "coalesce((select quote(uscc || result || published) from inspection where id = $2), 'NULL')" ;;
  esac
}
rows() { # db table
  local cols
  cols=$(q "$1" "select group_concat(case name
      when 'penalty_id' then '$(what penalty "x.penalty_id" | sed "s/'/''/g")'
      when 'abnormal_id' then '$(what abnormal "x.abnormal_id" | sed "s/'/''/g")'
      when 'subject_id' then 'case x.subject_table when ''penalty'' then $(what penalty x.subject_id | sed "s/'/''/g")
        when ''abnormal'' then $(what abnormal x.subject_id | sed "s/'/''/g")
        when ''serious'' then $(what serious x.subject_id | sed "s/'/''/g")
        else $(what inspection x.subject_id | sed "s/'/''/g") end'
      else 'quote(x.' || name || ')' end, '||''|''||') from pragma_table_info('$2') where name <> 'id'")
  q "$1" "select $cols from $2 x" | LC_ALL=C sort
}
for t in entity penalty abnormal serious inspection application annual_report workday_calendar; do
  cmp -s <(rows "$work/c.db" $t) <(rows "$work/s.db" $t) || fail "$t: the layouts hold different rows"
done
cmp -s <(q "$work/c.db" "select type, name, tbl_name, sql from sqlite_master order by name") \
       <(q "$work/s.db" "select type, name, tbl_name, sql from sqlite_master order by name") \
  || fail "the layouts have different schemas or indexes"
[ "$(q "$work/s.db" 'pragma integrity_check')" = ok ] || fail "shuffled: integrity_check failed"
[ "$(q "$work/s.db" "select count(*) from sqlite_master where name like 'xf_stage%'")" = 0 ] || fail "staging tables left behind"

# --- the same decisions -------------------------------------------------------------
run() { # records out
  "$xiufu" run --quiet -p "$src/policies/national" -d "$1" --as-of 2026-11-01 -o "$2"
}
run "$work/c.db" "$work/out-c.db"
run "$work/s.db" "$work/out-s.db"
outcomes='select outcome, count(*) from decision group by 1 order by 1'
cmp -s <(q "$work/out-c.db" "$outcomes") <(q "$work/out-s.db" "$outcomes") \
  || fail "outcome counts differ: $(q "$work/out-c.db" "$outcomes" | tr '\n' ' ') vs $(q "$work/out-s.db" "$outcomes" | tr '\n' ' ')"
[ "$(q "$work/out-c.db" "select count(*) from decision")" -gt 1000 ] || fail "too few decisions to compare"
# decision by decision, keyed by the record rather than its id
decisions='select policy, subject_table, uscc, outcome, eligible_from, stops_on, step, basis, error from decision'
cmp -s <(q "$work/out-c.db" "$decisions" | LC_ALL=C sort) <(q "$work/out-s.db" "$decisions" | LC_ALL=C sort) \
  || fail "decisions differ between the layouts beyond their subject ids"

# --- the adversarial shape too ------------------------------------------------------
"$xiufu" gen --entities 400 --seed 2 --shape adversarial -o "$work/ac.db" > /dev/null
"$xiufu" gen --entities 400 --seed 2 --shape adversarial --layout shuffled -o "$work/as.db" > /dev/null
for t in entity penalty abnormal serious inspection application annual_report; do
  cmp -s <(rows "$work/ac.db" $t) <(rows "$work/as.db" $t) || fail "adversarial $t: the layouts hold different rows"
done
for db in "$work/ac.db" "$work/as.db"; do
  [ "$(q "$db" "select count(*) from application x where x.uscc is not case x.subject_table
                when 'penalty' then (select uscc from penalty where id = x.subject_id)
                when 'abnormal' then (select uscc from abnormal where id = x.subject_id)
                when 'serious' then (select uscc from serious where id = x.subject_id)
                else (select uscc from inspection where id = x.subject_id) end")" = 0 ] ||
    fail "$db: application.subject_id to another entity's row"
done

if [ $failures -ne 0 ]; then
  echo "layout.test.sh: $failures failure(s)" >&2
  exit 1
fi
echo "layout.test.sh: ok"
