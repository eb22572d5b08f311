package store

import (
	"context"
	"database/sql"
	"time"

	"agentlog/internal/activity"
)

// UserStatusChanges streams to fn the status changes of the given users in
// the half-open period [from, to): by user id, and within a user in time
// order (ties in ingestion order), as a time-in-status report walks them.
// Unlike StatusEvents it reads only the status and the time, without the
// users join for the login and without ordering every user's events by
// time together, so a report over many users reads each user's events
// straight from the (tenant, user, time) index. Callers pass a few dozen
// users at a time; an empty list matches nothing.
func (db *DB) UserStatusChanges(ctx context.Context, tenantID int64, from, to time.Time, userIDs []string,
	fn func(userID string, c activity.StatusChange) error) error {
	f := EventFilter{From: from, To: to, UserIDs: userIDs}
	if userIDs == nil {
		f.UserIDs = []string{}
	}
	w := newWhere()
	w.add("e.tenant_id = ?", tenantID)
	f.addPeriod(w, "e.time_ms")
	index := ""
	if db.dialect == sqliteDialect {
		index = " INDEXED BY status_events_by_user" // see userIndexHint
	}
	query := `SELECT e.user_id, e.status, e.time_ms FROM status_events e` + index + `
		WHERE ` + w.String() + ` ORDER BY e.user_id, e.time_ms, e.seq`
	return db.each(ctx, query, w.args, func(rows *sql.Rows) error {
		var userID string
		var c activity.StatusChange
		var ms int64
		if err := rows.Scan(&userID, &c.Status, &ms); err != nil {
			return err
		}
		c.Time = activity.FromMillis(ms)
		return fn(userID, c)
	})
}
