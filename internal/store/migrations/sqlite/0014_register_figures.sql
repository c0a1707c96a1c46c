-- Figures derived from the registers (key projects, attraction leads, enterprises), kept beside
-- the statistics bureau's observations of the same indicator, never in their place: every
-- revision a row, is_current marks the one in force (as observations).
CREATE TABLE register_figures (
    id             INTEGER PRIMARY KEY,
    region_code    TEXT NOT NULL REFERENCES regions (code),
    indicator_code TEXT NOT NULL REFERENCES indicators (code),
    period         TEXT NOT NULL,
    value          REAL NOT NULL,
    growth         REAL,
    register       TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    revision       INTEGER NOT NULL,
    is_current     BOOLEAN NOT NULL,
    recorded_at    TIMESTAMP NOT NULL,
    recorded_by    TEXT NOT NULL
);
CREATE UNIQUE INDEX register_figures_current ON register_figures (region_code, indicator_code, period) WHERE is_current;
CREATE UNIQUE INDEX register_figures_revision ON register_figures (region_code, indicator_code, period, revision);
CREATE INDEX register_figures_period ON register_figures (indicator_code, period) WHERE is_current;

-- Which figure counts for an indicator when both exist: the bureau's (official, the default,
-- also when an indicator has no row here) or the register's.
CREATE TABLE figure_bases (
    indicator_code TEXT NOT NULL PRIMARY KEY REFERENCES indicators (code),
    basis          TEXT NOT NULL CHECK (basis IN ('official', 'register')),
    changed_by     TEXT NOT NULL,
    changed_at     TIMESTAMP NOT NULL
);

-- An indicator an analyst links to a register sum (beside the built-in ones of domain.BuiltInRegisterSums):
-- the register, what is summed (measure) and which rows (filter, e.g. category=工业).
CREATE TABLE register_sums (
    indicator_code TEXT NOT NULL PRIMARY KEY REFERENCES indicators (code),
    register       TEXT NOT NULL,
    measure        TEXT NOT NULL,
    filter         TEXT NOT NULL DEFAULT '',
    changed_by     TEXT NOT NULL,
    changed_at     TIMESTAMP NOT NULL
);
