package store

import "context"

// Optimize refreshes the statistics SQLite's query planner chooses indexes
// by, where they are stale; it is quick when nothing changed much. The
// server calls it hourly, and bulk loads call it when they
// end. PostgreSQL keeps its statistics itself (autovacuum), so there it
// does nothing.
func (db *DB) Optimize(ctx context.Context) error {
	if db.dialect != sqliteDialect {
		return nil
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// analysis_limit makes ANALYZE sample large indexes instead of reading
	// them whole; 0x10002 also analyzes tables that never were.
	if _, err := conn.ExecContext(ctx, `PRAGMA analysis_limit = 1000`); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `PRAGMA optimize = 0x10002`)
	return err
}
