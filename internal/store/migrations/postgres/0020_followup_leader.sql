-- The leader in charge of a follow-up (挂点/分管领导, issue 13 §2) and its escalation once per
-- overdue episode; subscriptions of an account (the leader's own channel) beside a unit's.

-- leader: the username of the account (role leader) in charge, '' when none.
-- escalated_deadline: the deadline whose passing has been escalated (the owner unit and the
-- leader told); a granted extension moves the deadline on, and its passing is a new episode.
ALTER TABLE followups ADD COLUMN leader TEXT NOT NULL DEFAULT '';
ALTER TABLE followups ADD COLUMN escalated_deadline TEXT NOT NULL DEFAULT '';

-- A subscription names a unit or an account (username): exactly one.
ALTER TABLE notify_subscriptions ALTER COLUMN unit_code DROP NOT NULL;
ALTER TABLE notify_subscriptions ADD COLUMN username TEXT NOT NULL DEFAULT '';
ALTER TABLE notify_subscriptions ADD CONSTRAINT notify_subscriptions_one_recipient CHECK ((unit_code IS NULL) = (username <> ''));
CREATE INDEX notify_subscriptions_user ON notify_subscriptions (username, event_kind);

-- The account a message goes to through its own subscription ('' for a unit's subscriber).
ALTER TABLE outbox ADD COLUMN username TEXT NOT NULL DEFAULT '';
