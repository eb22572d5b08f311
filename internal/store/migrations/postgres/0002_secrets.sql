-- Secrets of the installation as a whole, such as the key that signs access
-- tokens: kept in the database so that every instance and every restart
-- share them. Not tenant data, so not keyed by tenant.
CREATE TABLE secrets (
    name       TEXT PRIMARY KEY,
    value      BYTEA NOT NULL,
    created_ms BIGINT NOT NULL
);
