-- Attraction leads (招商线索) and enterprises (企业培育): registers kept by county and town, each
-- row revised in place with every earlier version kept in its revisions table (a JSON body).
CREATE TABLE leads (
    code             TEXT NOT NULL PRIMARY KEY,
    name             TEXT NOT NULL,
    stage            TEXT NOT NULL,
    investment       DOUBLE PRECISION NOT NULL,
    industry         TEXT NOT NULL DEFAULT '',
    source_region    TEXT NOT NULL,
    team             TEXT NOT NULL,
    region_code      TEXT NOT NULL REFERENCES regions (code),
    signed_date      TEXT NOT NULL DEFAULT '',
    received_date    TEXT NOT NULL DEFAULT '',
    responded_date   TEXT NOT NULL DEFAULT '',
    assessed_date    TEXT NOT NULL DEFAULT '',
    feedback_date    TEXT NOT NULL DEFAULT '',
    terminate_reason TEXT NOT NULL DEFAULT '',
    project_code     TEXT NOT NULL DEFAULT '',
    sample           BOOLEAN NOT NULL DEFAULT FALSE,
    revision         INTEGER NOT NULL,
    changed_by       TEXT NOT NULL,
    changed_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX leads_region ON leads (region_code, signed_date);

-- The date a lead reached each stage (YYYY-MM-DD).
CREATE TABLE lead_stages (
    lead_code  TEXT NOT NULL REFERENCES leads (code),
    stage      TEXT NOT NULL,
    reached_on TEXT NOT NULL,
    PRIMARY KEY (lead_code, stage)
);

CREATE TABLE lead_revisions (
    lead_code   TEXT NOT NULL REFERENCES leads (code),
    revision    INTEGER NOT NULL,
    body        TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (lead_code, revision)
);

-- Response deadlines by lead size: a lead of at least min_investment 亿元 is answered within
-- respond_days, assessed within assess_days and fed back within feedback_days of its receipt.
CREATE TABLE lead_deadlines (
    min_investment DOUBLE PRECISION NOT NULL PRIMARY KEY,
    respond_days   INTEGER NOT NULL,
    assess_days    INTEGER NOT NULL,
    feedback_days  INTEGER NOT NULL
);
-- 江门市: 亿元以上项目线索 1 个工作日内响应、3 日内研判、一周内反馈.
INSERT INTO lead_deadlines (min_investment, respond_days, assess_days, feedback_days) VALUES (1, 1, 3, 7);

CREATE TABLE enterprises (
    credit_code      TEXT NOT NULL PRIMARY KEY,
    name             TEXT NOT NULL,
    region_code      TEXT NOT NULL REFERENCES regions (code),
    industry         TEXT NOT NULL DEFAULT '',
    above_scale_date TEXT NOT NULL DEFAULT '',
    output           DOUBLE PRECISION,
    tax              DOUBLE PRECISION,
    sample           BOOLEAN NOT NULL DEFAULT FALSE,
    revision         INTEGER NOT NULL,
    changed_by       TEXT NOT NULL,
    changed_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX enterprises_region ON enterprises (region_code);

-- A title (称号) an enterprise holds (granted_on set) or has applied for (applied_on set).
CREATE TABLE enterprise_titles (
    credit_code TEXT NOT NULL REFERENCES enterprises (credit_code),
    title       TEXT NOT NULL,
    applied_on  TEXT NOT NULL DEFAULT '',
    granted_on  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (credit_code, title)
);

CREATE TABLE enterprise_revisions (
    credit_code TEXT NOT NULL REFERENCES enterprises (credit_code),
    revision    INTEGER NOT NULL,
    body        TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (credit_code, revision)
);

-- Yearly goals of the cultivation funnel that no indicator carries (专精特新 applications and
-- approvals), by region.
CREATE TABLE enterprise_goals (
    region_code TEXT NOT NULL REFERENCES regions (code),
    year        INTEGER NOT NULL,
    measure     TEXT NOT NULL,
    value       DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (region_code, year, measure)
);
