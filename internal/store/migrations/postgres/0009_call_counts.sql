-- call_counts holds how many calls each tenant has of each status in each
-- hour of created_ms (OneUptime's createdAt), so that the call log's exact
-- count of a long period adds up its whole hours here and reads only the
-- partial hours at its ends from calls_by_status (CountCalls): a week of
-- 5,000,000 calls is about 170 rows here instead of 580,000 index entries.
-- 3600000 is an hour in milliseconds; the store writes the same expression.
--
-- The triggers keep it exact in the transaction that changes calls, on
-- every path: new calls, a call replaced by a newer version (which may move
-- it to another status or hour), retention's deletes. A row whose count
-- falls to zero is deleted, so the table holds what GROUP BY over calls
-- would give, no more.
CREATE TABLE call_counts (
    tenant_id    BIGINT NOT NULL,
    status       TEXT NOT NULL,
    created_hour BIGINT NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, status, created_hour)
);

-- Other instances may be writing calls: from here to the commit they wait,
-- so the backfill below misses no call and the triggers count every later
-- one exactly once.
LOCK TABLE calls IN SHARE ROW EXCLUSIVE MODE;

-- The triggers run once per statement and read the statement's rows from
-- its transition tables: a batch of 5,000 calls changes each (tenant,
-- status, hour) row once, not once per call. The changes are applied in
-- key order, so that concurrent batches lock the rows they share in one
-- order instead of deadlocking. An upsert fires both the INSERT trigger
-- (for the new calls) and the UPDATE one (for the replaced calls).
CREATE FUNCTION calls_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO call_counts (tenant_id, status, created_hour, n)
        SELECT tenant_id, status, created_ms / 3600000, COUNT(*) FROM new_calls
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (tenant_id, status, created_hour) DO UPDATE SET n = call_counts.n + excluded.n;
        RETURN NULL;
    END IF;

    IF TG_OP = 'UPDATE' THEN
        INSERT INTO call_counts (tenant_id, status, created_hour, n)
        SELECT tenant_id, status, hour, SUM(d) FROM (
            SELECT tenant_id, status, created_ms / 3600000 AS hour, 1 AS d FROM new_calls
            UNION ALL
            SELECT tenant_id, status, created_ms / 3600000, -1 FROM old_calls) moves
        GROUP BY 1, 2, 3 HAVING SUM(d) <> 0 ORDER BY 1, 2, 3
        ON CONFLICT (tenant_id, status, created_hour) DO UPDATE SET n = call_counts.n + excluded.n;
    ELSE -- DELETE
        INSERT INTO call_counts (tenant_id, status, created_hour, n)
        SELECT tenant_id, status, created_ms / 3600000, -COUNT(*) FROM old_calls
        GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (tenant_id, status, created_hour) DO UPDATE SET n = call_counts.n + excluded.n;
    END IF;
    -- Only the rows of old calls can have fallen to zero.
    DELETE FROM call_counts c
    USING (SELECT DISTINCT tenant_id, status, created_ms / 3600000 AS hour FROM old_calls) o
    WHERE c.tenant_id = o.tenant_id AND c.status = o.status AND c.created_hour = o.hour AND c.n = 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER calls_count_insert AFTER INSERT ON calls
    REFERENCING NEW TABLE AS new_calls FOR EACH STATEMENT EXECUTE FUNCTION calls_count();
CREATE TRIGGER calls_count_update AFTER UPDATE ON calls
    REFERENCING OLD TABLE AS old_calls NEW TABLE AS new_calls FOR EACH STATEMENT EXECUTE FUNCTION calls_count();
CREATE TRIGGER calls_count_delete AFTER DELETE ON calls
    REFERENCING OLD TABLE AS old_calls FOR EACH STATEMENT EXECUTE FUNCTION calls_count();

INSERT INTO call_counts (tenant_id, status, created_hour, n)
SELECT tenant_id, status, created_ms / 3600000, COUNT(*) FROM calls GROUP BY 1, 2, 3;
