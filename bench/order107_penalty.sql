-- order107_penalty.sql — policies/national/samr_order107_penalty.xf as ONE SQL query.
--
-- Run with a fresh output database as `main` and the records attached, e.g.
--   sqlite3 bench/work/sql_out.db -cmd "ATTACH 'bench/work/records.db' AS r" < bench/order107_penalty.sql
-- Unqualified `penalty`, `entity`, `serious` and `application` then resolve to the attached records
-- (main has no such tables); the result goes to main.sql_decision.
--
-- The evaluation date is the literal in CTE `k` (bench/run.sh uses 2026-11-01 and, for
-- its edge-case check, rewrites that one line).
--
-- Written for speed as a careful SQL author would: `c`, `m`, `d`, `e` and `l` are
-- MATERIALIZED because SQLite otherwise flattens the CTEs and repeats each
-- classification, each date expression and the NOT EXISTS in every place a later
-- column names it (measured at 100,000 entities: 1.4 s with only `e` and `l`
-- materialized, 0.5 s with all five); as_of is read through scalar subqueries
-- because joining `k` made the planner build an automatic index on
-- penalty(sector) on every run; what the policy reads of other rows of the
-- entity (申请受限至, 名单移出日) is aggregated once per entity in `b` and `r`
-- from the few rows that can count, then joined, rather than looked up per
-- penalty.
--
-- Periods follow 《民法典》第二百零一条至第二百零四条 as xiufu does: n months from x
-- end on the same-numbered day n months later, or that month's last day where
-- there is none; the period is met the day after.  SQLite's own
-- date(x, '+6 months') normalizes 08-31 + 6 months to 03-03, so the clamp is
-- written out: min(start of x's month + n months + (day - 1) days,
--                  last day of the month n months later).
--
-- Labels: measures is a comma-separated list.  `m1` wraps it in commas so
-- ',罚款,' tests membership; `m2` doubles the inner commas so each label has
-- its own pair and removing every allowed ',label,' leaves '' exactly when
-- the set is within the allowed labels ("within").
CREATE TABLE main.sql_decision AS
WITH k(as_of) AS (SELECT '2026-11-01'),  -- as_of
-- 申请受限至 (第二十三条第二款), one row per entity that is barred: the three
-- `max met(..., 3 years)` of let 申请受限至 run from refusals for fraud, and from repairs
-- revoked of any 市场监管 penalty (publicized or not) or 市场监管严重违法失信 listing of
-- the entity, decided on or before as_of.  met(x, 3 years) never decreases as x
-- grows, so the latest of the three maxima of met() is met() of the latest day:
-- one max and one met() per entity, here.
b AS (
  SELECT uscc, date(min(date(max(day), 'start of month', '+36 months',
                  printf('%+d days', CAST(substr(max(day), 9, 2) AS INTEGER) - 1)),
             date(max(day), 'start of month', '+37 months', '-1 day')),
         '+1 day') AS barred                         -- 申请受限至
  FROM (
    SELECT uscc, decided AS day FROM application
    WHERE result = '不予' AND fraud AND decided <= (SELECT as_of FROM k)
    UNION ALL
    SELECT uscc, repair_revoked FROM penalty
    WHERE sector = '市场监管' AND repair_revoked <= (SELECT as_of FROM k)
    UNION ALL
    SELECT uscc, repair_revoked FROM serious
    WHERE list = '市场监管严重违法失信' AND repair_revoked <= (SELECT as_of FROM k))
  GROUP BY uscc
),
-- 名单移出日 (第十三条第三款): the latest removal, on or before as_of, of a
-- 市场监管严重违法失信 listing of the entity that rests on the penalty
-- (`(s.penalty_id ?? -1) == p.id`, written the same way)
r AS (
  SELECT uscc, coalesce(penalty_id, -1) AS pid, max(removed) AS delisted FROM serious
  WHERE list = '市场监管严重违法失信' AND removed <= (SELECT as_of FROM k)
  GROUP BY uscc, pid
),
-- scope (the policy's where): 市场监管 penalties publicized on as_of
s AS (
  SELECT p.id, p.uscc, p.cause, p.decided, p.published, p.restricted_until AS ru,
         p.fulfilled, p.remedied, p.repair_revoked AS rr, p.procedure, e.status,
         e.deregistered AS dereg, p.domain, p.tier, p.fine_yuan, b.barred, r.delisted,
         ',' || p.measures || ',' AS m1,
         ',' || replace(p.measures, ',', ',,') || ',' AS m2
  FROM penalty p JOIN entity e ON e.uscc = p.uscc
    LEFT JOIN b ON b.uscc = p.uscc
    LEFT JOIN r ON r.uscc = p.uscc AND r.pid = p.id
  WHERE p.sector = '市场监管' AND p.published IS NOT NULL AND p.published <= (SELECT as_of FROM k)
    AND (p.stopped IS NULL OR p.stopped > (SELECT as_of FROM k))
),
-- classification (第七条, 第八条第一款)
c AS MATERIALIZED (
  SELECT s.*,
    -- 轻微 = measures within {警告, 通报批评, 罚款} and (罚款 not in measures or 较低数额罚款)
    (replace(replace(replace(m2, ',警告,', ''), ',通报批评,', ''), ',罚款,', '') = ''
     AND (instr(m1, ',罚款,') = 0
          OR coalesce(tier IN ('从轻', '减轻') AND fine_yuan IS NOT NULL AND fine_yuan <= 50000, 0)))
      AS minor,
    coalesce(domain IN ('食品', '药品', '医疗器械', '化妆品', '特种设备', '重点工业产品'), 0) AS sdomain,
    (instr(m1, ',限制开展生产经营活动,') > 0 OR instr(m1, ',责令停产停业,') > 0
     OR instr(m1, ',限制从业,') > 0) AS restrict_,
    (instr(m1, ',降低资质等级,') > 0 OR instr(m1, ',吊销许可证件,') > 0
     OR instr(m1, ',吊销营业执照,') > 0 OR instr(m1, ',责令关闭,') > 0) AS revoke_,
    (replace(m2, ',警告,', '') = '' AND instr(m1, ',警告,') > 0) AS warning_only
  FROM s
),
-- periods in months: 最短公示期, 最长公示期 (第七条第二款, 第八条第二款, 第九条第二款)
m AS MATERIALIZED (
  SELECT c.*,
    (NOT minor AND (sdomain OR restrict_ OR revoke_)) AS serious,
    CASE WHEN NOT minor AND (sdomain OR restrict_ OR revoke_) THEN 12 ELSE 3 END AS min_mon,
    CASE WHEN minor THEN 3 WHEN (sdomain OR restrict_ OR revoke_) THEN 36 ELSE 12 END AS max_mon
  FROM c
),
-- met(x, n months) = (last day, clamped to month end) + 1 day
d AS MATERIALIZED (
  SELECT m.*,
    date(min(date(published, 'start of month', printf('%+d months', max_mon),
                  printf('%+d days', CAST(substr(published, 9, 2) AS INTEGER) - 1)),
             date(published, 'start of month', printf('%+d months', max_mon + 1), '-1 day')),
         '+1 day') AS met_max,
    date(min(date(published, 'start of month', printf('%+d months', min_mon),
                  printf('%+d days', CAST(substr(published, 9, 2) AS INTEGER) - 1)),
             date(published, 'start of month', printf('%+d months', min_mon + 1), '-1 day')),
         '+1 day') AS met_min,
    date(min(date(rr, 'start of month', printf('%+d months', max_mon),
                  printf('%+d days', CAST(substr(rr, 9, 2) AS INTEGER) - 1)),
             date(rr, 'start of month', printf('%+d months', max_mon + 1), '-1 day')),
         '+1 day') AS rr_met,                       -- NULL when repair_revoked is NULL
    date(ru, '+1 day') AS ru_next                   -- 限制届满次日, NULL when no restriction
  FROM m
),
-- 停止公示日, 可申请日 and the day of 随名单移出: latest(), leaving out absent values
e AS MATERIALIZED (
  SELECT d.*,
    max(met_max, coalesce(ru_next, met_max)) AS stop_day,
    max(met_min, coalesce(ru_next, met_min), coalesce(barred, met_min)) AS apply_day,
    max(delisted, coalesce(ru_next, delisted)) AS delist_day  -- NULL when not delisted
  FROM d
),
-- the ladder: number of the first step that applies (1-based, the order of the policy's
-- `decide`, as xiufu's `step`)
l AS MATERIALIZED (
  SELECT e.*, k.as_of,
    CASE
      WHEN status = '注销' AND dereg IS NOT NULL AND k.as_of >= dereg THEN 1  -- 注销日: expired from deregistered
      WHEN status = '注销' THEN 2                                    -- 已注销: expired
      WHEN procedure = '简易' THEN 3                                 -- 简易程序: not_published
      WHEN warning_only THEN 4                                       -- 仅警告: not_published
      WHEN rr <= k.as_of AND k.as_of >= rr_met THEN 5                -- 撤销修复后期满: expired from met(rr)
      WHEN rr <= k.as_of THEN 6                                      -- 撤销修复: not_repairable (revoked by as_of)
      WHEN k.as_of >= stop_day THEN 7                                -- 期满: expired from 停止公示日
      WHEN revoke_ THEN 8                                            -- 吊销类不得提前: not_repairable
      WHEN delisted IS NOT NULL AND k.as_of >= delist_day THEN 9     -- 随名单移出: expired from latest(..)
      WHEN minor THEN 10                                             -- 轻微期满前: not_yet until 停止公示日
                                                                     --   (as_of < 停止公示日 here)
      WHEN fulfilled IS NOT NULL AND fulfilled <= k.as_of            -- 申请: 已履行义务
       AND remedied IS NOT NULL AND remedied <= k.as_of              -- 已整改
       AND NOT EXISTS (SELECT 1 FROM penalty q                       -- 未再受同类处罚
                       WHERE q.uscc = e.uscc AND q.sector = '市场监管' AND q.cause = e.cause
                         AND q.decided > e.decided AND q.decided <= k.as_of)
       AND k.as_of >= apply_day THEN 11                              -- can_apply from 可申请日
      ELSE 12                                                        -- 未满最短公示期: not_yet otherwise
    END AS step
  FROM e, k
)
SELECT id,
  CASE WHEN step IN (1, 2, 5, 7, 9) THEN 'expired' WHEN step IN (3, 4) THEN 'not_published'
       WHEN step IN (6, 8) THEN 'not_repairable' WHEN step = 11 THEN 'can_apply'
       ELSE 'not_yet' END AS outcome,
  -- eligible_from: the day of the step's from/until, or the set value; none otherwise
  CASE step WHEN 1 THEN dereg WHEN 5 THEN rr_met WHEN 7 THEN stop_day WHEN 9 THEN delist_day
            WHEN 10 THEN stop_day WHEN 11 THEN apply_day WHEN 12 THEN apply_day END AS eligible_from,
  -- stops_on: 停止公示日 (the output's default) unless the step sets it: the day of
  -- deregistration on 1, none on 2-4, met(rr) on 5-6, the day of 随名单移出 on 9
  CASE WHEN step = 1 THEN dereg WHEN step IN (2, 3, 4) THEN NULL WHEN step IN (5, 6) THEN rr_met
       WHEN step = 9 THEN delist_day ELSE stop_day END AS stops_on,
  step
FROM l;
