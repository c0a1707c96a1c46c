-- Indicators: how often each is published (DESIGN.md §4a, staleness; GDP quarterly) and the kind
-- `level` (失业率, 能耗强度).
ALTER TABLE indicators DROP CONSTRAINT indicators_kind_check;
ALTER TABLE indicators ADD CONSTRAINT indicators_kind_check CHECK (kind IN ('flow', 'count', 'stock', 'rate', 'level'));
ALTER TABLE indicators ADD COLUMN frequency TEXT NOT NULL DEFAULT 'monthly'
    CHECK (frequency IN ('monthly', 'quarterly', 'half-yearly', 'yearly'));
UPDATE indicators SET frequency = 'quarterly' WHERE code = 'gdp' AND built_in;
