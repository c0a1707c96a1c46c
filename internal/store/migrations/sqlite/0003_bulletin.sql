-- Bulletin imports: the names an analyst mapped to codes, remembered per source, and the ranks a
-- bulletin printed, kept beside the ones Pacer computes (every revision kept, like observations).
CREATE TABLE name_mappings (
    source      TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('indicator', 'region', 'skip')),
    code        TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    recorded_by TEXT NOT NULL,
    PRIMARY KEY (source, name)
);

CREATE TABLE published_ranks (
    id             INTEGER PRIMARY KEY,
    region_code    TEXT NOT NULL REFERENCES regions (code),
    indicator_code TEXT NOT NULL REFERENCES indicators (code),
    period         TEXT NOT NULL,
    basis          TEXT NOT NULL CHECK (basis IN ('growth', 'value')),
    rank           INTEGER NOT NULL CHECK (rank > 0),
    source         TEXT NOT NULL DEFAULT '',
    revision       INTEGER NOT NULL,
    is_current     BOOLEAN NOT NULL,
    recorded_at    TIMESTAMP NOT NULL,
    recorded_by    TEXT NOT NULL,
    batch_id       INTEGER REFERENCES import_batches (id)
);
CREATE UNIQUE INDEX published_ranks_current ON published_ranks (region_code, indicator_code, period, basis) WHERE is_current;
CREATE UNIQUE INDEX published_ranks_revision ON published_ranks (region_code, indicator_code, period, basis, revision);
CREATE INDEX published_ranks_period ON published_ranks (indicator_code, period) WHERE is_current;
