-- Foundation: regions, units, indicators, targets and observations with every revision kept,
-- import batches and the append-only audit log.
CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province', 'prefecture', 'county', 'town')),
    parent_code TEXT REFERENCES regions (code)
);
CREATE INDEX regions_parent ON regions (parent_code);

CREATE TABLE units (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions (code),
    kind        TEXT NOT NULL CHECK (kind IN ('department', 'town')),
    archived    BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE indicators (
    code             TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    name_en          TEXT NOT NULL DEFAULT '',
    unit             TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('flow', 'count', 'stock', 'rate')),
    direction        TEXT NOT NULL CHECK (direction IN ('up', 'down')),
    precision        INTEGER NOT NULL CHECK (precision BETWEEN 0 AND 6),
    mode             TEXT NOT NULL CHECK (mode IN ('linear', 'seasonal')),
    tolerance        REAL NOT NULL,
    growth_tolerance REAL NOT NULL,
    owner_unit       TEXT NOT NULL DEFAULT '',
    comparable_price BOOLEAN NOT NULL DEFAULT FALSE,
    built_in         BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE import_batches (
    id           INTEGER PRIMARY KEY,
    recorded_at  TIMESTAMP NOT NULL,
    actor        TEXT NOT NULL,
    source       TEXT NOT NULL,
    new_rows     INTEGER NOT NULL,
    revised_rows INTEGER NOT NULL,
    unchanged    INTEGER NOT NULL
);

-- Every revision of a target is a row; is_current marks the one in force.
CREATE TABLE targets (
    id             INTEGER PRIMARY KEY,
    region_code    TEXT NOT NULL REFERENCES regions (code),
    indicator_code TEXT NOT NULL REFERENCES indicators (code),
    year           INTEGER NOT NULL,
    tier           TEXT NOT NULL CHECK (tier IN ('assigned', 'stretch')),
    value          REAL,
    growth         REAL,
    source         TEXT NOT NULL DEFAULT '',
    sample         BOOLEAN NOT NULL DEFAULT FALSE,
    revision       INTEGER NOT NULL,
    is_current     BOOLEAN NOT NULL,
    recorded_at    TIMESTAMP NOT NULL,
    recorded_by    TEXT NOT NULL,
    batch_id       INTEGER REFERENCES import_batches (id),
    CHECK (value IS NOT NULL OR growth IS NOT NULL)
);
CREATE UNIQUE INDEX targets_current ON targets (region_code, indicator_code, year, tier) WHERE is_current;
CREATE UNIQUE INDEX targets_revision ON targets (region_code, indicator_code, year, tier, revision);

-- Every revision of an observation is a row; is_current marks the one in force.
CREATE TABLE observations (
    id             INTEGER PRIMARY KEY,
    region_code    TEXT NOT NULL REFERENCES regions (code),
    indicator_code TEXT NOT NULL REFERENCES indicators (code),
    period         TEXT NOT NULL,
    value          REAL,
    growth         REAL,
    source         TEXT NOT NULL DEFAULT '',
    note           TEXT NOT NULL DEFAULT '',
    sample         BOOLEAN NOT NULL DEFAULT FALSE,
    revision       INTEGER NOT NULL,
    is_current     BOOLEAN NOT NULL,
    recorded_at    TIMESTAMP NOT NULL,
    recorded_by    TEXT NOT NULL,
    batch_id       INTEGER REFERENCES import_batches (id),
    CHECK (value IS NOT NULL OR growth IS NOT NULL)
);
CREATE UNIQUE INDEX observations_current ON observations (region_code, indicator_code, period) WHERE is_current;
CREATE UNIQUE INDEX observations_revision ON observations (region_code, indicator_code, period, revision);
CREATE INDEX observations_period ON observations (indicator_code, period) WHERE is_current;

-- The goal tree: focus points (着力点) and their measures (举措).
CREATE TABLE focus_points (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    year        INTEGER NOT NULL,
    position    INTEGER NOT NULL,
    title       TEXT NOT NULL,
    archived    BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE measures (
    id             INTEGER PRIMARY KEY,
    focus_point_id INTEGER NOT NULL REFERENCES focus_points (id),
    position       INTEGER NOT NULL,
    text           TEXT NOT NULL,
    indicator_code TEXT REFERENCES indicators (code),
    figure         REAL,
    figure_unit    TEXT NOT NULL DEFAULT '',
    owner_units    TEXT NOT NULL DEFAULT '',
    sample         BOOLEAN NOT NULL DEFAULT FALSE,
    archived       BOOLEAN NOT NULL DEFAULT FALSE
);

-- Append-only: triggers refuse UPDATE and DELETE.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    recorded_at TIMESTAMP NOT NULL,
    actor       TEXT NOT NULL,
    source_ip   TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object      TEXT NOT NULL,
    old_value   TEXT NOT NULL DEFAULT '',
    new_value   TEXT NOT NULL DEFAULT '',
    outcome     TEXT NOT NULL DEFAULT 'ok'
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
