-- Secrets of the installation as a whole, such as the key that signs access
-- tokens: kept in the database so that every instance and every restart
-- share them. Not tenant data, so not keyed by tenant.
CREATE TABLE secrets (
    name       TEXT PRIMARY KEY,
    value      BLOB NOT NULL,
    created_ms INTEGER NOT NULL
);
