-- Times as timestamps. On PostgreSQL every time column has been timestamptz since 0001, so
-- nothing needs rewriting (SQLite's 0006 does); the number is kept so that both dialects share
-- their migration numbers.
SELECT 1;
