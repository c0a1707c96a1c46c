-- The cadence (issue 13): meetings of the weekly dispatch, follow-ups (督办事项) and their history,
-- the analyst's agenda items and order, and the frozen semi-monthly snapshots (半月研判).

-- A dispatch meeting (周调度会) as recorded: its ISO week, the day held, chair and attendees.
CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    week        TEXT NOT NULL,           -- YYYY-Www
    held_on     TEXT NOT NULL,           -- YYYY-MM-DD
    chair       TEXT NOT NULL,
    attendees   TEXT NOT NULL,           -- one name a line
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX meetings_region ON meetings (region_code, held_on);

-- A follow-up: state open | in_progress | done (overdue is derived from the deadline); a
-- meeting's decision names its meeting. version moves on with each change (conditional writes).
CREATE TABLE followups (
    id                 INTEGER PRIMARY KEY,
    region_code        TEXT NOT NULL REFERENCES regions (code),
    meeting_id         INTEGER REFERENCES meetings (id),
    title              TEXT NOT NULL,
    owner_unit         TEXT NOT NULL REFERENCES units (code),
    cooperating        TEXT NOT NULL,     -- unit codes, comma-separated
    deadline           TEXT NOT NULL,     -- YYYY-MM-DD
    link_kind          TEXT NOT NULL,     -- '' | indicator | project | lead | enterprise
    link_ref           TEXT NOT NULL,
    state              TEXT NOT NULL CHECK (state IN ('open', 'in_progress', 'done')),
    extension_deadline TEXT,              -- a pending extension request
    extension_reason   TEXT NOT NULL,
    version            INTEGER NOT NULL,
    created_by         TEXT NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    closed_at          TIMESTAMP
);
CREATE INDEX followups_region ON followups (region_code, deadline);

-- Every step of a follow-up: reply, close, return, extension request / approval / refusal.
CREATE TABLE followup_events (
    id          INTEGER PRIMARY KEY,
    followup_id INTEGER NOT NULL REFERENCES followups (id),
    kind        TEXT NOT NULL,
    text        TEXT NOT NULL,
    deadline    TEXT,                     -- the deadline asked for or granted
    actor       TEXT NOT NULL,
    unit_code   TEXT NOT NULL,
    at          TIMESTAMP NOT NULL
);
CREATE INDEX followup_events_followup ON followup_events (followup_id, id);

-- Photos attached to a reply.
CREATE TABLE followup_photos (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES followup_events (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL
);

-- Items the analyst placed on a week's agenda: added ones (added = TRUE) and the order of all
-- (position); items the data brings and no row names come after, in their own order.
CREATE TABLE agenda_items (
    region_code TEXT NOT NULL REFERENCES regions (code),
    week        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    ref         TEXT NOT NULL,
    title       TEXT NOT NULL,
    position    INTEGER NOT NULL,
    added       BOOLEAN NOT NULL,
    PRIMARY KEY (region_code, week, kind, ref)
);

-- A semi-monthly snapshot: frozen once taken (the triggers refuse UPDATE and DELETE); one a
-- region and day. body is the snapshot's scorecard as JSON.
CREATE TABLE snapshots (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    taken_on    TEXT NOT NULL,            -- YYYY-MM-DD
    period      TEXT NOT NULL,            -- YYYY-MM: the figures' period
    body        TEXT NOT NULL,
    taken_by    TEXT NOT NULL,
    taken_at    TIMESTAMP NOT NULL,
    UNIQUE (region_code, taken_on)
);
CREATE TRIGGER snapshots_no_update BEFORE UPDATE ON snapshots
BEGIN SELECT RAISE(ABORT, 'snapshots are frozen once taken'); END;
CREATE TRIGGER snapshots_no_delete BEFORE DELETE ON snapshots
BEGIN SELECT RAISE(ABORT, 'snapshots are frozen once taken'); END;

-- The analyst's notes on a snapshot's risk list: appended, the latest per indicator shown.
CREATE TABLE snapshot_notes (
    id             INTEGER PRIMARY KEY,
    snapshot_id    INTEGER NOT NULL REFERENCES snapshots (id),
    indicator_code TEXT NOT NULL,
    note           TEXT NOT NULL,
    actor          TEXT NOT NULL,
    at             TIMESTAMP NOT NULL
);
