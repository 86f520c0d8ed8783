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
INSERT INTO entity VALUES ('91110105900000107D', '边界107', '企业', '注销', '110105', NULL, NULL, NULL, '2026-05-29');
INSERT INTO entity VALUES ('91110105900000108G', '边界108', '企业', '存续', '110105', NULL, NULL, NULL, NULL);
INSERT INTO entity VALUES ('91110105900000109K', '边界109', '企业', '存续', '110105', NULL, NULL, NULL, NULL);
INSERT INTO entity VALUES ('91110105900000110Q', '边界110', '企业', '存续', '110105', NULL, NULL, NULL, NULL);

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

-- deregistered on 2026-05-29 (注销日): expired from that day; before it, 已注销
INSERT INTO penalty VALUES (1061, '91110105900000107D', 'B1061', '某局', '市场监管', '110105', '甲', NULL, '罚款', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, NULL, NULL, NULL, NULL);
  -- expired 2026-05-29 2026-05-29 (on 2026-03-01: expired - -)

-- 随名单移出: listings that rest on the penalty (serious.penalty_id), removed on or before as_of
INSERT INTO penalty VALUES (1071, '91110105900000108G', 'B1071', '某局', '市场监管', '110105', '甲', NULL, '罚款,责令停产停业', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', '2026-11-30', '2026-02-01', '2026-02-01', NULL, NULL);
  -- removed 2026-02-28, restriction ends 2026-11-30: not_yet 2027-01-11 2029-01-11 (from 2026-12-01: expired 2026-12-01 2026-12-01)
INSERT INTO penalty VALUES (1072, '91110105900000108G', 'B1072', '某局', '市场监管', '110105', '乙', NULL, '罚款', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, NULL, NULL, NULL, NULL);
  -- removed on as_of: expired 2026-11-01 2026-11-01 (before: not_yet 2026-04-11 2027-01-11)
INSERT INTO penalty VALUES (1073, '91110105900000108G', 'B1073', '某局', '市场监管', '110105', '丙', NULL, '罚款', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, NULL, NULL, NULL, NULL);
  -- another list, and a listing with no penalty_id, do not count: not_yet 2026-04-11 2027-01-11
-- serious(id, uscc, list, basis, listed, published, authority, authority_region, measures_until,
--         fulfilled, remedied, removed, repair_revoked, penalty_id)
INSERT INTO serious VALUES (1101, '91110105900000108G', '市场监管严重违法失信', '较重行政处罚', '2026-01-20', '2026-01-25', '某局', '110105', NULL, NULL, NULL, '2026-02-28', NULL, 1071);
INSERT INTO serious VALUES (1102, '91110105900000108G', '市场监管严重违法失信', '较重行政处罚', '2026-01-20', '2026-01-25', '某局', '110105', NULL, NULL, NULL, '2026-11-01', NULL, 1072);
INSERT INTO serious VALUES (1103, '91110105900000108G', '失信被执行人', '较重行政处罚', '2026-01-20', '2026-01-25', '某法院', '110105', NULL, NULL, NULL, '2026-03-01', NULL, 1073);
INSERT INTO serious VALUES (1104, '91110105900000108G', '市场监管严重违法失信', '较重行政处罚', '2026-01-20', '2026-01-25', '某局', '110105', NULL, NULL, NULL, '2026-03-01', NULL, NULL);

-- 申请受限至: three years from a refusal for fraud (a leap day) ...
INSERT INTO penalty VALUES (1081, '91110105900000109K', 'B1081', '某局', '市场监管', '110105', '甲', '食品', '罚款', 80000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, '2026-02-01', '2026-02-01', NULL, NULL);
  -- 2024-02-29 + 3 years -> last 2027-02-28: not_yet 2027-03-01 2029-01-11 (on 2027-03-01: can_apply)
-- application(id, uscc, subject_table, subject_id, applied, accepted, review, decided, result, fraud)
INSERT INTO application VALUES (1101, '91110105900000109K', 'penalty', 9, '2024-02-01', '2024-02-02', '书面审查', '2024-02-29', '不予', 1);
INSERT INTO application VALUES (1102, '91110105900000109K', 'penalty', 1081, '2026-05-01', '2026-05-02', '书面审查', '2026-06-01', '不予', 0);
INSERT INTO application VALUES (1103, '91110105900000109K', 'penalty', 1081, '2026-05-01', '2026-05-02', '书面审查', '2026-06-02', '准予', 1);
-- ... and from repairs revoked of another penalty and of a listing, and a later refusal
INSERT INTO penalty VALUES (1091, '91110105900000110Q', 'B1091', '某局', '市场监管', '110105', '甲', '食品', '罚款', 80000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, '2026-02-01', '2026-02-01', NULL, NULL);
  -- penalty 1092 revoked 2026-05-31: not_yet 2029-06-01 2029-01-11; the listing revoked 2026-11-02
  -- bars to 2029-11-03 from 2026-12-01, the refusal of 2027-01-01 to 2030-01-02 on 2027-03-01
INSERT INTO penalty VALUES (1092, '91110105900000110Q', 'B1092', '某局', '市场监管', '110105', '乙', NULL, '罚款', 100000, '一般', '普通', NULL, '2025-06-05', '2025-06-10', NULL, '2025-07-01', '2025-07-01', NULL, '2026-05-31');
  -- not_repairable - 2027-06-01 from 2026-05-31; on an earlier day not yet revoked (reading R18)
INSERT INTO serious VALUES (1105, '91110105900000110Q', '市场监管严重违法失信', '较重行政处罚', '2026-01-20', '2026-01-25', '某局', '110105', NULL, NULL, NULL, '2026-03-01', '2026-11-02', NULL);
INSERT INTO application VALUES (1104, '91110105900000110Q', 'penalty', 1091, '2026-12-01', '2026-12-02', '实地核查', '2027-01-01', '不予', 1);

-- fines to the fen around 5万元 at 减轻 and a fine given as text
INSERT INTO penalty VALUES (1051, '91110105900000106A', 'B1051', '某局', '市场监管', '110105', '甲', NULL, '罚款', 49999.99, '减轻', '普通', NULL, '2026-08-20', '2026-08-31', NULL, NULL, NULL, NULL, NULL);
  -- minor: not_yet 2026-12-01 2026-12-01
INSERT INTO penalty VALUES (1052, '91110105900000106A', 'B1052', '某局', '市场监管', '110105', '乙', NULL, '罚款', '50000.00', '减轻', '普通', NULL, '2026-08-20', '2026-08-31', NULL, NULL, NULL, NULL, NULL);
  -- minor: not_yet 2026-12-01 2026-12-01
INSERT INTO penalty VALUES (1053, '91110105900000106A', 'B1053', '某局', '市场监管', '110105', '丙', NULL, '警告,罚款,没收违法所得', 1000, '从轻', '普通', NULL, '2026-08-20', '2026-08-31', NULL, NULL, NULL, NULL, NULL);
  -- 没收违法所得 is outside the minor measures: general, not_yet 2026-12-01 2027-09-01
COMMIT;
