-- Yongchang (620321) records for tests/documents/documents.test.sh, decided on
-- 2024-09-30 (国家发展改革委令2023年第58号; SAMR: 2021 rules).
INSERT INTO entity (uscc, name, kind, status, region, industry, established, phone) VALUES
 ('91620321MA7Y1R2K3H', '永昌县金川河农产品加工有限公司', '企业', '存续', '620321', '食品', '2018-04-01', '09357512345'),
 ('92620321MA7Y2B3C4J', '永昌县城关镇某某百货店', '个体工商户', '存续', '620321', NULL, '2020-06-01', NULL);

INSERT INTO penalty (id, uscc, decision_no, authority, sector, authority_region, cause, domain, measures,
                     fine_yuan, tier, procedure, severity, decided, published, restricted_until, fulfilled, remedied) VALUES
 -- 信用中国 (58号令), 安全生产: shortest period one year
 (11, '91620321MA7Y1R2K3H', '永应急罚〔2024〕7号', '永昌县应急管理局', '应急管理', '620321', '未按规定开展安全培训',
  '安全生产', '罚款', 30000, '一般', '普通', NULL, '2024-08-01', '2024-08-06', NULL, NULL, NULL),
 -- SAMR (2021 rules): a fine above Gansu's (unrecorded) low-amount standard, six months
 (12, '92620321MA7Y2B3C4J', '永市监罚〔2024〕15号', '永昌县市场监督管理局', '市场监管', '620321', '销售过期食品',
  '其他', '罚款', 80000, '一般', '普通', NULL, '2024-07-10', '2024-07-15', NULL, NULL, NULL),
 -- simple procedure: not publicized, no notice
 (13, '92620321MA7Y2B3C4J', '永市监简罚〔2024〕2号', '永昌县市场监督管理局', '市场监管', '620321', '未亮照经营',
  NULL, '警告', NULL, NULL, '简易', NULL, '2024-08-20', NULL, NULL, NULL, NULL);
