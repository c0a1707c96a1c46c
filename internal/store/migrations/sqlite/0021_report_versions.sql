-- The monthly analysis's edits and versions (issue 14 §3, §7).

-- An analyst's edit of one paragraph of a region's report for a period, in one language:
-- appended, the latest per paragraph applies. text holds the words with the paragraph's numbers
-- as tokens ({{1}} …) bound to the figures; base is the generated paragraph the edit was made on,
-- its numbers tokens too (an edit applies while the generated words are still base). An empty
-- text restores the generated paragraph.
CREATE TABLE report_edits (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    period      TEXT NOT NULL,            -- YYYY-MM
    lang        TEXT NOT NULL,
    para_key    TEXT NOT NULL,
    base        TEXT NOT NULL,
    text        TEXT NOT NULL,
    edited_by   TEXT NOT NULL,
    edited_at   TIMESTAMP NOT NULL
);
CREATE INDEX report_edits_report ON report_edits (region_code, period, lang, para_key, id);

-- A version of a report: a draft (the scheduler's) or a final one (the analyst's), numbered per
-- region and period, with the .docx as it was and the figures it was written from (JSON: key,
-- label, value as displayed) and their fingerprint. Frozen once stored (the triggers refuse
-- UPDATE and DELETE).
CREATE TABLE report_versions (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions (code),
    period      TEXT NOT NULL,
    number      INTEGER NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('draft', 'final')),
    lang        TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    figures     TEXT NOT NULL,
    docx        BLOB NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (region_code, period, number)
);
CREATE TRIGGER report_versions_no_update BEFORE UPDATE ON report_versions
BEGIN SELECT RAISE(ABORT, 'report versions are kept as stored'); END;
CREATE TRIGGER report_versions_no_delete BEFORE DELETE ON report_versions
BEGIN SELECT RAISE(ABORT, 'report versions are kept as stored'); END;
