-- records_pg.sql: the canonical record schema (runtime/records.sql, version 2) in PostgreSQL.
--
--   psql -v schema=records -f pg/records_pg.sql
--
-- Creates the tables in schema :"schema" (made if missing) and leaves
-- search_path there.  Table and column names are those of runtime/records.sql;
-- keep the two in step.  What changes is the types:
--   * dates are date: the server rejects a malformed or impossible date (2025-02-30)
--     when it is stored, where SQLite keeps any text for xiufu to report;
--   * money is numeric without a scale: exact, and a value finer than a fen stays
--     as written, for the decider to report rather than the column to round;
--   * 0/1 flags are boolean;
--   * labels stay text: a label outside its list is a bad record to report with
--     its table, row and column, not a load to refuse;
--   * uscc compares bytewise (COLLATE "C"), so entity-key order is SQLite's and
--     xiufu's, whatever the database's locale;
--   * no foreign keys: SQLite does not enforce those of records.sql, and a row of
--     an unknown entity is a bad record the decider reports.
-- Each related table has a btree index on its entity key (uscc), then its id,
-- so rows can be read entity by entity in a stable order.
-- A schema of version 1 (without entity.deregistered, serious.penalty_id,
-- inspection and application) is read too: what it lacks reads as empty or
-- NULL, and xiufu.run() says so in one NOTICE (store/versions.h).

\if :{?schema}
\else
  \echo 'records_pg.sql: set the schema, e.g. psql -v schema=records -f records_pg.sql'
  \quit
\endif

CREATE SCHEMA IF NOT EXISTS :"schema";
SET search_path = :"schema";

-- 经营主体
CREATE TABLE entity (
  uscc        text COLLATE "C" PRIMARY KEY,  -- 统一社会信用代码: 18 characters, check character per GB 32100-2015
  name        text NOT NULL,     -- 名称
  kind        text NOT NULL,     -- 企业 | 个体工商户 | 农民专业合作社
  status      text NOT NULL,     -- 存续 | 歇业 | 吊销 | 注销
  region      text NOT NULL,     -- 登记机关行政区划代码, 6 digits (e.g. 510400 攀枝花市)
  industry    text,              -- 重点领域 or NULL: 安全生产 | 环境保护 | 食品 | 药品 | 特种设备 | 投资理财
                                 --   | 养老看护 | 美容健身 | 教育培训 | 校外托管
  established date,              -- 成立日期
  phone       text,              -- 联络电话 (reminders and notices go here)
  deregistered date              -- 注销日期 where status is 注销 (总局令第107号 第二十条); NULL otherwise
);

-- 行政处罚信息
CREATE TABLE penalty (
  id               bigint PRIMARY KEY,
  uscc             text COLLATE "C" NOT NULL,  -- entity.uscc
  decision_no      text NOT NULL,  -- 行政处罚决定书文号
  authority        text NOT NULL,  -- 处罚机关名称
  sector           text NOT NULL,  -- 处罚机关所属系统: 市场监管 | 税务 | 应急管理 | 生态环境 | 人社
                                   --   | 统计 | 消防 | 卫生健康 | 交通运输 | 其他
  authority_region text NOT NULL,  -- 处罚机关行政区划代码
  cause            text NOT NULL,  -- 违法行为类别 (same value = same kind of violation, 同一类违法行为)
  domain           text,           -- 食品 | 药品 | 医疗器械 | 化妆品 | 特种设备 | 重点工业产品 | 安全生产
                                   --   | 消防 | 生态环境 | 工程质量 | 其他 | NULL
  measures         text NOT NULL,  -- one or more of, comma-separated, no spaces: 警告 | 通报批评 | 罚款
                                   --   | 没收违法所得 | 没收非法财物 | 暂扣许可证件 | 降低资质等级 | 吊销许可证件
                                   --   | 限制开展生产经营活动 | 责令停产停业 | 责令关闭 | 限制从业 | 吊销营业执照
                                   --   | 行政拘留
  fine_yuan        numeric,        -- 罚款金额 (元); NULL when no fine
  tier             text,           -- 裁量阶次 of the penalty: 减轻 | 从轻 | 一般 | 从重 | NULL (not recorded)
  procedure        text NOT NULL DEFAULT '普通', -- 普通 | 简易 (simple-procedure penalties are not publicized)
  severity         text,           -- 失信程度 where the source classifies it: 轻微 | 一般 | 严重 | 特定严重 | NULL
  decided          date NOT NULL,  -- 处罚决定日期
  published        date,           -- 公示日期; NULL = never publicized
  restricted_until date,           -- 限制开展生产经营活动 / 限制从业 期限届满日, if any
  fulfilled        date,           -- 已履行行政处罚决定义务之日 (罚款缴清 ...); NULL = not yet
  remedied         date,           -- 已主动消除危害后果和不良影响之日; NULL = not yet
  stopped          date,           -- 已停止公示之日 (repaired or expired); NULL = still publicized
  repair_revoked   date            -- 撤销准予信用修复决定之日 (repair obtained by fraud, revoked); NULL = none
);
CREATE INDEX penalty_uscc ON penalty (uscc, id);

