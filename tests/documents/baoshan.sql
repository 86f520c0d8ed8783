-- Baoshan (230506) records for tests/documents/documents.test.sh, decided on
-- 2022-06-30 (发改办财金〔2019〕527号) and on 2024-06-30 (国家发展改革委令2023年第58号).
-- An entity name with a comma and a quote tests CSV quoting; a code of digits only
-- tests the Excel guard for long numbers.
INSERT INTO entity (uscc, name, kind, status, region, industry, established, phone) VALUES
 ('91230506MA1C7L3X8L', '双鸭山市宝山区某某"示范",有限公司', '企业', '存续', '230506', '食品', '2015-03-01', '0469-4321234'),
 ('912305063300112340', '宝山区兴旺煤矿有限责任公司', '企业', '存续', '230506', '安全生产', '2009-07-15', '15504690000'),
 ('91230502MA1D2E3F4G', '双鸭山市尖山区顺达运输有限公司', '企业', '存续', '230502', NULL, '2016-01-01', NULL),
 ('91230505MA1E5G6H7G', '双鸭山市四方台区某商贸有限公司', '企业', '存续', '230505', NULL, '2017-01-01', NULL);

INSERT INTO penalty (id, uscc, decision_no, authority, sector, authority_region, cause, domain, measures,
                     fine_yuan, tier, procedure, severity, decided, published, restricted_until, fulfilled, remedied) VALUES
 -- 一般失信, past the shortest period (3 months), obligations done: can_apply, 2处罚整改, green channel (食品)
 (1, '91230506MA1C7L3X8L', '宝税罚〔2022〕12号', '国家税务总局双鸭山市宝山区税务局', '税务', '230506', '未按期申报',
  NULL, '罚款', 2000, '一般', '普通', NULL, '2022-01-10', '2022-01-15', NULL, '2022-02-01', '2022-02-01'),
 -- 严重失信, shortest period 6 months not yet met: not_yet from 2022-09-02
 (2, '912305063300112340', '宝应急罚〔2022〕3号', '宝山区应急管理局', '应急管理', '230506', '未按规定开展安全培训',
  '安全生产', '罚款', 50000, '一般', '普通', '严重', '2022-03-01', '2022-03-05', NULL, NULL, NULL),
 -- past the longest period (1 year): expired, still shown until taken down
 (3, '912305063300112340', '宝应急罚〔2018〕21号', '宝山区应急管理局', '应急管理', '230506', '未按规定开展安全培训',
  '安全生产', '罚款', 10000, '一般', '普通', '一般', '2018-05-02', '2018-05-08', NULL, '2018-06-01', '2018-06-01'),
 -- 特定严重 (安全生产 and 责令停产停业), entity registered elsewhere, Baoshan authority: not_repairable
 (4, '91230502MA1D2E3F4G', '宝应急罚〔2022〕5号', '宝山区应急管理局', '应急管理', '230506', '重大事故隐患未排除',
  '安全生产', '罚款,责令停产停业', 200000, '从重', '普通', NULL, '2022-04-01', '2022-04-06', NULL, NULL, NULL),
 -- simple procedure: not publicized, so in no document
 (5, '91230506MA1C7L3X8L', '宝税简罚〔2022〕1号', '国家税务总局双鸭山市宝山区税务局', '税务', '230506', '发票保管不善',
  NULL, '罚款', 200, '一般', '简易', NULL, '2022-05-01', NULL, NULL, NULL, NULL),
 -- neither registered nor penalized in Baoshan: decided by the national policy, in no Baoshan document
 (6, '91230505MA1E5G6H7G', '四税罚〔2022〕8号', '国家税务总局双鸭山市四方台区税务局', '税务', '230505', '未按期申报',
  NULL, '罚款', 1000, '一般', '普通', NULL, '2022-02-01', '2022-02-05', NULL, NULL, NULL);

INSERT INTO serious (id, uscc, list, basis, listed, published, authority, authority_region, measures_until,
                     fulfilled, remedied, removed) VALUES
 -- another authority's list: referred to it (谁认定、谁修复); obligations done
 (1, '912305063300112340', '安全生产严重失信', '一年内发生两起较大事故', '2021-06-01', '2021-06-05', '宝山区应急管理局',
  '230506', NULL, '2022-01-01', '2022-01-05', NULL),
 -- SAMR list (2021 rules): one year from listing, not met on 2022-06-30
 (2, '91230506MA1C7L3X8L', '市场监管严重违法失信', '较重行政处罚', '2021-10-01', '2021-10-08', '宝山区市场监督管理局',
  '230506', NULL, NULL, NULL, NULL),
 (3, '912305063300112340', '重大税收违法失信', '偷税', '2021-12-01', '2021-12-05', '国家税务总局双鸭山市宝山区税务局',
  '230506', NULL, NULL, NULL, NULL);
