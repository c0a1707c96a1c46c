-- Tenancy by region (issue 16): an account's scope, the region it sees with everything below it.
-- NULL is the whole deployment: accounts made before scopes keep seeing everything (a
-- deployment-wide sysadmin stays possible); a reporter's scope is its unit's region.
ALTER TABLE users ADD COLUMN region_code TEXT REFERENCES regions (code);
