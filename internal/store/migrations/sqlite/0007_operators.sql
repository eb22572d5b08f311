-- People who sign in to the web pages, and their sessions. An operator
-- without a tenant is a global one, who may look at every tenant.
CREATE TABLE operators (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER REFERENCES tenants (id),
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    created_ms    INTEGER NOT NULL
);
CREATE INDEX operators_by_tenant ON operators (tenant_id, email);

-- A session is found by the SHA-256 of its cookie's token, so a copy of the
-- database gives no one a session. tenant_id is the tenant a global
-- operator is looking at.
CREATE TABLE web_sessions (
    token_hash  BLOB PRIMARY KEY,
    operator_id INTEGER NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    tenant_id   INTEGER REFERENCES tenants (id),
    csrf_secret BLOB NOT NULL,
    created_ms  INTEGER NOT NULL,
    expires_ms  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_ms);
CREATE INDEX web_sessions_by_operator ON web_sessions (operator_id);

-- A disabled user keeps its history but leaves the wallboard.
ALTER TABLE users ADD COLUMN disabled_ms INTEGER;
