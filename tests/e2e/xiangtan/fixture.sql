-- Records for the Xiangtan pack (policies/hunan/xiangtan.xf): entities registered in
-- 湘潭市 have region 4303xx; entity 14 is registered in 长沙市芙蓉区 (430102), outside it.
-- The working-day calendar of 2025 and 2026 (国务院办公厅节假日安排; 2026 as in runtime/holidays.c).
BEGIN;
INSERT INTO workday_calendar VALUES ('2025-01-01', 0);
INSERT INTO workday_calendar VALUES ('2025-01-26', 1);
INSERT INTO workday_calendar VALUES ('2025-01-28', 0), ('2025-01-29', 0), ('2025-01-30', 0), ('2025-01-31', 0), ('2025-02-01', 0), ('2025-02-02', 0), ('2025-02-03', 0), ('2025-02-04', 0);
INSERT INTO workday_calendar VALUES ('2025-02-08', 1);
INSERT INTO workday_calendar VALUES ('2025-04-04', 0), ('2025-04-05', 0), ('2025-04-06', 0);
INSERT INTO workday_calendar VALUES ('2025-04-27', 1);
INSERT INTO workday_calendar VALUES ('2025-05-01', 0), ('2025-05-02', 0), ('2025-05-03', 0), ('2025-05-04', 0), ('2025-05-05', 0);
INSERT INTO workday_calendar VALUES ('2025-05-31', 0), ('2025-06-01', 0), ('2025-06-02', 0);
INSERT INTO workday_calendar VALUES ('2025-09-28', 1);
INSERT INTO workday_calendar VALUES ('2025-10-01', 0), ('2025-10-02', 0), ('2025-10-03', 0), ('2025-10-04', 0), ('2025-10-05', 0), ('2025-10-06', 0), ('2025-10-07', 0), ('2025-10-08', 0);
INSERT INTO workday_calendar VALUES ('2025-10-11', 1);
INSERT INTO workday_calendar VALUES ('2026-01-01', 0), ('2026-01-02', 0), ('2026-01-03', 0);
INSERT INTO workday_calendar VALUES ('2026-01-04', 1);
INSERT INTO workday_calendar VALUES ('2026-02-14', 1);
INSERT INTO workday_calendar VALUES ('2026-02-15', 0), ('2026-02-16', 0), ('2026-02-17', 0), ('2026-02-18', 0), ('2026-02-19', 0), ('2026-02-20', 0), ('2026-02-21', 0), ('2026-02-22', 0), ('2026-02-23', 0);
INSERT INTO workday_calendar VALUES ('2026-02-28', 1);
INSERT INTO workday_calendar VALUES ('2026-04-04', 0), ('2026-04-05', 0), ('2026-04-06', 0);
INSERT INTO workday_calendar VALUES ('2026-05-01', 0), ('2026-05-02', 0), ('2026-05-03', 0), ('2026-05-04', 0), ('2026-05-05', 0);
INSERT INTO workday_calendar VALUES ('2026-05-09', 1);
INSERT INTO workday_calendar VALUES ('2026-06-19', 0), ('2026-06-20', 0), ('2026-06-21', 0);

INSERT INTO entity VALUES ('914303040000000017', '湘潭案例1', '企业', '存续', '430304', NULL, '2015-06-01', '13900000001', NULL);
INSERT INTO entity VALUES ('91430302000000002D', '湘潭案例2', '企业', '存续', '430302', '食品', '2015-06-01', '13900000002', NULL);
INSERT INTO entity VALUES ('92430321000000003X', '湘潭案例3', '个体工商户', '存续', '430321', NULL, '2015-06-01', '13900000003', NULL);
INSERT INTO entity VALUES ('91430304000000004G', '湘潭案例4', '企业', '存续', '430304', NULL, '2015-06-01', NULL, NULL);
INSERT INTO entity VALUES ('91430302000000005N', '湘潭案例5', '企业', '存续', '430302', NULL, '2015-06-01', '13900000005', NULL);
INSERT INTO entity VALUES ('91430321000000006A', '湘潭案例6', '企业', '存续', '430321', NULL, '2015-06-01', '13900000006', NULL);
INSERT INTO entity VALUES ('91430302000000007W', '湘潭案例7', '企业', '存续', '430302', NULL, '2015-06-01', '13900000007', NULL);
INSERT INTO entity VALUES ('91430304000000008W', '湘潭案例8', '企业', '存续', '430304', '教育培训', '2015-06-01', '13900000008', NULL);
INSERT INTO entity VALUES ('914303020000000093', '湘潭案例9', '企业', '存续', '430302', NULL, '2015-06-01', '13900000009', NULL);
INSERT INTO entity VALUES ('914303040000000105', '湘潭案例10', '企业', '存续', '430304', '食品', '2015-06-01', '13900000010', NULL);
INSERT INTO entity VALUES ('914303210000000132', '湘潭案例13', '企业', '存续', '430321', NULL, '2015-06-01', '13900000013', NULL);
INSERT INTO entity VALUES ('91430102000000014A', '芙蓉案例14', '企业', '存续', '430102', NULL, '2015-06-01', '13900000014', NULL);
INSERT INTO entity VALUES ('91430300000000015T', '湘潭案例15', '企业', '存续', '430300', NULL, '2015-06-01', '13900000015', NULL);

