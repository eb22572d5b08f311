-- agentlog's first schema. Times are integer milliseconds since the epoch,
-- UTC. The tenant id leads every primary key and index, so each query of a
-- tenant reads only that tenant's part of an index.
--
-- Text that lists are sorted by is COLLATE "C": byte order, as in SQLite,
-- whatever the database's locale, so both list in the same order.

CREATE TABLE tenants (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    uuid       TEXT NOT NULL UNIQUE,
    slug       TEXT COLLATE "C" NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    time_zone  TEXT NOT NULL,
    created_ms BIGINT NOT NULL
);

CREATE TABLE api_keys (
    tenant_id    BIGINT NOT NULL REFERENCES tenants (id),
    id           TEXT COLLATE "C" NOT NULL,
    name         TEXT NOT NULL,
    secret_hash  BYTEA NOT NULL,
    scopes       TEXT NOT NULL,
    created_ms   BIGINT NOT NULL,
    expires_ms   BIGINT,
    revoked_ms   BIGINT,
    last_used_ms BIGINT,
    PRIMARY KEY (tenant_id, id)
);
-- A key names its tenant only through its public id: this finds it.
CREATE UNIQUE INDEX api_keys_by_public_id ON api_keys (id, tenant_id);

CREATE TABLE users (
    tenant_id  BIGINT NOT NULL REFERENCES tenants (id),
    id         TEXT NOT NULL,
    login      TEXT COLLATE "C" NOT NULL,
    name       TEXT NOT NULL,
    extension  TEXT NOT NULL,
    email      TEXT,
    created_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX users_by_login ON users (tenant_id, login);
CREATE INDEX users_by_extension ON users (tenant_id, extension);

CREATE TABLE user_groups (
    tenant_id BIGINT NOT NULL,
    group_no  TEXT COLLATE "C" NOT NULL,
    user_id   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, group_no, user_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX user_groups_by_user ON user_groups (tenant_id, user_id);

CREATE TABLE status_definitions (
    tenant_id BIGINT NOT NULL REFERENCES tenants (id),
    name      TEXT COLLATE "C" NOT NULL,
    category  TEXT NOT NULL,
    color     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, name)
);

-- seq is the ingestion order (one sequence shared by all tenants): it breaks
-- ties between events of the same millisecond so that pages and cursors are
-- stable.
CREATE TABLE status_events (
    tenant_id   BIGINT NOT NULL,
    seq         BIGINT GENERATED ALWAYS AS IDENTITY,
    id          TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    status      TEXT NOT NULL,
    time_ms     BIGINT NOT NULL,
    received_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE UNIQUE INDEX status_events_by_id ON status_events (tenant_id, id);
CREATE INDEX status_events_by_time ON status_events (tenant_id, time_ms, seq);
-- Serves "events of some users in a period" and "the last status of each
-- user before a time" (one index probe per user).
CREATE INDEX status_events_by_user ON status_events (tenant_id, user_id, time_ms, seq);

CREATE TABLE session_events (
    tenant_id   BIGINT NOT NULL,
    seq         BIGINT GENERATED ALWAYS AS IDENTITY,
    id          TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    action      TEXT NOT NULL,
    queue       TEXT NOT NULL,
    time_ms     BIGINT NOT NULL,
    received_ms BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, seq)
);
CREATE UNIQUE INDEX session_events_by_id ON session_events (tenant_id, id);
CREATE INDEX session_events_by_time ON session_events (tenant_id, time_ms, seq);
CREATE INDEX session_events_by_user ON session_events (tenant_id, user_id, time_ms, seq);

-- created_ms is when the call started, or when it arrived if its start is
-- unknown: the order of call lists.
CREATE TABLE calls (
    tenant_id      BIGINT NOT NULL,
    id             TEXT NOT NULL,
    direction      TEXT NOT NULL,
    from_number    TEXT NOT NULL,
    to_number      TEXT NOT NULL,
    user_id        TEXT,
    extension      TEXT NOT NULL,
    queue          TEXT NOT NULL,
    started_ms     BIGINT,
    answered_ms    BIGINT,
    ended_ms       BIGINT,
    updated_ms     BIGINT NOT NULL,
    created_ms     BIGINT NOT NULL,
    received_ms    BIGINT NOT NULL,
    status         TEXT NOT NULL,
    status_message TEXT,
    outcome        TEXT NOT NULL,
    cost_cents     BIGINT NOT NULL,
    call_data      JSONB,
    incident_id    TEXT,
    link_user_id   TEXT,
    alert_id       TEXT,
    monitor_id     TEXT,
    scheduled_maintenance_id TEXT,
    status_page_id TEXT,
    status_page_announcement_id TEXT,
    on_call_duty_policy_id TEXT,
    on_call_duty_policy_escalation_rule_id TEXT,
    on_call_duty_policy_schedule_id TEXT,
    team_id        TEXT,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX calls_by_created ON calls (tenant_id, created_ms, id);
CREATE INDEX calls_by_started ON calls (tenant_id, started_ms);
CREATE INDEX calls_by_extension ON calls (tenant_id, extension, started_ms);
CREATE INDEX calls_by_user ON calls (tenant_id, user_id, started_ms);
