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
	for i, u := range p.users {
		var changes []activity.SessionChange
		f := store.EventFilter{From: p.from.Add(-timeout), To: p.to, UserIDs: []string{u.ID}}
		err := w.DB.SessionEvents(ctx, tenant.ID, f, func(e store.StoredSessionEvent) error {
			changes = append(changes, activity.SessionChange{Action: e.Action, Queue: e.Queue, Time: e.Time})
			return nil
		})
		if err != nil {
			return t, err
		}
		for _, iv := range activity.SessionIntervals(changes, end, timeout) {
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
