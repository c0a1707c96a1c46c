-- Accounts, sessions, API tokens; what each unit reports; submissions under review; periods.
CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    username            TEXT NOT NULL,
    display_name        TEXT NOT NULL DEFAULT '',
    role                TEXT NOT NULL CHECK (role IN ('analyst', 'reporter', 'leader', 'sysadmin', 'secadmin', 'auditor')),
    unit_code           TEXT REFERENCES units (code),
    password_hash       TEXT NOT NULL,
    must_change         BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until        TIMESTAMP,
    disabled            BOOLEAN NOT NULL DEFAULT FALSE,
    lang                TEXT NOT NULL DEFAULT 'zh-CN',
    created_at          TIMESTAMP NOT NULL,
    password_changed_at TIMESTAMP NOT NULL,
    CHECK (role <> 'reporter' OR unit_code IS NOT NULL)
);
CREATE UNIQUE INDEX users_username ON users (lower(username));

CREATE TABLE password_history (
    user_id    INTEGER NOT NULL REFERENCES users (id),
    hash       TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen  TIMESTAMP NOT NULL,
    source_ip  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    name       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked    BOOLEAN NOT NULL DEFAULT FALSE
);

-- What a unit reports: an indicator for a region.
CREATE TABLE unit_indicators (
    unit_code      TEXT NOT NULL REFERENCES units (code),
    indicator_code TEXT NOT NULL REFERENCES indicators (code),
    region_code    TEXT NOT NULL REFERENCES regions (code),
    PRIMARY KEY (unit_code, indicator_code, region_code)
);

-- A figure a unit submits; it becomes an observation only when an analyst approves it.
CREATE TABLE submissions (
    id             INTEGER PRIMARY KEY,
    unit_code      TEXT NOT NULL REFERENCES units (code),
    region_code    TEXT NOT NULL REFERENCES regions (code),
    indicator_code TEXT NOT NULL REFERENCES indicators (code),
    period         TEXT NOT NULL,
    value          REAL,
    growth         REAL,
    note           TEXT NOT NULL DEFAULT '',
    state          TEXT NOT NULL CHECK (state IN ('draft', 'submitted', 'approved', 'returned')),
    submitted_by   TEXT NOT NULL,
    submitted_at   TIMESTAMP NOT NULL,
    reviewed_by    TEXT NOT NULL DEFAULT '',
    reviewed_at    TIMESTAMP,
    reason         TEXT NOT NULL DEFAULT '',
    batch_id       INTEGER REFERENCES import_batches (id),
    CHECK (value IS NOT NULL OR growth IS NOT NULL)
);
CREATE INDEX submissions_unit ON submissions (unit_code, period);
CREATE INDEX submissions_state ON submissions (state, period);

-- Reporting periods of a region: open for submissions, or locked.
CREATE TABLE periods (
    region_code TEXT NOT NULL REFERENCES regions (code),
    period      TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('open', 'locked')),
    changed_by  TEXT NOT NULL,
    changed_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (region_code, period)
);
