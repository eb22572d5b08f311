package store

import "context"

// Optimize refreshes the statistics the query planner chooses indexes by:
// without them, both databases read a month of a whole tenant to find one
// user's events. The server calls it hourly, and bulk loads call it when
// they end.
func (db *DB) Optimize(ctx context.Context) error {
	if db.dialect == postgresDialect {
		// Autovacuum analyzes too, but only once enough rows changed and it
		// gets round to it; a bulk load wants the statistics now.
		_, err := db.write.ExecContext(ctx, `ANALYZE users, status_events, session_events, calls`)
		return err
	}
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// analysis_limit makes ANALYZE sample large indexes instead of reading
	// them whole; 0x10002 also analyzes tables that never were. It is quick
	// when nothing changed much.
	if _, err := conn.ExecContext(ctx, `PRAGMA analysis_limit = 1000`); err != nil {
		return err
	}
	_, err = conn.ExecContext(ctx, `PRAGMA optimize = 0x10002`)
	return err
}
