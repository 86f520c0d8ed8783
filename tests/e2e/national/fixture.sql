-- Hand-made records for the national SAMR policies: one entity per case (entity N holds
-- case N), penalties, listings and reports as described in expected.tsv.  Loaded on
-- top of runtime/records.sql by national.test.sh.
BEGIN;
INSERT INTO entity VALUES ('91110105000000001Y', '案例1有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000022', '案例2有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000035', '案例3有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000048', '案例4有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000005B', '案例5有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000006E', '案例6有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000007H', '案例7有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000008L', '案例8有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000009P', '案例9有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000010W', '案例10有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000110', '案例11有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000123', '案例12有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000136', '案例13有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000149', '案例14有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000015C', '案例15有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000016F', '案例16有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000017J', '案例17有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000018M', '案例18有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000019Q', '案例19有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000020X', '案例20有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000211', '案例21有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000224', '案例22有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000237', '案例23有限公司', '企业', '存续', '310115', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000024A', '案例24有限公司', '企业', '存续', '520102', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000025D', '案例25有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000026G', '案例26有限公司', '企业', '存续', '520102', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000027K', '案例27有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000028N', '案例28有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000029R', '案例29有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000030Y', '案例30有限公司', '企业', '存续', '520102', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000312', '案例31有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000325', '案例32有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000338', '案例33有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000034B', '案例34有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000035E', '案例35有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000036H', '案例36有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000037L', '案例37有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000038P', '案例38有限公司', '企业', '注销', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000039T', '案例39有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000400', '案例40有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
-- penalty(id, uscc, decision_no, authority, sector, authority_region, cause, domain, measures,
--         fine_yuan, tier, procedure, severity, decided, published, restricted_until,
--         fulfilled, remedied, stopped, repair_revoked)
INSERT INTO penalty VALUES (1, '91110105000000001Y', '市监罚〔2026〕1号', '某市市场监督管理局', '市场监管', '110105', '标签标识', NULL, '警告', NULL, NULL, '普通', NULL, '2026-02-20', '2026-03-01', NULL, NULL, NULL, NULL, NULL);
INSERT INTO penalty VALUES (2, '911101050000000022', '市监罚〔2026〕2号', '某市市场监督管理局', '市场监管', '110105', '虚假宣传', '其他', '罚款', 100000, '一般', '普通', NULL, '2026-01-02', '2026-01-10', NULL, '2026-02-01', '2026-02-01', NULL, NULL);
INSERT INTO penalty VALUES (3, '911101050000000035', '市监罚〔2026〕3号', '某市市场监督管理局', '市场监管', '110105', '虚假宣传', '其他', '罚款', 100000, '一般', '普通', NULL, '2026-01-02', '2026-01-10', NULL, NULL, '2026-02-01', NULL, NULL);
INSERT INTO penalty VALUES (4, '911101050000000048', '市监罚〔2025〕4号', '某市市场监督管理局', '市场监管', '110105', '价格违法', '其他', '罚款', 100000, '一般', '普通', NULL, '2025-12-20', '2025-12-31', NULL, '2026-01-15', '2026-01-15', NULL, NULL);
INSERT INTO penalty VALUES (5, '91110105000000005B', '市监罚〔2026〕5号', '某市市场监督管理局', '市场监管', '110105', '计量违法', NULL, '罚款', 50000, '从轻', '普通', NULL, '2026-02-20', '2026-02-28', NULL, '2026-03-05', '2026-03-05', NULL, NULL);
INSERT INTO penalty VALUES (6, '91110105000000006E', '市监罚〔2026〕6号', '某市市场监督管理局', '市场监管', '110105', '计量违法', NULL, '罚款', 50000.01, '从轻', '普通', NULL, '2026-02-20', '2026-02-28', NULL, '2026-03-10', '2026-03-10', NULL, NULL);
INSERT INTO penalty VALUES (7, '91110105000000007H', '市监罚〔2025〕7号', '某市市场监督管理局', '市场监管', '110105', '计量违法', NULL, '罚款', 50000, '一般', '普通', NULL, '2025-12-30', '2026-01-05', NULL, '2026-01-20', '2026-01-20', NULL, NULL);
INSERT INTO penalty VALUES (8, '91110105000000008L', '市监罚〔2026〕8号', '某市市场监督管理局', '市场监管', '110105', '食品安全', '食品', '罚款', 80000, '一般', '普通', NULL, '2026-02-20', '2026-02-28', NULL, '2026-03-10', '2026-03-10', NULL, NULL);
INSERT INTO penalty VALUES (9, '91110105000000009P', '市监罚〔2026〕9号', '某市市场监督管理局', '市场监管', '110105', '食品安全', '食品', '罚款', 20000, '从轻', '普通', NULL, '2026-01-20', '2026-01-31', NULL, NULL, NULL, NULL, NULL);
INSERT INTO penalty VALUES (10, '91110105000000010W', '市监罚〔2026〕10号', '某市市场监督管理局', '市场监管', '110105', '产品质量', '其他', '罚款,责令停产停业', 100000, '一般', '普通', NULL, '2026-01-08', '2026-01-10', '2026-02-09', '2026-02-10', '2026-02-10', NULL, NULL);
INSERT INTO penalty VALUES (11, '911101050000000110', '市监罚〔2026〕11号', '某市市场监督管理局', '市场监管', '110105', '无照经营', NULL, '限制开展生产经营活动', NULL, NULL, '普通', NULL, '2026-01-08', '2026-01-10', '2031-01-10', '2026-01-20', '2026-01-20', NULL, NULL);
INSERT INTO penalty VALUES (12, '911101050000000123', '市监罚〔2026〕12号', '某市市场监督管理局', '市场监管', '110105', '食品安全', '食品', '罚款,吊销许可证件', 100000, '一般', '普通', NULL, '2026-01-10', '2026-01-15', NULL, '2026-01-20', '2026-01-20', NULL, NULL);
INSERT INTO penalty VALUES (13, '911101050000000136', '市监罚〔2022〕13号', '某市市场监督管理局', '市场监管', '110105', '无照经营', NULL, '吊销营业执照', NULL, NULL, '普通', NULL, '2022-05-10', '2022-05-15', NULL, '2022-05-20', '2022-05-20', NULL, NULL);
INSERT INTO penalty VALUES (14, '911101050000000149', '市监罚〔2026〕14号', '某市市场监督管理局', '市场监管', '110105', '虚假宣传', '其他', '罚款', 100000, '一般', '普通', NULL, '2026-01-01', '2026-01-05', NULL, '2026-01-20', '2026-01-20', NULL, NULL);
INSERT INTO penalty VALUES (141, '911101050000000149', '市监罚〔2026〕141号', '某市市场监督管理局', '市场监管', '110105', '虚假宣传', '其他', '罚款', 30000, '一般', '普通', NULL, '2026-06-01', '2026-06-10', NULL, NULL, NULL, NULL, NULL);
INSERT INTO penalty VALUES (15, '91110105000000015C', '市监罚〔2026〕15号', '某市市场监督管理局', '市场监管', '110105', '虚假宣传', '其他', '罚款', 100000, '一般', '普通', NULL, '2026-01-01', '2026-01-05', NULL, '2026-01-20', '2026-01-20', NULL, NULL);
INSERT INTO penalty VALUES (151, '91110105000000015C', '市监罚〔2026〕151号', '某市市场监督管理局', '市场监管', '110105', '标签标识', '其他', '罚款', 30000, '一般', '普通', NULL, '2026-06-01', '2026-06-10', NULL, '2026-06-20', '2026-06-20', NULL, NULL);
INSERT INTO penalty VALUES (16, '91110105000000016F', '市监罚〔2026〕16号', '某市市场监督管理局', '市场监管', '110105', '价格违法', NULL, '罚款', 1000, '一般', '简易', NULL, '2026-02-25', '2026-03-01', NULL, '2026-02-25', '2026-02-25', NULL, NULL);
INSERT INTO penalty VALUES (17, '91110105000000017J', '市监罚〔2026〕17号', '某市市场监督管理局', '市场监管', '110105', '价格违法', '其他', '罚款', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, '2026-02-01', '2026-02-01', NULL, NULL);
INSERT INTO penalty VALUES (18, '91110105000000018M', '市监罚〔2026〕18号', '某市市场监督管理局', '市场监管', '110105', '标签标识', NULL, '警告,罚款', 3000, '从轻', '普通', NULL, '2026-01-20', '2026-01-31', NULL, NULL, NULL, NULL, NULL);
INSERT INTO penalty VALUES (19, '91110105000000019Q', '市监罚〔2026〕19号', '某市市场监督管理局', '市场监管', '110105', '虚假宣传', '其他', '罚款', 100000, '一般', '普通', NULL, '2026-01-01', '2026-01-05', NULL, '2026-01-20', '2026-01-20', NULL, '2026-07-01');
INSERT INTO penalty VALUES (20, '91110105000000020X', '市监罚〔2024〕20号', '某市市场监督管理局', '市场监管', '110105', '价格违法', '其他', '罚款', 100000, '一般', '普通', NULL, '2024-02-20', '2024-02-29', NULL, '2024-03-10', '2024-03-10', NULL, NULL);
INSERT INTO penalty VALUES (21, '911101050000000211', '市监罚〔2024〕21号', '某市市场监督管理局', '市场监管', '110105', '价格违法', '其他', '罚款', 200000, '一般', '普通', NULL, '2024-08-20', '2024-08-31', NULL, '2024-09-15', '2024-09-15', NULL, NULL);
INSERT INTO penalty VALUES (22, '911101050000000224', '市监罚〔2024〕22号', '某市市场监督管理局', '市场监管', '110105', '食品安全', '食品', '罚款,没收违法所得', 80000, '一般', '普通', NULL, '2024-02-20', '2024-02-29', NULL, '2024-03-10', '2024-03-10', NULL, NULL);
INSERT INTO penalty VALUES (23, '911101050000000237', '市监罚〔2025〕23号', '某市市场监督管理局', '市场监管', '310115', '计量违法', NULL, '罚款', 50000, '一般', '普通', NULL, '2025-06-01', '2025-06-10', NULL, '2025-06-20', '2025-06-20', NULL, NULL);
INSERT INTO penalty VALUES (24, '91110105000000024A', '市监罚〔2025〕24号', '某市市场监督管理局', '市场监管', '520102', '计量违法', NULL, '罚款', 50000, '一般', '普通', NULL, '2025-06-01', '2025-06-10', NULL, '2025-06-20', '2025-06-20', NULL, NULL);
INSERT INTO penalty VALUES (25, '91110105000000025D', '市监罚〔2025〕25号', '某市市场监督管理局', '市场监管', '110105', '计量违法', NULL, '罚款', 3000, '一般', '普通', NULL, '2025-01-05', '2025-01-10', NULL, '2025-01-20', '2025-01-20', NULL, NULL);
INSERT INTO penalty VALUES (26, '91110105000000026G', '市监罚〔2025〕26号', '某市市场监督管理局', '市场监管', '520102', '价格违法', '其他', '罚款', 100000, '一般', '普通', NULL, '2025-01-05', '2025-01-10', NULL, '2025-01-20', '2025-01-20', NULL, NULL);
INSERT INTO penalty VALUES (27, '91110105000000027K', '市监罚〔2024〕27号', '某市市场监督管理局', '市场监管', '110105', '产品质量', '其他', '罚款,责令停产停业', 100000, '一般', '普通', NULL, '2024-05-10', '2024-05-15', '2024-06-14', '2024-05-20', '2024-06-20', NULL, NULL);
INSERT INTO penalty VALUES (28, '91110105000000028N', '市监罚〔2025〕28号', '某市市场监督管理局', '市场监管', '110105', '标签标识', NULL, '警告', NULL, NULL, '普通', NULL, '2025-02-25', '2025-03-01', NULL, NULL, NULL, NULL, NULL);
INSERT INTO penalty VALUES (29, '91110105000000029R', '市监罚〔2025〕29号', '某市市场监督管理局', '市场监管', '110105', '标签标识', NULL, '通报批评', NULL, NULL, '普通', NULL, '2025-03-25', '2025-03-31', NULL, NULL, NULL, NULL, NULL);
INSERT INTO penalty VALUES (30, '91110105000000030Y', '市监罚〔2024〕30号', '某市市场监督管理局', '市场监管', '520102', '价格违法', '其他', '罚款', 200000, '一般', '普通', NULL, '2024-08-20', '2024-08-31', NULL, '2024-09-15', '2024-09-15', NULL, NULL);
INSERT INTO penalty VALUES (371, '91110105000000037L', '市监罚〔2025〕371号', '某市市场监督管理局', '市场监管', '110105', '虚假宣传', '其他', '罚款', 200000, '从重', '普通', NULL, '2025-10-01', '2025-10-10', NULL, NULL, NULL, NULL, NULL);
INSERT INTO penalty VALUES (38, '91110105000000038P', '市监罚〔2026〕38号', '某市市场监督管理局', '市场监管', '110105', '价格违法', '其他', '罚款', 100000, '一般', '普通', NULL, '2026-01-05', '2026-01-10', NULL, '2026-02-01', '2026-02-01', NULL, NULL);
-- abnormal(id, uscc, reason, report_year, listed, authority, authority_region, corrected, removed)
INSERT INTO abnormal VALUES (17, '91110105000000017J', '未按期年报', 2025, '2026-07-10', '某区市场监督管理局', '110105', NULL, NULL);
INSERT INTO abnormal VALUES (26, '91110105000000026G', '未按期年报', 2024, '2025-07-10', '某区市场监督管理局', '520102', NULL, NULL);
INSERT INTO abnormal VALUES (31, '911101050000000312', '未按期年报', 2024, '2025-07-10', '某区市场监督管理局', '110105', NULL, NULL);
INSERT INTO abnormal VALUES (32, '911101050000000325', '住所无法联系', NULL, '2026-03-01', '某区市场监督管理局', '110105', NULL, NULL);
INSERT INTO abnormal VALUES (33, '911101050000000338', '未按期年报', 2023, '2024-07-10', '某区市场监督管理局', '110105', NULL, NULL);
-- annual_report(uscc, year, filed, all_zero)
INSERT INTO annual_report VALUES ('911101050000000312', 2024, '2025-09-01', 0);
INSERT INTO annual_report VALUES ('911101050000000338', 2023, NULL, 0);
-- serious(id, uscc, list, basis, listed, published, authority, authority_region, measures_until,
--         fulfilled, remedied, removed, repair_revoked)
INSERT INTO serious VALUES (34, '91110105000000034B', '市场监管严重违法失信', '较重行政处罚', '2025-03-01', '2025-03-20', '某市市场监督管理局', '110105', NULL, '2025-04-01', '2025-04-01', NULL, NULL, NULL);
INSERT INTO serious VALUES (35, '91110105000000035E', '市场监管严重违法失信', '较重行政处罚', '2026-02-28', '2026-02-28', '某市市场监督管理局', '110105', '2029-06-30', '2026-03-10', '2026-03-10', NULL, NULL, NULL);
INSERT INTO serious VALUES (36, '91110105000000036H', '失信被执行人', '较重行政处罚', '2025-03-01', '2025-03-20', '某市市场监督管理局', '110105', NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO serious VALUES (37, '91110105000000037L', '市场监管严重违法失信', '较重行政处罚', '2025-03-01', '2025-03-20', '某市市场监督管理局', '110105', NULL, '2025-04-01', '2025-04-01', NULL, NULL, NULL);
-- 信用中国 cases (other sectors): entities 41-46
INSERT INTO entity VALUES ('911101050000000413', '案例41有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000426', '案例42有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('911101050000000439', '案例43有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000044C', '案例44有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000045F', '案例45有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91110105000000046J', '案例46有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL, NULL);
INSERT INTO penalty VALUES (41, '911101050000000413', '罚〔2026〕41号', '某机关', '应急管理', '110105', '安全生产违法', '安全生产', '罚款', 150000, '一般', '普通', NULL, '2026-05-31', NULL, NULL, '2026-06-10', '2026-06-10', NULL, NULL);
INSERT INTO penalty VALUES (42, '911101050000000426', '罚〔2020〕42号', '某机关', '消防', '110105', '消防违法', '消防', '罚款,责令停产停业', 50000, '一般', '普通', NULL, '2020-06-15', NULL, NULL, '2020-07-01', '2020-07-01', NULL, NULL);
INSERT INTO penalty VALUES (43, '911101050000000439', '罚〔2020〕43号', '某机关', '税务', '110105', '逃避缴纳税款', NULL, '罚款', 10000, '一般', '普通', NULL, '2020-06-15', NULL, NULL, '2020-07-01', '2020-07-01', NULL, NULL);
INSERT INTO penalty VALUES (44, '91110105000000044C', '罚〔2020〕44号', '某机关', '生态环境', '110105', '超标排放', '生态环境', '罚款', 500000, '从重', '普通', '严重', '2020-06-15', NULL, NULL, '2020-07-01', '2020-07-01', NULL, NULL);
INSERT INTO penalty VALUES (45, '91110105000000045F', '罚〔2024〕45号', '某机关', '卫生健康', '110105', '食品安全', '食品', '罚款,没收违法所得', 80000, '一般', '普通', NULL, '2024-02-20', NULL, NULL, '2024-03-01', '2024-03-01', NULL, NULL);
INSERT INTO penalty VALUES (46, '91110105000000046J', '罚〔2026〕46号', '某机关', '税务', '110105', '发票违法', NULL, '警告', NULL, NULL, '简易', NULL, '2026-05-01', NULL, NULL, NULL, NULL, NULL, NULL);
-- a serious list of a tax authority, listed under 527号 and still listed: cited by the instrument of each day
INSERT INTO entity (uscc, name, kind, status, region, industry, established, phone) VALUES ('91110105000000047M', '案例47有限公司', '企业', '存续', '110105', NULL, '2015-06-01', NULL);
INSERT INTO serious (id, uscc, list, basis, listed, published, authority, authority_region) VALUES (47, '91110105000000047M', '重大税收违法失信', '逃避缴纳税款', '2022-03-01', '2022-03-10', '国家税务总局某市税务局', '110105');
COMMIT;
