-- calls_by_status counts a period's calls of some statuses (the OneUptime
-- call log's count) from the index. The quarter-hour aggregates need no
-- index of their own here, unlike on SQLite: PostgreSQL scans the period
-- and hashes the groups fast enough.
CREATE INDEX calls_by_status ON calls (tenant_id, status, created_ms);
