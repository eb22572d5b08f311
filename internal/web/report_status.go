package web

import (
	"context"
	"net/http"
	"sort"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/web/chart"
)

// StatusTimeReport serves GET /reports/status-time: the time each agent
// (or each bucket, over the agents) spent in each status, as stacked bars
// and a table. Intervals are clipped to the period and the buckets as the
// API's report clips them (activity.Clip).
func (w *Web) StatusTimeReport(rw http.ResponseWriter, r *http.Request, v *Visit) {
	w.serveReport(rw, r, v, "status-time", "all", "user", func(ctx context.Context, p reportParams) (table, error) {
		return w.statusTime(ctx, v.Tenant.ID, p)
	})
}

// statusSums collects seconds per row and status.
type statusSums struct {
	rows   []map[string]float64
	totals map[string]float64
}

func (w *Web) statusTime(ctx context.Context, tenantID int64, p reportParams) (table, error) {
	defs, err := w.DB.StatusDefinitions(ctx, tenantID)
	if err != nil {
		return table{}, err
	}
	lead, err := w.DB.LastStatusesBefore(ctx, tenantID, p.from, p.userIDs())
	if err != nil {
		return table{}, err
	}
	n := len(p.users)
	if p.form.View == "bucket" {
		n = len(p.starts)
	}
	sums := statusSums{rows: make([]map[string]float64, n), totals: map[string]float64{}}
	end := minTime(w.DB.Now(), p.to)
	var changes map[string][]activity.StatusChange
	for i, u := range p.users {
		if i%usersPerQuery == 0 {
			if changes, err = w.statusChanges(ctx, tenantID, p.users[i:min(i+usersPerQuery, len(p.users))], p, lead); err != nil {
				return table{}, err
			}
		}
		for _, iv := range activity.StatusIntervals(changes[u.ID], end) {
			if iv.State == "" {
				continue
			}
			activity.Clip(iv, p.starts, p.period(), nil, func(b int, d time.Duration) {
				row := i
				if p.form.View == "bucket" {
					row = b
				}
				sums.add(row, iv.State, d.Seconds())
			})
		}
	}
	return sums.table(p, defs), nil
}

// usersPerQuery is how many users' events one query reads: few round
// trips, and memory bounded by a few dozen users' events of the period.
const usersPerQuery = 32

// statusChanges reads the status changes of some users over the period,
// each from the one before the period on.
func (w *Web) statusChanges(ctx context.Context, tenantID int64, users []activity.User, p reportParams,
	lead map[string]store.StoredStatusEvent) (map[string][]activity.StatusChange, error) {
	out := make(map[string][]activity.StatusChange, len(users))
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
		if e, ok := lead[u.ID]; ok {
			out[u.ID] = append(out[u.ID], activity.StatusChange{Status: e.Status, Time: e.Time})
		}
	}
	err := w.DB.StatusEvents(ctx, tenantID, store.EventFilter{From: p.from, To: p.to, UserIDs: ids}, func(e store.StoredStatusEvent) error {
		out[e.User.ID] = append(out[e.User.ID], activity.StatusChange{Status: e.Status, Time: e.Time})
		return nil
	})
	return out, err
}

func (s *statusSums) add(row int, status string, seconds float64) {
	if s.rows[row] == nil {
		s.rows[row] = map[string]float64{}
	}
	s.rows[row][status] += seconds
	s.totals[status] += seconds
}

// categoryOrder puts the statuses of a chart in a readable order: working
// first, then away, the rest, offline last.
var categoryOrder = map[string]int{activity.CategoryAvailable: 0, activity.CategoryBusy: 1, activity.CategoryAway: 2,
	activity.CategoryOther: 3, activity.CategoryOffline: 4}

func (s *statusSums) table(p reportParams, defs []activity.StatusDefinition) table {
	byName := map[string]activity.StatusDefinition{}
	for _, d := range defs {
		byName[d.Name] = d
	}
	names := make([]string, 0, len(s.totals))
	for name := range s.totals {
		names = append(names, name)
	}
	rank := func(name string) int {
		if d, ok := byName[name]; ok {
			return categoryOrder[d.Category]
		}
		return categoryOrder[activity.CategoryOther]
	}
	sort.Slice(names, func(i, j int) bool {
		ri, rj := rank(names[i]), rank(names[j])
		return ri < rj || ri == rj && names[i] < names[j]
	})
	t := table{First: "Agent", Hours: true}
	for _, name := range names {
		c := activity.UndefinedColor
		if d, ok := byName[name]; ok {
			c = d.Color
		}
		t.Series = append(t.Series, chart.Series{Name: name, Color: c})
	}
	if p.form.View == "bucket" {
		t.First = "Bucket"
	}
	for i, row := range s.rows {
		tr := rowLabel(p, i)
		for _, name := range names {
			tr.Values = append(tr.Values, row[name])
		}
		t.Rows = append(t.Rows, tr)
	}
	return t
}

// rowLabel names row i: an agent (linked to their day) or a bucket.
func rowLabel(p reportParams, i int) tableRow {
	if p.form.View == "bucket" {
		return tableRow{Label: p.bucketLabel(i)}
	}
	u := p.users[i]
	label := u.Login
	if u.Name != "" {
		label = u.Name
	}
	return tableRow{Label: label, Href: "/agents/" + u.ID + "?date=" + p.form.To}
}
