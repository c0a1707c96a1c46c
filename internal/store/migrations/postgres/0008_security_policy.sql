-- The security policy the security administrator (secadmin) sets: password rules, lockout,
-- session timeouts, which roles need a second factor. One row per setting (domain.PolicySettingNames);
-- a setting without a row has its default. Every change is audited with old → new.
CREATE TABLE security_policy (
    name       TEXT NOT NULL PRIMARY KEY,
    value      TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMPTZ NOT NULL
);
