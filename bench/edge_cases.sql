-- edge_cases.sql — boundary records for the engine cross-check of bench/run.sh.
--
-- Loaded on top of runtime/records.sql and tests/e2e/national/fixture.sql (whose
-- hand-checked cases it complements); the synthetic records of `xiufu gen` never
-- reach ladder steps 2-5 (simple procedure, warning only, repair revoked), and
-- these rows sit on the boundaries of the scope, the periods and the requirements.
-- bench/run.sh decides them on several as-of days with every engine and counts
-- disagreements; the comments give the decision on 2026-11-01.
BEGIN;
INSERT INTO entity VALUES ('91110105900000101T', '边界101', '企业', '存续', '110105', NULL, NULL, NULL, NULL);
INSERT INTO entity VALUES ('91110105900000102X', '边界102', '企业', '存续', '110105', NULL, NULL, NULL, NULL);
INSERT INTO entity VALUES ('911101059000001031', '边界103', '企业', '存续', '110105', NULL, NULL, NULL, NULL);
INSERT INTO entity VALUES ('911101059000001044', '边界104', '个体工商户', '吊销', '110105', NULL, NULL, NULL, NULL);
INSERT INTO entity VALUES ('911101059000001057', '边界105', '企业', '注销', '110105', NULL, NULL, NULL, NULL);
INSERT INTO entity VALUES ('91110105900000106A', '边界106', '企业', '存续', '110105', NULL, NULL, NULL, NULL);

-- penalty(id, uscc, decision_no, authority, sector, authority_region, cause, domain, measures,
--         fine_yuan, tier, procedure, severity, decided, published, restricted_until,
--         fulfilled, remedied, stopped, repair_revoked)

-- scope: published on as_of (in), stopped on as_of (out), stopped the day after (in)
INSERT INTO penalty VALUES (1001, '91110105900000101T', 'B1001', '某局', '市场监管', '110105', '甲', NULL, '罚款', 100000, '一般', '普通', NULL, '2026-10-20', '2026-11-01', NULL, NULL, NULL, NULL, NULL);
  -- not_yet 2027-02-02 2027-11-02
INSERT INTO penalty VALUES (1002, '91110105900000101T', 'B1002', '某局', '市场监管', '110105', '乙', NULL, '罚款', 100000, '一般', '普通', NULL, '2026-01-20', '2026-02-01', NULL, NULL, NULL, '2026-11-01', NULL);
  -- no decision
INSERT INTO penalty VALUES (1003, '91110105900000101T', 'B1003', '某局', '市场监管', '110105', '丙', NULL, '罚款', 100000, '一般', '普通', NULL, '2026-01-20', '2026-02-01', NULL, NULL, NULL, '2026-11-02', NULL);
  -- not_yet 2026-05-02 2027-02-02 (fine not paid)

-- 未再受同类处罚: a later penalty of the same cause decided on as_of counts; one decided the
-- same day as this one, one of another sector and one decided after as_of do not
INSERT INTO penalty VALUES (1011, '91110105900000102X', 'B1011', '某局', '市场监管', '110105', '丁', NULL, '罚款', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, '2026-02-01', '2026-02-01', NULL, NULL);
  -- not_yet 2026-04-11 2027-01-11 (1012)
