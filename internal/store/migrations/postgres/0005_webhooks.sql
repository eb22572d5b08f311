-- Outbound webhooks: a tenant's subscriptions, and the log of every attempt
-- to deliver to them.
--
-- secret_sealed is the subscription's signing secret, encrypted with the
-- installation's key (secrets table, name 'webhook-secrets') and bound to
-- the tenant and id; it is never shown again after the answer that made it.
-- pos_* is the feed position acknowledged by the receiver (the seq of the
-- last status event, session event and call delivered): a restart goes on
-- from there. lease_* names the instance delivering now, so that instances
-- sharing one database do not deliver a subscription twice at once.
CREATE TABLE webhooks (
    tenant_id      BIGINT NOT NULL REFERENCES tenants (id),
    id             TEXT COLLATE "C" NOT NULL,
    url            TEXT NOT NULL,
    kinds          TEXT NOT NULL,
    enabled        BIGINT NOT NULL,
    secret_sealed  BYTEA NOT NULL,
    created_ms     BIGINT NOT NULL,
    updated_ms     BIGINT NOT NULL,
    pos_status     BIGINT NOT NULL,
    pos_session    BIGINT NOT NULL,
    pos_call       BIGINT NOT NULL,
    lease_owner    TEXT NOT NULL DEFAULT '',
    lease_until_ms BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);

-- seq numbers the attempts of one webhook (MAX+1 under the webhook row's
-- lock), newest last; the log keeps the latest attempts only.
CREATE TABLE webhook_deliveries (
    tenant_id   BIGINT NOT NULL,
    webhook_id  TEXT COLLATE "C" NOT NULL,
    seq         BIGINT NOT NULL,
    delivery_id TEXT NOT NULL,
    event_ids   TEXT NOT NULL,
    attempt     BIGINT NOT NULL,
    time_ms     BIGINT NOT NULL,
    duration_ms BIGINT NOT NULL,
    status_code BIGINT NOT NULL,
    error       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, webhook_id, seq),
    FOREIGN KEY (tenant_id, webhook_id) REFERENCES webhooks (tenant_id, id) ON DELETE CASCADE
);