-- 经营异常名录 (企业、农民专业合作社) and 经营异常状态 (个体工商户)
CREATE TABLE abnormal (
  id               bigint PRIMARY KEY,
  uscc             text COLLATE "C" NOT NULL,  -- entity.uscc
  reason           text NOT NULL,  -- 未按期年报 | 未按责令期限公示 | 公示信息隐瞒真实情况弄虚作假
                                   --   | 住所无法联系 | 未办理名称变更登记
  report_year      integer,        -- for 未按期年报: the year whose annual report was missed
  listed           date NOT NULL,  -- 列入日期
  authority        text NOT NULL,  -- 作出列入决定的机关
  authority_region text NOT NULL,
  corrected        date,           -- 已改正之日 (补报年报 / 更正公示 / 变更登记 / 恢复联系); NULL = not yet
  removed          date            -- 移出日期; NULL = still listed
);
CREATE INDEX abnormal_uscc ON abnormal (uscc, id);

-- 严重失信主体名单 (all lists named in the Yongchang plan, 附件1)
CREATE TABLE serious (
  id               bigint PRIMARY KEY,
  uscc             text COLLATE "C" NOT NULL,  -- entity.uscc
  list             text NOT NULL,  -- 市场监管严重违法失信 | 失信被执行人 | 重大税收违法失信 | 拖欠农民工工资失信
                                   --   | 安全生产严重失信 | 统计严重失信 | 社会组织严重违法失信
  basis            text,           -- 列入事由, e.g. 列入经营异常名录届满三年 | 较重行政处罚
  listed           date NOT NULL,  -- 列入决定之日
  published        date,           -- 公示之日
  authority        text NOT NULL,
  authority_region text NOT NULL,
  measures_until   date,           -- 管理措施期限届满日, if any
  fulfilled        date,           -- 已履行行政处罚、行政裁决等决定义务之日
  remedied         date,           -- 已消除危害后果和不良影响之日
  removed          date,           -- 移出之日; NULL = still listed
  repair_revoked   date,           -- 撤销移出决定之日; NULL = none
  penalty_id       bigint          -- penalty.id the listing rests on (较重行政处罚), if any
                                   --   (总局令第107号 第十三条第三款); NULL = none or not recorded
);
CREATE INDEX serious_uscc ON serious (uscc, id);

-- 抽查检查结果 (总局令第107号 第十条: negative results are publicized and repaired too)
CREATE TABLE inspection (
  id               bigint PRIMARY KEY,
  uscc             text COLLATE "C" NOT NULL,  -- entity.uscc
  result           text NOT NULL,  -- 未发现问题 | 未按规定公示应当公示的信息 | 公示信息隐瞒真实情况弄虚作假
                                   --   | 通过登记的住所或者经营场所无法联系 | 发现问题已责令改正
                                   --   | 不配合检查情节严重 | 未发现开业 | 发现问题待后续处理
  authority        text NOT NULL,
  authority_region text NOT NULL,
  published        date NOT NULL,  -- 公示之日
  penalty_id       bigint,         -- penalty.id that followed this result, if any
  abnormal_id      bigint,         -- abnormal.id (the listing) that followed, if any
  stopped          date            -- 已停止公示之日; NULL = still publicized
);
CREATE INDEX inspection_uscc ON inspection (uscc, id);

-- 信用修复申请: what an entity asked for and what became of it (总局令第107号 第二十三条)
CREATE TABLE application (
  id            bigint PRIMARY KEY,
  uscc          text COLLATE "C" NOT NULL,  -- entity.uscc
  subject_table text NOT NULL,     -- penalty | abnormal | serious | inspection
  subject_id    bigint NOT NULL,   -- the row of that table the application is about
  applied       date NOT NULL,     -- 申请之日
  accepted      date,              -- 受理之日; NULL = not (yet) accepted
  review        text,              -- 书面审查 | 实地核查 | NULL (not decided yet)
  decided       date,              -- 作出决定之日; NULL = pending
  result        text,              -- 准予 | 不予 | 撤回 | NULL (pending)
  fraud         boolean NOT NULL DEFAULT false  -- true: facts concealed or materials falsified
);
CREATE INDEX application_uscc ON application (uscc, id);

-- 年度报告.  The primary key leads with uscc: it is the entity-key index.
CREATE TABLE annual_report (
  uscc     text COLLATE "C" NOT NULL,  -- entity.uscc
  year     integer NOT NULL,       -- 报告年度
  filed    date,                   -- 报送并公示之日; NULL = not filed
  all_zero boolean NOT NULL DEFAULT false,  -- true: every operating figure reported as 0
  PRIMARY KEY (uscc, year)
);

-- 工作日历: statutory holidays and adjusted working days (调休). Days not listed follow the
-- weekday rule (Mon-Fri work, Sat-Sun rest).
CREATE TABLE workday_calendar (
  day     date PRIMARY KEY,
  workday boolean NOT NULL         -- true = working day, false = rest day
);
