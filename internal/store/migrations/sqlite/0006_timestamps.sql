-- Times as timestamps: every stored time becomes RFC 3339 text in UTC to the microsecond at a
-- fixed width (2023-07-01T02:00:00.123000Z), the one format the store writes from now on. Earlier
-- releases let the driver write Go's time.String(): '2023-07-01 10:00:00.123 +0800 CST m=+36.08',
-- whose monotonic-clock suffix and zone make text order differ from time order.
-- Each distinct stored text is converted once in ts_0006, then every column is rewritten from it.
CREATE TEMP TABLE ts_0006 (v TEXT PRIMARY KEY, s TEXT, frac TEXT, off TEXT, utc TEXT);
INSERT OR IGNORE INTO ts_0006 (v)
          SELECT recorded_at FROM import_batches
    UNION SELECT recorded_at FROM targets
    UNION SELECT recorded_at FROM observations
    UNION SELECT recorded_at FROM audit_log
    UNION SELECT locked_until FROM users WHERE locked_until IS NOT NULL
    UNION SELECT created_at FROM users
    UNION SELECT password_changed_at FROM users
    UNION SELECT changed_at FROM password_history
    UNION SELECT created_at FROM sessions
    UNION SELECT last_seen FROM sessions
    UNION SELECT created_at FROM api_tokens
    UNION SELECT submitted_at FROM submissions
    UNION SELECT reviewed_at FROM submissions WHERE reviewed_at IS NOT NULL
    UNION SELECT changed_at FROM periods
    UNION SELECT recorded_at FROM name_mappings
    UNION SELECT recorded_at FROM published_ranks;

-- Already in the stored format.
UPDATE ts_0006 SET utc = v
 WHERE typeof(v) = 'text' AND length(v) = 27
   AND v GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z';

-- Without the monotonic clock reading.
UPDATE ts_0006 SET s = CASE WHEN instr(v, ' m=') > 0 THEN substr(v, 1, instr(v, ' m=') - 1) ELSE v END
 WHERE utc IS NULL AND typeof(v) = 'text';

-- 'YYYY-MM-DD HH:MM:SS[.fraction][ ±hhmm ZONE]': the fraction's digits, then the offset.
UPDATE ts_0006 SET frac = CASE WHEN substr(s, 20, 1) = '.'
        THEN substr(s, 21, instr(substr(s, 21) || ' ', ' ') - 1) ELSE '' END
 WHERE utc IS NULL AND s GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][ T][0-9][0-9]:[0-9][0-9]:[0-9][0-9]*';
UPDATE ts_0006 SET off = substr(s, 20 + CASE WHEN frac = '' THEN 0 ELSE 1 + length(frac) END)
 WHERE frac IS NOT NULL AND frac NOT GLOB '*[^0-9]*';

-- Go's time.String: ' ±hhmm ZONE' after the seconds. SQLite's datetime() takes the offset as ±hh:mm
-- and gives UTC; the fraction is carried over, padded or cut to six digits.
UPDATE ts_0006 SET utc = replace(datetime(substr(s, 1, 10) || ' ' || substr(s, 12, 8)
        || substr(off, 2, 3) || ':' || substr(off, 5, 2)), ' ', 'T') || '.' || substr(frac || '000000', 1, 6) || 'Z'
 WHERE utc IS NULL AND off GLOB ' [+-][0-9][0-9][0-9][0-9]*'
   AND datetime(substr(s, 1, 10) || ' ' || substr(s, 12, 8) || substr(off, 2, 3) || ':' || substr(off, 5, 2)) IS NOT NULL;

-- No zone at all: the time is taken as UTC.
UPDATE ts_0006 SET utc = substr(s, 1, 10) || 'T' || substr(s, 12, 8) || '.' || substr(frac || '000000', 1, 6) || 'Z'
 WHERE utc IS NULL AND off IN ('', 'Z');

-- Anything else SQLite reads as a time (for instance '2023-07-01T10:00:00+08:00'), to the millisecond.
UPDATE ts_0006 SET utc = strftime('%Y-%m-%dT%H:%M:%f', s) || '000Z'
 WHERE utc IS NULL AND strftime('%Y-%m-%dT%H:%M:%f', s) IS NOT NULL;

UPDATE import_batches SET recorded_at = (SELECT utc FROM ts_0006 WHERE v = recorded_at)
 WHERE recorded_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE targets SET recorded_at = (SELECT utc FROM ts_0006 WHERE v = recorded_at)
 WHERE recorded_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE observations SET recorded_at = (SELECT utc FROM ts_0006 WHERE v = recorded_at)
 WHERE recorded_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE users SET locked_until = (SELECT utc FROM ts_0006 WHERE v = locked_until)
 WHERE locked_until IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE users SET created_at = (SELECT utc FROM ts_0006 WHERE v = created_at)
 WHERE created_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE users SET password_changed_at = (SELECT utc FROM ts_0006 WHERE v = password_changed_at)
 WHERE password_changed_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE password_history SET changed_at = (SELECT utc FROM ts_0006 WHERE v = changed_at)
 WHERE changed_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE sessions SET created_at = (SELECT utc FROM ts_0006 WHERE v = created_at)
 WHERE created_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE sessions SET last_seen = (SELECT utc FROM ts_0006 WHERE v = last_seen)
 WHERE last_seen IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE api_tokens SET created_at = (SELECT utc FROM ts_0006 WHERE v = created_at)
 WHERE created_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE submissions SET submitted_at = (SELECT utc FROM ts_0006 WHERE v = submitted_at)
 WHERE submitted_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE submissions SET reviewed_at = (SELECT utc FROM ts_0006 WHERE v = reviewed_at)
 WHERE reviewed_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE periods SET changed_at = (SELECT utc FROM ts_0006 WHERE v = changed_at)
 WHERE changed_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE name_mappings SET recorded_at = (SELECT utc FROM ts_0006 WHERE v = recorded_at)
 WHERE recorded_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
UPDATE published_ranks SET recorded_at = (SELECT utc FROM ts_0006 WHERE v = recorded_at)
 WHERE recorded_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);

-- The audit log is append-only: its guards stand aside for this one rewrite of the time's format.
DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET recorded_at = (SELECT utc FROM ts_0006 WHERE v = recorded_at)
 WHERE recorded_at IN (SELECT v FROM ts_0006 WHERE utc IS NOT NULL AND utc IS NOT v);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

DROP TABLE ts_0006;
