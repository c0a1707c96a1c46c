-- A counter every write transaction increments: readers compare it to know whether what they
-- cached from the database is still current.
CREATE TABLE data_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    n  BIGINT NOT NULL
);
INSERT INTO data_version (id, n) VALUES (1, 0);
