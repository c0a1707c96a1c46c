-- API tokens get an id to list and revoke them by, their last use (written at most once a
-- minute), an optional expiry and the time of their revocation. SQLite cannot add a primary key
-- to a table, so the table is rebuilt; the tokens keep working.
CREATE TABLE api_tokens_0009 (
    id           INTEGER PRIMARY KEY,
    token_hash   TEXT NOT NULL UNIQUE,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    name         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    revoked      BOOLEAN NOT NULL DEFAULT FALSE,
    last_used_at TIMESTAMP,
    expires_at   TIMESTAMP,
    revoked_at   TIMESTAMP
);
INSERT INTO api_tokens_0009 (token_hash, user_id, name, created_at, revoked)
    SELECT token_hash, user_id, name, created_at, revoked FROM api_tokens ORDER BY created_at, token_hash;
DROP TABLE api_tokens;
ALTER TABLE api_tokens_0009 RENAME TO api_tokens;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- A second factor (TOTP, RFC 6238) per account: the shared secret sealed with the server's key
-- (a dump of the database alone does not give it away), enrolled once a first code confirmed
-- it, and the last time step a code was accepted for, so that no code is taken twice.
CREATE TABLE second_factors (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id),
    secret      TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    enrolled_at TIMESTAMP,
    last_step   BIGINT NOT NULL DEFAULT 0
);

-- One-time recovery codes of a second factor: only their hashes; a used code is deleted.
CREATE TABLE recovery_codes (
    user_id   INTEGER NOT NULL REFERENCES users (id),
    code_hash TEXT NOT NULL,
    PRIMARY KEY (user_id, code_hash)
);
