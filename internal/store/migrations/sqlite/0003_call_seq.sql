-- seq is the change order of calls, the one kind of row that changes: every
-- insert and every replace of a call takes the tenant's next value
-- (MAX(seq) + 1 under the single writer, as for events), so that a reader
-- following seq (GET /api/v1/stream) sees each new and each changed call
-- once more. The calls stored already are numbered in arrival order (rowid).
ALTER TABLE calls ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;
UPDATE calls SET seq = numbered.seq
FROM (SELECT rowid AS row_id, ROW_NUMBER() OVER (PARTITION BY tenant_id ORDER BY rowid) AS seq FROM calls) AS numbered
WHERE calls.rowid = numbered.row_id;
CREATE UNIQUE INDEX calls_by_seq ON calls (tenant_id, seq);