-- 一 企业, 未按期年报: the 2023 report filed Friday 2025-09-26, before the National Day holiday
INSERT INTO abnormal VALUES (1, '914303040000000017', '未按期年报', 2023, '2024-07-10', '湘潭市岳塘区市场监督管理局', '430304', NULL, NULL);
INSERT INTO annual_report VALUES ('914303040000000017', 2023, '2025-09-26', 0);
-- 一 企业 in a key industry (食品), 住所无法联系, address changed Monday 2026-02-02
INSERT INTO abnormal VALUES (2, '91430302000000002D', '住所无法联系', NULL, '2025-06-01', '湘潭市雨湖区市场监督管理局', '430302', '2026-02-02', NULL);
-- 二 个体工商户 marked abnormal for the 2023 report, filed Tuesday 2025-05-06
INSERT INTO abnormal VALUES (3, '92430321000000003X', '未按期年报', 2023, '2024-07-10', '湘潭县市场监督管理局', '430321', NULL, NULL);
INSERT INTO annual_report VALUES ('92430321000000003X', 2023, '2025-05-06', 0);
-- 五、1 dormant, no phone: 2022 report (the listing) filed late, 2022-2024 all zero
INSERT INTO abnormal VALUES (4, '91430304000000004G', '未按期年报', 2022, '2023-07-10', '湘潭市岳塘区市场监督管理局', '430304', NULL, NULL);
INSERT INTO annual_report VALUES ('91430304000000004G', 2022, '2025-03-03', 1);
INSERT INTO annual_report VALUES ('91430304000000004G', 2023, '2025-03-03', 1);
INSERT INTO annual_report VALUES ('91430304000000004G', 2024, '2025-05-06', 1);
-- 五、1 dormant, phone on record but listed for 住所无法联系 and not corrected
INSERT INTO abnormal VALUES (5, '91430302000000005N', '住所无法联系', NULL, '2025-04-01', '湘潭市雨湖区市场监督管理局', '430302', NULL, NULL);
INSERT INTO annual_report VALUES ('91430302000000005N', 2023, '2024-05-10', 1);
INSERT INTO annual_report VALUES ('91430302000000005N', 2024, '2025-05-10', 1);
-- 五、1 dormant and reachable: 2023 and 2024 all zero, the 2024 report filed Monday 2025-12-29
INSERT INTO abnormal VALUES (6, '91430321000000006A', '未按期年报', 2024, '2025-07-10', '湘潭县市场监督管理局', '430321', NULL, NULL);
INSERT INTO annual_report VALUES ('91430321000000006A', 2023, '2024-06-01', 1);
INSERT INTO annual_report VALUES ('91430321000000006A', 2024, '2025-12-29', 1);
-- outside the city: 长沙市芙蓉区
INSERT INTO abnormal VALUES (14, '91430102000000014A', '未按期年报', 2023, '2024-07-10', '长沙市芙蓉区市场监督管理局', '430102', NULL, NULL);
INSERT INTO annual_report VALUES ('91430102000000014A', 2023, '2025-09-26', 0);

