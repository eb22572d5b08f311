-- How long a session without a logout stays open before reports close it
-- (and flag it): 12 hours unless the tenant says otherwise.
ALTER TABLE tenants ADD COLUMN session_timeout_ms INTEGER NOT NULL DEFAULT 43200000;
