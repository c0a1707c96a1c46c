-- Notifications (issue 13): who receives what, per unit — a subscription names a unit, an event
-- kind ('*' for every kind), a channel (webhook, wecom, dingtalk, feishu, email), the target (a
-- URL or an address) and, for channels that sign, the secret (never shown back on a page).
CREATE TABLE notify_subscriptions (
    id         INTEGER PRIMARY KEY,
    unit_code  TEXT NOT NULL REFERENCES units (code),
    event_kind TEXT NOT NULL,
    channel    TEXT NOT NULL,
    target     TEXT NOT NULL,
    secret     TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notify_subscriptions_unit ON notify_subscriptions (unit_code, event_kind);

-- The outbox: one row per message to deliver, written in the transaction of the event it tells
-- of. A deliverer claims due rows with a lease (lease_owner, lease_until), sends, and marks them
-- sent; a failure is retried with backoff (next_attempt_at) until max attempts, then dead. The
-- idempotency key is the receiver's: the same message always carries the same key.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    subscription_id BIGINT,
    event_kind      TEXT NOT NULL,
    unit_code       TEXT NOT NULL,
    channel         TEXT NOT NULL,
    target          TEXT NOT NULL,
    secret          TEXT NOT NULL DEFAULT '',
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'dead')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_owner     TEXT NOT NULL DEFAULT '',
    lease_until     TIMESTAMP,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    sent_at         TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (state, channel, next_attempt_at, id);

-- The scheduler's record: one row per job and slot (weekly_agenda@2026-W48). The primary key is
-- what makes a slot run once, across restarts and between two servers on one database.
CREATE TABLE job_runs (
    job         TEXT NOT NULL,
    slot        TEXT NOT NULL,
    claimed_by  TEXT NOT NULL,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    outcome     TEXT NOT NULL DEFAULT '',
    attempts    INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (job, slot)
);
