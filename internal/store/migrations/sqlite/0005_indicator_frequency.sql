-- Indicators: how often each is published (DESIGN.md §4a, staleness; GDP quarterly) and the kind
-- `level` (失业率, 能耗强度). SQLite cannot change a CHECK constraint in place, so the table is
-- rebuilt under its own name: the tables that reference it keep their foreign keys, checked at
-- commit (the rows dropped with the old table are back by then).
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE indicators_0005 AS SELECT * FROM indicators;
DROP TABLE indicators;
CREATE TABLE indicators (
    code             TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    name_en          TEXT NOT NULL DEFAULT '',
    unit             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('flow', 'count', 'stock', 'rate', 'level')),
    direction        TEXT NOT NULL CHECK (direction IN ('up', 'down')),
    precision        INTEGER NOT NULL CHECK (precision BETWEEN 0 AND 6),
    mode             TEXT NOT NULL CHECK (mode IN ('linear', 'seasonal')),
    tolerance        REAL NOT NULL,
    growth_tolerance REAL NOT NULL,
    owner_unit       TEXT NOT NULL DEFAULT '',
    comparable_price BOOLEAN NOT NULL DEFAULT FALSE,
    built_in         BOOLEAN NOT NULL DEFAULT FALSE,
    frequency        TEXT NOT NULL DEFAULT 'monthly' CHECK (frequency IN ('monthly', 'quarterly', 'half-yearly', 'yearly'))
);
INSERT INTO indicators (code, name, name_en, unit, kind, direction, precision, mode, tolerance, growth_tolerance,
    owner_unit, comparable_price, built_in)
SELECT code, name, name_en, unit, kind, direction, precision, mode, tolerance, growth_tolerance,
    owner_unit, comparable_price, built_in FROM indicators_0005;
DROP TABLE indicators_0005;
UPDATE indicators SET frequency = 'quarterly' WHERE code = 'gdp' AND built_in;
