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
    tenant_id      INTEGER NOT NULL REFERENCES tenants (id),
    id             TEXT NOT NULL,
    url            TEXT NOT NULL,
    kinds          TEXT NOT NULL,
    enabled        INTEGER NOT NULL,
    secret_sealed  BLOB NOT NULL,
    created_ms     INTEGER NOT NULL,
    updated_ms     INTEGER NOT NULL,
    pos_status     INTEGER NOT NULL,
    pos_session    INTEGER NOT NULL,
    pos_call       INTEGER NOT NULL,
    lease_owner    TEXT NOT NULL DEFAULT '',
    lease_until_ms INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
) WITHOUT ROWID;

-- seq numbers the attempts of one webhook (MAX+1 under the webhook row's
-- lock), newest last; the log keeps the latest attempts only.
CREATE TABLE webhook_deliveries (
    tenant_id   INTEGER NOT NULL,
    webhook_id  TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    delivery_id TEXT NOT NULL,
    event_ids   TEXT NOT NULL,
    attempt     INTEGER NOT NULL,
    time_ms     INTEGER NOT NULL,
    duration_ms INTEGER NOT NULL,
    status_code INTEGER NOT NULL,
    error       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, webhook_id, seq),
    FOREIGN KEY (tenant_id, webhook_id) REFERENCES webhooks (tenant_id, id) ON DELETE CASCADE
) WITHOUT ROWID;