INSERT INTO penalty VALUES (1012, '91110105900000102X', 'B1012', '某局', '市场监管', '110105', '丁', NULL, '罚款', 3000, '一般', '普通', NULL, '2026-11-01', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO penalty VALUES (1013, '91110105900000102X', 'B1013', '某局', '市场监管', '110105', '戊', NULL, '罚款', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, '2026-02-01', '2026-11-01', NULL, NULL);
  -- can_apply 2026-04-11 2027-01-11 (1014 same day, 1015 tax, 1016 after as_of; remedied on as_of)
INSERT INTO penalty VALUES (1014, '91110105900000102X', 'B1014', '某局', '市场监管', '110105', '戊', NULL, '罚款', 3000, '一般', '普通', NULL, '2026-01-05', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO penalty VALUES (1015, '91110105900000102X', 'B1015', '某税务局', '税务', '110105', '戊', NULL, '罚款', 3000, '一般', '普通', NULL, '2026-06-05', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO penalty VALUES (1016, '91110105900000102X', 'B1016', '某局', '市场监管', '110105', '戊', NULL, '罚款', 3000, '一般', '普通', NULL, '2026-11-02', NULL, NULL, NULL, NULL, NULL, NULL);

-- periods at month ends
INSERT INTO penalty VALUES (1021, '911101059000001031', 'B1021', '某局', '市场监管', '110105', '己', '特种设备', '罚款', 200000, '一般', '普通', NULL, '2024-02-20', '2024-02-29', NULL, '2024-03-10', '2024-03-10', NULL, NULL);
  -- serious: 2024-02-29 + 1 year -> last 2025-02-28; + 3 years -> last 2027-02-28: can_apply 2025-03-01 2027-03-01
INSERT INTO penalty VALUES (1022, '911101059000001031', 'B1022', '某局', '市场监管', '110105', '庚', NULL, '通报批评', NULL, NULL, '普通', NULL, '2026-08-20', '2026-08-31', NULL, NULL, NULL, NULL, NULL);
  -- minor: 2026-08-31 + 3 months -> last 2026-11-30: not_yet 2026-12-01 2026-12-01
INSERT INTO penalty VALUES (1023, '911101059000001031', 'B1023', '某局', '市场监管', '110105', '辛', NULL, '警告,通报批评', NULL, NULL, '普通', NULL, '2026-07-20', '2026-07-31', NULL, NULL, NULL, NULL, NULL);
  -- minor: 2026-07-31 + 3 months -> last 2026-10-31: expired 2026-11-01 2026-11-01
INSERT INTO penalty VALUES (1024, '911101059000001031', 'B1024', '某局', '市场监管', '110105', '壬', NULL, '罚款', 100000, '一般', '普通', NULL, '2025-11-20', '2025-11-29', NULL, '2025-12-01', '2025-12-01', NULL, NULL);
  -- general: 2025-11-29 + 3 months -> last 2026-02-28: can_apply 2026-03-01 2026-11-30
INSERT INTO penalty VALUES (1025, '911101059000001031', 'B1025', '某局', '市场监管', '110105', '癸', NULL, '罚款', NULL, '从轻', '普通', NULL, '2026-05-20', '2026-05-31', NULL, '2026-06-01', '2026-06-01', NULL, NULL);
  -- 罚款 without an amount is not a low fine: general, can_apply 2026-09-01 2027-06-01

-- steps 2-5 and 7: simple procedure, warning only, repair revoked, 责令关闭
INSERT INTO penalty VALUES (1031, '911101059000001044', 'B1031', '某局', '市场监管', '110105', '甲', NULL, '警告', NULL, NULL, '普通', NULL, '2026-03-01', '2026-03-05', NULL, NULL, NULL, NULL, NULL);
  -- not_published - -
INSERT INTO penalty VALUES (1032, '911101059000001044', 'B1032', '某局', '市场监管', '110105', '乙', NULL, '罚款', 200, NULL, '简易', NULL, '2026-03-01', '2026-03-05', NULL, NULL, NULL, NULL, NULL);
  -- not_published - -
INSERT INTO penalty VALUES (1033, '911101059000001044', 'B1033', '某局', '市场监管', '110105', '丙', NULL, '罚款', 100000, '一般', '普通', NULL, '2025-01-05', '2025-01-10', NULL, '2025-02-01', '2025-02-01', NULL, '2025-10-31');
  -- repair revoked 2025-10-31, 1 year -> last 2026-10-31: expired 2026-11-01 2026-11-01
INSERT INTO penalty VALUES (1034, '911101059000001044', 'B1034', '某局', '市场监管', '110105', '丁', '食品', '罚款', 100000, '一般', '普通', NULL, '2025-01-05', '2025-01-10', NULL, '2025-02-01', '2025-02-01', NULL, '2025-11-30');
  -- serious, repair revoked 2025-11-30, 3 years -> last 2028-11-30: not_repairable - 2028-12-01
INSERT INTO penalty VALUES (1035, '911101059000001044', 'B1035', '某局', '市场监管', '110105', '戊', NULL, '责令关闭', NULL, NULL, '普通', NULL, '2026-01-05', '2026-01-10', NULL, '2026-02-01', '2026-02-01', NULL, NULL);
  -- not_repairable - 2029-01-11
INSERT INTO penalty VALUES (1036, '911101059000001044', 'B1036', '某局', '市场监管', '110105', '己', NULL, '罚款,限制从业', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', '2026-03-31', '2026-02-01', '2026-02-01', NULL, NULL);
  -- serious (限制从业) ending before the periods: not_yet 2027-01-11 2029-01-11

-- deregistered entity: expired, no dates
INSERT INTO penalty VALUES (1041, '911101059000001057', 'B1041', '某局', '市场监管', '110105', '甲', NULL, '罚款', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, NULL, NULL, NULL, NULL);

-- fines to the fen around 5万元 at 减轻 and a fine given as text
INSERT INTO penalty VALUES (1051, '91110105900000106A', 'B1051', '某局', '市场监管', '110105', '甲', NULL, '罚款', 49999.99, '减轻', '普通', NULL, '2026-08-20', '2026-08-31', NULL, NULL, NULL, NULL, NULL);
  -- minor: not_yet 2026-12-01 2026-12-01
INSERT INTO penalty VALUES (1052, '91110105900000106A', 'B1052', '某局', '市场监管', '110105', '乙', NULL, '罚款', '50000.00', '减轻', '普通', NULL, '2026-08-20', '2026-08-31', NULL, NULL, NULL, NULL, NULL);
  -- minor: not_yet 2026-12-01 2026-12-01
INSERT INTO penalty VALUES (1053, '91110105900000106A', 'B1053', '某局', '市场监管', '110105', '丙', NULL, '警告,罚款,没收违法所得', 1000, '从轻', '普通', NULL, '2026-08-20', '2026-08-31', NULL, NULL, NULL, NULL, NULL);
  -- 没收违法所得 is outside the minor measures: general, not_yet 2026-12-01 2027-09-01
COMMIT;
