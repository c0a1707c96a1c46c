-- The leader in charge of a follow-up (挂点/分管领导, issue 13 §2) and its escalation once per
-- overdue episode; subscriptions of an account (the leader's own channel) beside a unit's.

-- leader: the username of the account (role leader) in charge, '' when none.
-- escalated_deadline: the deadline whose passing has been escalated (the owner unit and the
-- leader told); a granted extension moves the deadline on, and its passing is a new episode.
ALTER TABLE followups ADD COLUMN leader TEXT NOT NULL DEFAULT '';
ALTER TABLE followups ADD COLUMN escalated_deadline TEXT NOT NULL DEFAULT '';

-- A subscription names a unit or an account (username): exactly one. SQLite cannot drop a NOT
-- NULL, so the table is rebuilt (no table refers to it).
CREATE TABLE notify_subscriptions_0020 (
    id         INTEGER PRIMARY KEY,
    unit_code  TEXT REFERENCES units (code),
    username   TEXT NOT NULL DEFAULT '',
    event_kind TEXT NOT NULL,
    channel    TEXT NOT NULL,
    target     TEXT NOT NULL,
    secret     TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    CHECK ((unit_code IS NULL) = (username <> ''))
);
INSERT INTO notify_subscriptions_0020 (id, unit_code, username, event_kind, channel, target, secret, created_by, created_at)
    SELECT id, unit_code, '', event_kind, channel, target, secret, created_by, created_at FROM notify_subscriptions;
DROP TABLE notify_subscriptions;
ALTER TABLE notify_subscriptions_0020 RENAME TO notify_subscriptions;
CREATE INDEX notify_subscriptions_unit ON notify_subscriptions (unit_code, event_kind);
CREATE INDEX notify_subscriptions_user ON notify_subscriptions (username, event_kind);

-- The account a message goes to through its own subscription ('' for a unit's subscriber).
ALTER TABLE outbox ADD COLUMN username TEXT NOT NULL DEFAULT '';
