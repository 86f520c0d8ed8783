-- Two entities with the same penalty, one registered in 攀枝花 (5104), one in Beijing.
BEGIN;
INSERT INTO entity VALUES ('91510402000000001X', '甲', '企业', '存续', '510402', NULL, NULL, NULL, NULL);
INSERT INTO entity VALUES ('911101050000000022', '乙', '企业', '存续', '110105', NULL, NULL, NULL, NULL);
INSERT INTO penalty VALUES (1, '91510402000000001X', '罚1', '市场监督管理局', '市场监管', '510402', '虚假宣传', '其他', '罚款', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, '2026-01-20', '2026-01-20', NULL, NULL);
INSERT INTO penalty VALUES (2, '911101050000000022', '罚2', '市场监督管理局', '市场监管', '110105', '虚假宣传', '其他', '罚款', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, '2026-01-20', '2026-01-20', NULL, NULL);
COMMIT;
