-- records.sql — the hand-made records of tests/diff_cmd (loaded after runtime/records.sql).
-- The decisions of each side are worked out beside each penalty; diff.test.sh explains the rules.
INSERT INTO entity(uscc, name, kind, status, region) VALUES
  ('91110105100948472B', '甲公司', '企业', '存续', '110105'),
  ('91110105114660314E', '乙公司', '企业', '存续', '110105'),
  ('91110105139955303H', '丙公司', '企业', '存续', '310115'),
  ('91110105209046536N', '丁公司', '企业', '存续', '440305');
INSERT INTO penalty(id, uscc, decision_no, authority, sector, authority_region, cause, domain, measures,
                    procedure, decided, published, fulfilled) VALUES
  -- 1: A can_apply, eligible 2025-06-02, stops 2026-03-02; B can_apply, eligible 2025-09-02 (+92 days)
  (1, '91110105209046536N', 'D-1', '深圳市市场监督管理局', '市场监管', '440305', 'c1', '食品', '罚款', '普通',
   '2025-02-20', '2025-03-01', '2025-04-01'),
  -- 2: A can_apply, eligible 2025-11-02; B not_yet, eligible 2026-02-02 (+92 days); stops 2026-08-02 both
  (2, '91110105100948472B', 'D-2', '朝阳区市场监督管理局', '市场监管', '110105', 'c2', '药品', '罚款', '普通',
   '2025-07-20', '2025-08-01', '2025-08-15'),
  -- 3: expired on both sides from 2025-06-02: unchanged
  (3, '91110105100948472B', 'D-3', '朝阳区市场监督管理局', '市场监管', '110105', 'c3', NULL, '罚款', '普通',
   '2024-05-20', '2024-06-01', NULL),
  -- 4: simple procedure: A not_yet (eligible 2026-01-02, stops 2026-10-02); B none
  (4, '91110105114660314E', 'D-4', '朝阳区市场监督管理局', '市场监管', '110105', 'c4', NULL, '警告', '简易',
   '2025-09-20', '2025-10-01', NULL),
  -- 5: 税务: A none; B can_apply, eligible 2025-11-02, stops 2026-05-02
  (5, '91110105139955303H', 'D-5', '浦东新区税务局', '税务', '310115', 'c5', NULL, '罚款', '普通',
   '2025-04-20', '2025-05-01', '2025-05-10'),
  -- 6: never published: neither side decides it
  (6, '91110105139955303H', 'D-6', '浦东新区市场监督管理局', '市场监管', '310115', 'c6', NULL, '罚款', '普通',
   '2025-04-20', NULL, NULL),
  -- 7: not fulfilled: A not_yet, eligible 2025-12-16; B not_yet, eligible 2026-03-16 (+90 days); stops 2026-09-16
  (7, '91110105114660314E', 'D-7', '朝阳区市场监督管理局', '市场监管', '110105', 'c7', '食品', '罚款', '普通',
   '2025-09-01', '2025-09-15', NULL);
