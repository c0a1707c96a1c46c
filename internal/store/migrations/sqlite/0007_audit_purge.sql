-- The audit log: append-only against REPLACE too, and one door out for rows past retention.
--
-- The store never names an audit row's id, and an insert that does is refused: INSERT OR REPLACE
-- (or REPLACE INTO) with an existing id would delete the old row without firing DELETE triggers
-- (recursive_triggers is off), and an id from the future would make the store's own inserts
-- collide later. In a BEFORE INSERT trigger NEW.id is -1 when SQLite is to choose the id, so an
-- explicit -1 is caught after the insert, when NEW.id is the id given.
CREATE TRIGGER audit_log_no_replace BEFORE INSERT ON audit_log
WHEN NEW.id <> -1
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: its ids are the database''s to choose'); END;
CREATE TRIGGER audit_log_own_ids AFTER INSERT ON audit_log
WHEN NEW.id < 1
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: its ids are the database''s to choose'); END;

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
