-- The quarter-hour aggregates (XAPI's user activity, the calls report)
-- group a period's calls by created_ms / 900000. Without statistics on that
-- expression the planner takes each call for a group of its own (created_ms
-- is nearly unique), sorts the whole period, on disk once it outgrows
-- work_mem, and groups the sorted rows: 800 ms for a month of 493,190
-- calls. With them it knows a month has about 3,000 quarters and hashes
-- them in memory: 255-320 ms. ANALYZE (Optimize, autovacuum) fills them.
-- (SQLite's 0010 widens status_events_by_user for the time-in-status
-- report; here that report's reading is a small share of its time.)
CREATE STATISTICS calls_by_quarter_stats ON (created_ms / 900000) FROM calls;
