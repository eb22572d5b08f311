package web

import (
	"context"
	"net/http"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/web/chart"
)

// SessionsReport serves GET /reports/sessions: the hours each agent (or
// each bucket, over the agents) was logged in. A session without a logout
// closes at the tenant's timeout, as in the API's report.
func (w *Web) SessionsReport(rw http.ResponseWriter, r *http.Request, v *Visit) {
	w.serveReport(rw, r, v, "sessions", "all", "user", func(ctx context.Context, p reportParams) (table, error) {
		return w.loginHours(ctx, v.Tenant, p)
	})
}

func (w *Web) loginHours(ctx context.Context, tenant activity.Tenant, p reportParams) (table, error) {
	timeout := sessionTimeout(tenant)
	end := minTime(w.DB.Now(), p.to)
	t := table{First: "Agent", Hours: true, Series: []chart.Series{{Name: "Logged in", Color: "#16324f"}}}
	if p.form.View == "bucket" {
		t.First = "Bucket"
	}
	n := len(p.users)
	if p.form.View == "bucket" {
		n = len(p.starts)
	}
	seconds := make([]float64, n)
	var changes map[string][]activity.SessionChange
	for i, u := range p.users {
		if i%usersPerQuery == 0 {
			var err error
			if changes, err = w.sessionChanges(ctx, tenant.ID, p.users[i:min(i+usersPerQuery, len(p.users))], p.from.Add(-timeout), p.to); err != nil {
				return t, err
			}
		}
		for _, iv := range activity.SessionIntervals(changes[u.ID], end, timeout) {
			activity.Clip(iv, p.starts, p.period(), nil, func(b int, d time.Duration) {
				if p.form.View == "bucket" {
					seconds[b] += d.Seconds()
				} else {
					seconds[i] += d.Seconds()
				}
			})
		}
	}
	for i, s := range seconds {
		row := rowLabel(p, i)
		row.Values = []float64{s}
		t.Rows = append(t.Rows, row)
	}
	return t, nil
}

// sessionChanges reads the session events of some users in [from, to).
func (w *Web) sessionChanges(ctx context.Context, tenantID int64, users []activity.User, from, to time.Time) (map[string][]activity.SessionChange, error) {
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	out := make(map[string][]activity.SessionChange, len(users))
	err := w.DB.SessionEvents(ctx, tenantID, store.EventFilter{From: from, To: to, UserIDs: ids}, func(e store.StoredSessionEvent) error {
		out[e.User.ID] = append(out[e.User.ID], activity.SessionChange{Action: e.Action, Queue: e.Queue, Time: e.Time})
		return nil
	})
	return out, err
}
