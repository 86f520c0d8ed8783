-- Records for the two transitional readings (docs/readings.md, reading 6):
-- policies/options/regime_at_publication.xf picks the regime by the publication date.
BEGIN;
INSERT INTO entity VALUES ('91520102000000001J', '案例1', '企业', '存续', '520102', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91520102000000002M', '案例2', '企业', '存续', '520102', NULL, '2015-06-01', NULL, NULL);
INSERT INTO penalty VALUES (1, '91520102000000001J', '罚〔2024〕1号', '市场监督管理局', '市场监管', '520102', '价格违法', '其他', '罚款', 200000, '一般', '普通', NULL, '2024-08-20', '2024-08-31', NULL, '2024-09-15', '2024-09-15', NULL, NULL);
INSERT INTO penalty VALUES (2, '91520102000000002M', '罚〔2026〕2号', '市场监督管理局', '市场监管', '520102', '价格违法', '其他', '罚款', 200000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, '2026-01-20', '2026-01-20', NULL, NULL);
COMMIT;
