package store

import (
	"context"
	"database/sql"
	"time"

	"agentlog/internal/activity"
)

// Presence is where one user stands at a time: the last status picked and
// whether they are logged in.
type Presence struct {
	User        activity.User // without email and groups
	Status      *string       // nil: the user never had a status; "": cleared
	StatusSince time.Time     // the time of the last status event
	Category    string        // of the status's definition: "" with Status nil
	Color       string
	Session     activity.SessionState
}

// Presence lists every user of a tenant, by login, as they stand at asOf
// (events stamped at asOf or later are not in effect yet). The last status
// takes one probe of status_events_by_user per user. The sessions come
// from the session events of the last two timeouts alone: a session open
// at asOf began within one timeout, and whether a logout then closed a
// queue's session or the session without queue depends on logins within
// one timeout before it. The start of a logged-in span looks back as far.
func (db *DB) Presence(ctx context.Context, tenantID int64, asOf time.Time, timeout time.Duration) ([]Presence, error) {
	list, err := db.currentStatuses(ctx, tenantID, asOf)
	if err != nil {
		return nil, err
	}
	changes := map[string][]activity.SessionChange{}
	f := EventFilter{From: asOf.Add(-2*timeout + time.Millisecond), To: asOf}
	err = db.SessionEvents(ctx, tenantID, f, func(e StoredSessionEvent) error {
		changes[e.User.ID] = append(changes[e.User.ID], activity.SessionChange{Action: e.Action, Queue: e.Queue, Time: e.Time})
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Session = activity.CurrentSession(changes[list[i].User.ID], asOf, timeout)
	}
	return list, nil
}

// currentStatuses lists a tenant's users by login with their last status
// event before asOf. The correlated subquery finds that event's seq
// with one descent of status_events_by_user (tenant, user, time, seq) per
// user, never a scan of the events; the join then fetches it by primary key.
func (db *DB) currentStatuses(ctx context.Context, tenantID int64, asOf time.Time) ([]Presence, error) {
	query := `SELECT u.id, u.login, u.name, u.extension, e.status, e.time_ms, d.category, d.color
		FROM users u
		LEFT JOIN status_events e ON e.tenant_id = u.tenant_id AND e.seq = (
			SELECT l.seq FROM status_events l
			WHERE l.tenant_id = u.tenant_id AND l.user_id = u.id AND l.time_ms < $2
			ORDER BY l.time_ms DESC, l.seq DESC LIMIT 1)
		LEFT JOIN status_definitions d ON d.tenant_id = e.tenant_id AND d.name = e.status
		WHERE u.tenant_id = $1
		ORDER BY u.login`
	list := []Presence{}
	err := db.each(ctx, query, []any{tenantID, asOf.UnixMilli()}, func(rows *sql.Rows) error {
		var p Presence
		var status, category, color sql.NullString
		var since sql.NullInt64
		if err := rows.Scan(&p.User.ID, &p.User.Login, &p.User.Name, &p.User.Extension, &status, &since, &category, &color); err != nil {
			return err
		}
		if status.Valid {
			p.Status, p.StatusSince = &status.String, activity.FromMillis(since.Int64)
			p.Category, p.Color = activity.CategoryOther, activity.UndefinedColor
			if category.Valid {
				p.Category, p.Color = category.String, color.String
			}
		}
		list = append(list, p)
		return nil
	})
	return list, err
}
