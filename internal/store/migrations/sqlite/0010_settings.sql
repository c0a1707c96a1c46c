-- Settings of the deployment, set by the first-run step (pacer setup, the /setup page): the home
-- county (home_region) and its current year (home_year). One row a key; every change audited.
CREATE TABLE settings (
    key        TEXT NOT NULL PRIMARY KEY,
    value      TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
