-- The audit log: append-only against TRUNCATE too, and one door out for rows past retention.
-- Deployments run `pacer serve` as a role that may only INSERT and SELECT it (`pacer db grant`);
-- the triggers hold against the owner's own connection as well.

-- How long audit rows are kept, in days (no row: 180). Never less than 180.
CREATE TABLE audit_retention (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    days INTEGER NOT NULL CHECK (days >= 180)
);

-- The purge's permit: during a purge it names the purge's own audit row (audit.purge), which
-- must be the newest row of the log; the purge removes its permit before it commits.
CREATE TABLE audit_purge_gate (
    audit_id BIGINT PRIMARY KEY
);

-- A row leaves only when it is older than the retention by the database's clock, is not the
-- record of a purge, and a permit names the newest row of the log, an audit.purge row: a purge
-- that deletes anything has first written its own audit row, which stays. UPDATE never passes.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.action <> 'audit.purge'
           AND OLD.recorded_at < now() - make_interval(days => GREATEST(180,
                   COALESCE((SELECT days FROM audit_retention WHERE id = 1), 180)))
           AND EXISTS (SELECT 1 FROM audit_purge_gate g JOIN audit_log p ON p.id = g.audit_id
                       WHERE p.action = 'audit.purge' AND p.id = (SELECT max(id) FROM audit_log)) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE FUNCTION audit_log_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_no_truncate();
