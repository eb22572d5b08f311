package store

import (
	"context"
	"database/sql"

	"agentlog/internal/activity"
)

// StoredStatusEvent is a status event with its place in the ingestion order.
type StoredStatusEvent struct {
	activity.StatusEvent
	Seq int64
}

// StoredSessionEvent is a session event with its place in the ingestion
// order.
type StoredSessionEvent struct {
	activity.SessionEvent
	Seq int64
}

// StatusEvents streams the status events that f selects to fn, in time
// order and, within a millisecond, in ingestion order. Memory does not grow
// with the number of rows.
func (db *DB) StatusEvents(ctx context.Context, tenantID int64, f EventFilter, fn func(StoredStatusEvent) error) error {
	w := eventWhere(tenantID, f)
	if f.Statuses != nil {
		w.in("e.status", f.Statuses)
	}
	query := db.eventQuery("e.seq, e.id, e.user_id, u.login, e.status, e.time_ms", "status_events", w, f)
	return db.each(ctx, query, w.args, func(rows *sql.Rows) error {
		var e StoredStatusEvent
		var ms int64
		if err := rows.Scan(&e.Seq, &e.ID, &e.User.ID, &e.User.Login, &e.Status, &ms); err != nil {
			return err
		}
		e.Time = activity.FromMillis(ms)
		return fn(e)
	})
}

// SessionEvents streams the session events that f selects to fn, ordered
// like StatusEvents.
func (db *DB) SessionEvents(ctx context.Context, tenantID int64, f EventFilter, fn func(StoredSessionEvent) error) error {
	w := eventWhere(tenantID, f)
	if f.Queue != nil {
		w.add("e.queue = ?", *f.Queue)
	}
	if f.Action != "" {
		w.add("e.action = ?", f.Action)
	}
	query := db.eventQuery("e.seq, e.id, e.user_id, u.login, e.action, e.queue, e.time_ms", "session_events", w, f)
	return db.each(ctx, query, w.args, func(rows *sql.Rows) error {
		var e StoredSessionEvent
		var ms int64
		if err := rows.Scan(&e.Seq, &e.ID, &e.User.ID, &e.User.Login, &e.Action, &e.Queue, &ms); err != nil {
			return err
		}
		e.Time = activity.FromMillis(ms)
		return fn(e)
	})
}

// eventQuery selects columns of the events of table (as e, with their
// users as u) that w selects, in time order. A page (f.Limit) is chosen
// first by seq alone, from the by-time (or by-user) index, and only its rows
// are then read from the table: with an OFFSET, reading every skipped row
// and looking its user up made the status page's tenth page cost ten times
// its first (36 % of its time went to those lookups). Every event's user
// exists (ingestion creates it, nothing deletes users), so skipping rows
// before the users join skips the same rows as after it.
func (db *DB) eventQuery(columns, table string, w *where, f EventFilter) string {
	const users = ` JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.user_id`
	const order = ` ORDER BY e.time_ms, e.seq`
	events := table + ` e` + db.userIndexHint(table, f)
	if f.Limit <= 0 {
		return `SELECT ` + columns + ` FROM ` + events + users + ` WHERE ` + w.String() + order
	}
	page := `SELECT e.seq FROM ` + events + ` WHERE ` + w.String() + order + limitClause(w, f)
	return `SELECT ` + columns + ` FROM (` + page + `) page JOIN ` + table + ` e ON e.tenant_id = $1 AND e.seq = page.seq` +
		users + order
}

// fewUsers is how many users a filter may name for their events to be read
// through the by-user index rather than the by-time one.
const fewUsers = 32

// userIndexHint makes SQLite read the events of a few users through the
// (tenant, user, time) index. Without fresh statistics SQLite's planner
// takes the by-time index, which keeps the order but reads every user's
// events of the period: a report of one user over a month then reads the
// whole tenant's month. PostgreSQL's planner has its statistics.
func (db *DB) userIndexHint(table string, f EventFilter) string {
	if db.dialect != sqliteDialect || f.UserIDs == nil || len(f.UserIDs) > fewUsers {
		return ""
	}
	return " INDEXED BY " + table + "_by_user"
}

func eventWhere(tenantID int64, f EventFilter) *where {
	w := newWhere()
	w.add("e.tenant_id = ?", tenantID)
	f.addPeriod(w, "e.time_ms")
	if f.After != nil {
		w.add("(e.time_ms > ? OR (e.time_ms = ? AND e.seq > ?))", f.After.Time, f.After.Time, f.After.Seq)
	}
	return w
}

// each runs a read query and hands every row to scan.
func (db *DB) each(ctx context.Context, query string, args []any, scan func(*sql.Rows) error) error {
	rows, err := db.read.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
