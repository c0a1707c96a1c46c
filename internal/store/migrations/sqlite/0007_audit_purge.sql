-- The audit log: append-only against REPLACE too, and one door out for rows past retention.
--
-- INSERT OR REPLACE (and REPLACE INTO) with an id that exists deletes the old row without firing
-- DELETE triggers (recursive_triggers is off): an insert that names an existing id is refused.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_log WHERE id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

-- How long audit rows are kept, in days (no row: 180). Never less than 180.
CREATE TABLE audit_retention (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    days INTEGER NOT NULL CHECK (days >= 180)
);

-- The purge's permit: during a purge it names the purge's own audit row (audit.purge), which
-- must be the newest row of the log; the purge removes its permit before it commits.
CREATE TABLE audit_purge_gate (
    audit_id INTEGER PRIMARY KEY
);

-- A row leaves only when it is older than the retention by the database's own clock, is not the
-- record of a purge, and a permit names the newest row of the log, an audit.purge row: a purge
-- that deletes anything has first written its own audit row, which stays.
DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT (
    OLD.action <> 'audit.purge'
    AND OLD.recorded_at < strftime('%Y-%m-%dT%H:%M:%fZ', 'now',
        '-' || max(180, coalesce((SELECT days FROM audit_retention WHERE id = 1), 180)) || ' days')
    AND EXISTS (SELECT 1 FROM audit_purge_gate g JOIN audit_log p ON p.id = g.audit_id
                WHERE p.action = 'audit.purge' AND p.id = (SELECT max(id) FROM audit_log))
)
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
