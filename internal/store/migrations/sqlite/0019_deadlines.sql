-- Late data (issue 13 §7): submission deadlines set per indicator or per unit (the deployment's
-- default day and the escalation delay are settings), and the notices told once — a reminder
-- to a unit, an escalation to the analyst, the monthly pack to a recipient — keyed so that a
-- second run of a job tells nothing twice.

-- A deadline day (1–31) of the month after a period, for an indicator or a unit (the unit's wins).
CREATE TABLE submission_deadlines (
    scope      TEXT NOT NULL CHECK (scope IN ('indicator', 'unit')),
    code       TEXT NOT NULL,
    day        INTEGER NOT NULL CHECK (day BETWEEN 1 AND 31),
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (scope, code)
);

-- A notice told once: its key (late.remind:UNIT/REGION/INDICATOR/PERIOD, pack:PERIOD:TARGET …)
-- and how many outbox messages it wrote.
CREATE TABLE notices_once (
    key        TEXT NOT NULL PRIMARY KEY,
    messages   INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL
);
