-- Records for the Yongchang pack (policies/gansu/yongchang.xf): entities registered in
-- 永昌县 have region 620321; entity 6 is registered in 金昌市金川区 (620302), outside it.
BEGIN;
INSERT INTO entity VALUES ('916203210000000014', '永昌案例1', '企业', '存续', '620321', NULL, '2015-06-01', '13900000001', NULL);
INSERT INTO entity VALUES ('916203210000000027', '永昌案例2', '企业', '存续', '620321', '食品', '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91620321000000003A', '永昌案例3', '企业', '存续', '620321', NULL, '2015-06-01', '13900000003', NULL);
INSERT INTO entity VALUES ('91620321000000004D', '永昌案例4', '企业', '存续', '620321', NULL, '2015-06-01', '13900000004', NULL);
INSERT INTO entity VALUES ('91620321000000005G', '永昌案例5', '企业', '存续', '620321', NULL, '2015-06-01', '13900000005', NULL);
INSERT INTO entity VALUES ('916203020000000063', '金川案例6', '企业', '存续', '620302', NULL, '2015-06-01', '13900000006', NULL);
INSERT INTO entity VALUES ('91620321000000007N', '永昌案例7', '企业', '存续', '620321', '食品', '2015-06-01', '13900000007', NULL);

-- 1: market-regulation fine, general; 2: 应急管理 fine in the 安全生产 domain (信用中国)
INSERT INTO penalty VALUES (1, '916203210000000014', '永市监罚〔2025〕1号', '永昌县市场监督管理局', '市场监管', '620321', '虚假宣传', '其他', '罚款', 100000, '一般', '普通', NULL, '2025-08-01', '2025-08-10', NULL, '2025-08-20', '2025-08-20', NULL, NULL);
INSERT INTO penalty VALUES (2, '916203210000000014', '永应急罚〔2025〕2号', '永昌县应急管理局', '应急管理', '620321', '安全生产', '安全生产', '罚款', 30000, '一般', '普通', NULL, '2025-06-15', '2025-06-20', NULL, '2025-07-01', '2025-07-01', NULL, NULL);
-- 4: food penalty, entity without a phone
INSERT INTO penalty VALUES (4, '916203210000000027', '永市监罚〔2026〕4号', '永昌县市场监督管理局', '市场监管', '620321', '食品安全', '食品', '罚款', 80000, '一般', '普通', NULL, '2026-01-12', '2026-01-20', NULL, '2026-02-01', '2026-02-01', NULL, NULL);
-- 13: the same as 1, for an entity outside the county
INSERT INTO penalty VALUES (13, '916203020000000063', '金川市监罚〔2025〕13号', '金昌市金川区市场监督管理局', '市场监管', '620302', '虚假宣传', '其他', '罚款', 100000, '一般', '普通', NULL, '2025-08-01', '2025-08-10', NULL, '2025-08-20', '2025-08-20', NULL, NULL);
-- 14: fine and 吊销许可证件
INSERT INTO penalty VALUES (14, '91620321000000007N', '永市监罚〔2026〕14号', '永昌县市场监督管理局', '市场监管', '620321', '食品安全', '食品', '罚款,吊销许可证件', 50000, '一般', '普通', NULL, '2026-02-02', '2026-02-10', NULL, '2026-02-20', '2026-02-20', NULL, NULL);

-- 5: listed by the city bureau (金昌市) for the missing 2023 report, filed 2025-09-01
INSERT INTO abnormal VALUES (5, '91620321000000003A', '未按期年报', 2023, '2024-07-10', '金昌市市场监督管理局', '620300', NULL, NULL);
INSERT INTO annual_report VALUES ('91620321000000003A', 2023, '2025-09-01', 0);

-- 6: market-regulation serious list, listed by the province
INSERT INTO serious VALUES (6, '91620321000000004D', '市场监管严重违法失信', '较重行政处罚', '2025-03-01', '2025-03-20', '甘肃省市场监督管理局', '620000', NULL, '2025-04-01', '2025-04-01', NULL, NULL, NULL);
-- 7-12: the six lists of other authorities (附件1 四至九)
INSERT INTO serious VALUES (7, '91620321000000005G', '失信被执行人', '有履行能力而拒不履行生效法律文书确定义务', '2025-05-01', '2025-05-01', '永昌县人民法院', '620321', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO serious VALUES (8, '91620321000000005G', '重大税收违法失信', '偷税', '2025-05-01', '2025-05-10', '国家税务总局金昌市税务局', '620300', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO serious VALUES (9, '91620321000000005G', '拖欠农民工工资失信', '拖欠农民工工资数额较大', '2025-05-01', '2025-05-10', '永昌县人力资源和社会保障局', '620321', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO serious VALUES (10, '91620321000000005G', '安全生产严重失信', '发生生产安全事故负有责任', '2025-05-01', '2025-05-10', '金昌市应急管理局', '620300', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO serious VALUES (11, '91620321000000005G', '统计严重失信', '统计造假', '2025-05-01', '2025-05-10', '甘肃省统计局', '620000', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO serious VALUES (12, '91620321000000005G', '社会组织严重违法失信', '被列入活动异常名录满两年', '2025-05-01', '2025-05-10', '永昌县民政局', '620321', NULL, NULL, NULL, NULL, NULL, NULL);
COMMIT;
