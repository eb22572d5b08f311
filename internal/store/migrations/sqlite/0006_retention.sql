-- How many days a tenant's events are kept: the server deletes status
-- events, session events and calls older than that in the background.
-- 0 keeps them forever, the default.
ALTER TABLE tenants ADD COLUMN retention_days INTEGER NOT NULL DEFAULT 0;