-- 三 serious list: listed 2024-09-20, published 2024-09-30, obligations done 2024-10-08
INSERT INTO serious VALUES (7, '91430302000000007W', '市场监管严重违法失信', '较重行政处罚', '2024-09-20', '2024-09-30', '湘潭市市场监督管理局', '430300', NULL, '2024-10-08', '2024-10-08', NULL, NULL, NULL);
-- 三、注: listed by the province after three years in the abnormal list; key industry 教育培训
INSERT INTO serious VALUES (8, '91430304000000008W', '市场监管严重违法失信', '列入经营异常名录届满三年', '2025-06-10', '2025-06-20', '湖南省市场监督管理局', '430000', NULL, NULL, NULL, NULL, NULL, NULL);
-- 五、3 court list
INSERT INTO serious VALUES (13, '914303210000000132', '失信被执行人', '有履行能力而拒不履行生效法律文书确定义务', '2025-03-01', '2025-03-01', '湘潭县人民法院', '430321', NULL, NULL, NULL, NULL, NULL, NULL);

-- 四 penalties: 9 general (both regimes); 10 general, entity in a key industry; 15 责令停产停业
INSERT INTO penalty VALUES (9, '914303020000000093', '雨市监罚〔2025〕9号', '湘潭市雨湖区市场监督管理局', '市场监管', '430302', '虚假宣传', '其他', '罚款', 100000, '一般', '普通', NULL, '2025-08-01', '2025-08-10', NULL, '2025-08-20', '2025-08-20', NULL, NULL);
INSERT INTO penalty VALUES (10, '914303040000000105', '岳市监罚〔2025〕10号', '湘潭市岳塘区市场监督管理局', '市场监管', '430304', '价格违法', '其他', '罚款', 20000, '一般', '普通', NULL, '2025-11-10', '2025-11-20', NULL, '2026-01-05', '2026-01-05', NULL, NULL);
INSERT INTO penalty VALUES (15, '91430300000000015T', '潭市监罚〔2025〕15号', '湘潭市市场监督管理局', '市场监管', '430300', '产品质量', '其他', '罚款,责令停产停业', 50000, '一般', '普通', NULL, '2025-02-20', '2025-03-01', '2025-03-31', '2025-03-10', '2025-03-10', NULL, NULL);
-- 五、3 a tax penalty (信用中国)
INSERT INTO penalty VALUES (12, '914303020000000093', '雨税罚〔2025〕12号', '国家税务总局湘潭市雨湖区税务局', '税务', '430302', '未按期申报纳税', NULL, '罚款', 2000, NULL, '普通', NULL, '2025-06-15', '2025-06-20', NULL, '2025-07-01', '2025-07-01', NULL, NULL);
-- 修复申请（记录版本 2）：办结时限自受理之日起算（一、4；三、4；四、4）。多数在条件具备之日
-- 申请并受理；serious 7 于 2025-09-22（周一）受理，penalty 9 于 2025-11-11 受理
INSERT INTO application (id, uscc, subject_table, subject_id, applied, accepted) SELECT 1, uscc, 'abnormal', 1, '2025-09-26', '2025-09-26' FROM abnormal WHERE id = 1;
INSERT INTO application (id, uscc, subject_table, subject_id, applied, accepted) SELECT 2, uscc, 'abnormal', 2, '2026-02-02', '2026-02-02' FROM abnormal WHERE id = 2;
INSERT INTO application (id, uscc, subject_table, subject_id, applied, accepted) SELECT 3, uscc, 'abnormal', 3, '2025-05-06', '2025-05-06' FROM abnormal WHERE id = 3;
INSERT INTO application (id, uscc, subject_table, subject_id, applied, accepted) SELECT 4, uscc, 'abnormal', 4, '2025-03-03', '2025-03-03' FROM abnormal WHERE id = 4;
INSERT INTO application (id, uscc, subject_table, subject_id, applied, accepted) SELECT 6, uscc, 'abnormal', 6, '2025-12-29', '2025-12-29' FROM abnormal WHERE id = 6;
INSERT INTO application (id, uscc, subject_table, subject_id, applied, accepted) SELECT 7, uscc, 'serious', 7, '2025-09-22', '2025-09-22' FROM serious WHERE id = 7;
INSERT INTO application (id, uscc, subject_table, subject_id, applied, accepted) SELECT 9, uscc, 'penalty', 9, '2025-11-11', '2025-11-11' FROM penalty WHERE id = 9;
INSERT INTO application (id, uscc, subject_table, subject_id, applied, accepted) SELECT 10, uscc, 'penalty', 10, '2026-02-21', '2026-02-21' FROM penalty WHERE id = 10;
COMMIT;
