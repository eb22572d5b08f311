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
	query := db.eventQuery("e.seq, e.id, e.user_id, e.status, e.time_ms", "status_events", w, f)
	return db.eachEvent(ctx, tenantID, f, query, w.args, func(rows *sql.Rows, logins map[string]string) error {
		var e StoredStatusEvent
		var ms int64
		if err := rows.Scan(&e.Seq, &e.ID, &e.User.ID, &e.Status, &ms, &e.User.Login); err != nil {
			return err
		}
		if !fillLogin(&e.User, logins) {
			return nil
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
	query := db.eventQuery("e.seq, e.id, e.user_id, e.action, e.queue, e.time_ms", "session_events", w, f)
	return db.eachEvent(ctx, tenantID, f, query, w.args, func(rows *sql.Rows, logins map[string]string) error {
		var e StoredSessionEvent
		var ms int64
		if err := rows.Scan(&e.Seq, &e.ID, &e.User.ID, &e.Action, &e.Queue, &ms, &e.User.Login); err != nil {
			return err
		}
		if !fillLogin(&e.User, logins) {
			return nil
		}
		e.Time = activity.FromMillis(ms)
		return fn(e)
	})
}

// eventQuery selects columns of the events of table (as e) that w
// selects, in time order, and last their user's login. A page (f.Limit) is
// chosen first by seq alone, from the by-time (or by-user) index, and only
// its rows are then read from the table and joined to their users: with an
// OFFSET, reading every skipped row and looking its user up made the status
// page's tenth page cost ten times its first (36 % of its time went to
// those lookups). Every event's user exists (ingestion creates it, nothing
// deletes users), so skipping rows before the users join skips the same
// rows as after it. A stream (no limit) does not join users at all: its
// login column is empty and eachEvent fills it.
func (db *DB) eventQuery(columns, table string, w *where, f EventFilter) string {
	const order = ` ORDER BY e.time_ms, e.seq`
	events := table + ` e` + db.userIndexHint(table, f)
	if f.Limit <= 0 {
		return `SELECT ` + columns + `, '' FROM ` + events + ` WHERE ` + w.String() + order
	}
	page := `SELECT e.seq FROM ` + events + ` WHERE ` + w.String() + order + limitClause(w, f)
	return `SELECT ` + columns + `, u.login FROM (` + page + `) page JOIN ` + table + ` e ON e.tenant_id = $1 AND e.seq = page.seq` +
		` JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.user_id` + order
}

// eachEvent runs an event query from eventQuery and hands each row to scan.
// A stream (no f.Limit) first reads the logins of its users (of f's users,
// or of the tenant's) into a map, in one read transaction with the events,
// so that both reads see the same moment and every event's user is in the
// map. Looking the user up row by row in the query was one of the two
// index seeks per row that took 38 % of a streamed export's profile (W5),
// and a tenant has far fewer users than events. A page joins its
// users in the query; its scan gets a nil map.
func (db *DB) eachEvent(ctx context.Context, tenantID int64, f EventFilter, query string, args []any,
	scan func(rows *sql.Rows, logins map[string]string) error) error {
	if f.Limit > 0 {
		return db.each(ctx, query, args, func(rows *sql.Rows) error { return scan(rows, nil) })
	}
	opts := &sql.TxOptions{ReadOnly: true}
	if db.dialect == postgresDialect {
		opts.Isolation = sql.LevelRepeatableRead // one snapshot for both statements
	}
	tx, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	logins, err := readLogins(ctx, tx, tenantID, f.UserIDs)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows, logins); err != nil {
			return err
		}
	}
	return rows.Err()
}

// readLogins maps the ids of the given users (nil: all the tenant's) to
// their logins.
func readLogins(ctx context.Context, tx *sql.Tx, tenantID int64, userIDs []string) (map[string]string, error) {
	w := newWhere()
	w.add("tenant_id = ?", tenantID)
	if userIDs != nil {
		w.in("id", canonicalIDs(userIDs))
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, login FROM users WHERE `+w.String(), w.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	logins := map[string]string{}
	for rows.Next() {
		var id, login string
		if err := rows.Scan(&id, &login); err != nil {
			return nil, err
		}
		logins[id] = login
	}
	return logins, rows.Err()
}

// fillLogin sets u.Login from logins, and reports false, for the event to
// be skipped as the users join would skip it, when the user does not exist.
// A nil map (a page) leaves the login the query read.
func fillLogin(u *activity.UserRef, logins map[string]string) bool {
	if logins == nil {
		return true
	}
	login, ok := logins[u.ID]
	u.Login = login
	return ok
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
