package store

import (
	"context"
	"database/sql"
	"time"

	"agentlog/internal/activity"
)

// LastStatusesBefore returns, by user id, each user's last status event
// before t: the status a report's period starts in. It probes the
// (tenant, user, time) index once per user rather than reading the
// tenant's history. Users without a status before t are absent; userIDs
// nil means every user of the tenant.
func (db *DB) LastStatusesBefore(ctx context.Context, tenantID int64, t time.Time, userIDs []string) (map[string]StoredStatusEvent, error) {
	w := newWhere()
	w.add("u.tenant_id = ?", tenantID)
	before := w.arg(t.UnixMilli())
	if userIDs != nil {
		w.in("u.id", userIDs)
	}
	query := `SELECT e.seq, e.id, e.user_id, u.login, e.status, e.time_ms FROM users u
		JOIN status_events e ON e.tenant_id = u.tenant_id AND e.seq = (
			SELECT l.seq FROM status_events l WHERE l.tenant_id = u.tenant_id AND l.user_id = u.id AND l.time_ms < ` + before + `
			ORDER BY l.time_ms DESC, l.seq DESC LIMIT 1)
		WHERE ` + w.String()
	out := map[string]StoredStatusEvent{}
	err := db.each(ctx, query, w.args, func(rows *sql.Rows) error {
		var e StoredStatusEvent
		var ms int64
		if err := rows.Scan(&e.Seq, &e.ID, &e.User.ID, &e.User.Login, &e.Status, &ms); err != nil {
			return err
		}
		e.Time = activity.FromMillis(ms)
		out[e.User.ID] = e
		return nil
	})
	return out, err
}
