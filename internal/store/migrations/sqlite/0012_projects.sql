-- Key projects (重点项目): the register, annual plans per year, monthly cumulative completed
-- investment with every revision kept, milestones, problems (问题) and site photos (形象进度).
CREATE TABLE projects (
    code             TEXT NOT NULL PRIMARY KEY,
    name             TEXT NOT NULL,
    level            TEXT NOT NULL,
    category         TEXT NOT NULL,
    region_code      TEXT NOT NULL REFERENCES regions (code),
    stage            TEXT NOT NULL,
    total_investment REAL NOT NULL,
    owner_unit       TEXT NOT NULL DEFAULT '',
    leader           TEXT NOT NULL DEFAULT '',
    sample           BOOLEAN NOT NULL DEFAULT FALSE,
    updated_at       TIMESTAMP NOT NULL,
    updated_by       TEXT NOT NULL
);
CREATE INDEX projects_region ON projects (region_code);

CREATE TABLE project_plans (
    project_code TEXT NOT NULL REFERENCES projects (code),
    year         INTEGER NOT NULL,
    annual_plan  REAL NOT NULL,
    PRIMARY KEY (project_code, year)
);

-- Every revision of a month's cumulative is a row; is_current marks the one in force.
CREATE TABLE project_progress (
    id           INTEGER PRIMARY KEY,
    project_code TEXT NOT NULL REFERENCES projects (code),
    period       TEXT NOT NULL,
    completed    REAL NOT NULL,
    sample       BOOLEAN NOT NULL DEFAULT FALSE,
    revision     INTEGER NOT NULL,
    is_current   BOOLEAN NOT NULL,
    recorded_at  TIMESTAMP NOT NULL,
    recorded_by  TEXT NOT NULL
);
CREATE UNIQUE INDEX project_progress_current ON project_progress (project_code, period) WHERE is_current;
CREATE UNIQUE INDEX project_progress_revision ON project_progress (project_code, period, revision);

CREATE TABLE project_milestones (
    project_code TEXT NOT NULL REFERENCES projects (code),
    stage        TEXT NOT NULL,
    planned_date TEXT NOT NULL DEFAULT '',
    actual_date  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (project_code, stage)
);

CREATE TABLE project_problems (
    id                INTEGER PRIMARY KEY,
    project_code      TEXT NOT NULL REFERENCES projects (code),
    description       TEXT NOT NULL,
    coordinating_unit TEXT NOT NULL DEFAULT '',
    deadline          TEXT NOT NULL DEFAULT '',
    state             TEXT NOT NULL,
    recorded_at       TIMESTAMP NOT NULL,
    recorded_by       TEXT NOT NULL
);
CREATE INDEX project_problems_project ON project_problems (project_code);

CREATE TABLE project_photos (
    id           INTEGER PRIMARY KEY,
    project_code TEXT NOT NULL REFERENCES projects (code),
    period       TEXT NOT NULL,
    caption      TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL,
    thumb        BLOB NOT NULL,
    size         INTEGER NOT NULL,
    uploaded_at  TIMESTAMP NOT NULL,
    uploaded_by  TEXT NOT NULL
);
CREATE INDEX project_photos_project ON project_photos (project_code);
