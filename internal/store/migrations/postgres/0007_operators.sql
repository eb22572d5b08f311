-- People who sign in to the web pages, and their sessions. An operator
-- without a tenant is a global one, who may look at every tenant.
CREATE TABLE operators (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id     BIGINT REFERENCES tenants (id),
    email         TEXT COLLATE "C" NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    created_ms    BIGINT NOT NULL
);
CREATE INDEX operators_by_tenant ON operators (tenant_id, email);

-- A session is found by the SHA-256 of its cookie's token, so a copy of the
-- database gives no one a session. tenant_id is the tenant a global
-- operator is looking at.
CREATE TABLE web_sessions (
    token_hash  BYTEA PRIMARY KEY,
    operator_id BIGINT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    tenant_id   BIGINT REFERENCES tenants (id),
    csrf_secret BYTEA NOT NULL,
    created_ms  BIGINT NOT NULL,
    expires_ms  BIGINT NOT NULL
);
CREATE INDEX web_sessions_by_expiry ON web_sessions (expires_ms);
CREATE INDEX web_sessions_by_operator ON web_sessions (operator_id);

-- A disabled user keeps its history but leaves the wallboard.
ALTER TABLE users ADD COLUMN disabled_ms BIGINT;
