-- Monthly plans (以月保季、以季保年): for a region, indicator, year and tier, a plan of cumulative
-- values at the planned months. Every version is a row; an approved version is frozen (never
-- updated); a revision is a new version. The plan in force is the latest approved version.
CREATE TABLE plans (
    id             INTEGER PRIMARY KEY,
    region_code    TEXT NOT NULL REFERENCES regions (code),
    indicator_code TEXT NOT NULL REFERENCES indicators (code),
    year           INTEGER NOT NULL,
    tier           TEXT NOT NULL CHECK (tier IN ('assigned', 'stretch')),
    version        INTEGER NOT NULL,
    method         TEXT NOT NULL CHECK (method IN ('shares', 'mean3', 'linear', 'entered', 'quarters')),
    target         REAL NOT NULL,
    opening        REAL NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('draft', 'approved')),
    source         TEXT NOT NULL DEFAULT '',
    sample         BOOLEAN NOT NULL DEFAULT FALSE,
    created_by     TEXT NOT NULL,
    created_at     TIMESTAMP NOT NULL,
    approved_by    TEXT,
    approved_at    TIMESTAMP
);
CREATE UNIQUE INDEX plans_version ON plans (region_code, indicator_code, year, tier, version);

-- The planned cumulative value of each planned month of a plan version.
CREATE TABLE plan_months (
    plan_id INTEGER NOT NULL REFERENCES plans (id),
    month   INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    value   REAL NOT NULL,
    PRIMARY KEY (plan_id, month)
);

-- Long-range goals and their benchmark thresholds (2025 全国工业百强县, 2026 百强县 entry level, a
-- five-year plan): data, never code. A revision is a new row; is_current marks the one in force.
CREATE TABLE benchmarks (
    id               INTEGER PRIMARY KEY,
    region_code      TEXT NOT NULL REFERENCES regions (code),
    goal             TEXT NOT NULL,
    name             TEXT NOT NULL,
    indicator_code   TEXT NOT NULL REFERENCES indicators (code),
    year             INTEGER NOT NULL,
    value            REAL NOT NULL,
    threshold_growth REAL NOT NULL DEFAULT 0,
    source           TEXT NOT NULL DEFAULT '',
    sample           BOOLEAN NOT NULL DEFAULT FALSE,
    revision         INTEGER NOT NULL,
    is_current       BOOLEAN NOT NULL,
    recorded_by      TEXT NOT NULL,
    recorded_at      TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX benchmarks_current ON benchmarks (region_code, goal, indicator_code) WHERE is_current;
