package web

import (
	"context"
	"net/http"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/web/chart"
)

// CallsReport serves GET /reports/calls: calls per bucket (hourly by
// default) or per agent, answered and unanswered. The database sums them
// per quarter hour (store.CallTotals, as the API's calls report does); the
// quarters roll up into the zone's buckets here.
func (w *Web) CallsReport(rw http.ResponseWriter, r *http.Request, v *Visit) {
	w.serveReport(rw, r, v, "calls", "1h", "bucket", func(ctx context.Context, p reportParams) (table, error) {
		return w.callsPerBucket(ctx, v.Tenant.ID, p)
	})
}

var callSeries = []chart.Series{{Name: "answered", Color: "#1e7b34"}, {Name: "unanswered", Color: "#c0392b"}}

func (w *Web) callsPerBucket(ctx context.Context, tenantID int64, p reportParams) (table, error) {
	f := store.CallTotalsFilter{From: p.from, To: p.to}
	switch p.form.Direction {
	case "":
		p.form.Direction, f.Direction = activity.Inbound, activity.Inbound
	case "all":
	case activity.Inbound, activity.Outbound, activity.Internal:
		f.Direction = p.form.Direction
	default:
		return table{}, activity.Errorf(activity.EInvalid, "direction %q is not valid: use inbound, outbound, internal or all", p.form.Direction)
	}
	if p.form.Group != "" {
		f.UserIDs = p.userIDs()
	}
	byUser := p.form.View == "user"
	if byUser {
		f.GroupBy = store.ByUser
	}
	f.Whole = byUser || p.whole // no buckets: one row per agent, or one in all
	index := map[string]int{}
	for i, u := range p.users {
		index[u.ID] = i
	}
	n := len(p.starts)
	if byUser {
		n = len(p.users) + 1 // the last row: calls no agent took
	}
	counts := make([][2]float64, n)
	err := w.DB.CallTotals(ctx, tenantID, f, func(row store.CallTotalsRow) error {
		i := max(0, activity.BucketIndex(p.starts, row.Quarter))
		if byUser {
			var ok bool
			if i, ok = index[row.Group]; !ok {
				i = n - 1
			}
		}
		counts[i][0] += float64(row.Answered)
		counts[i][1] += float64(row.Unanswered())
		return nil
	})
	t := table{First: "Bucket", Series: callSeries}
	if byUser {
		t.First = "Agent"
	}
	for i, c := range counts {
		var row tableRow
		if byUser && i == n-1 {
			row = tableRow{Label: "(no agent)"}
		} else {
			row = rowLabel(p, i)
		}
		if byUser && c[0]+c[1] == 0 {
			continue // agents without calls would only lengthen the chart
		}
		row.Values = []float64{c[0], c[1]}
		t.Rows = append(t.Rows, row)
	}
	return t, err
}
