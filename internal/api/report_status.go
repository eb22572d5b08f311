package api

import (
	"context"
	"net/http"
	"sort"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// statusTimeColumns are the columns of the time-in-status report; with
// by=category the status column is left out.
var statusTimeColumns = []string{"bucket", "userId", "login", "status", "category", "seconds", "count", "minSeconds", "maxSeconds", "avgSeconds"}

// StatusTime serves GET /api/v1/reports/status-time: per bucket, user and
// status (or category), the time spent in it, clipped to the bucket.
func (a *API) StatusTime(w http.ResponseWriter, r *http.Request) {
	tenant := principal(r).Tenant
	p, err := readReportParams(r, tenant)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	q := r.URL.Query()
	byCategory, err := byCategoryParam(q.Get("by"))
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	windows, err := businessWindows(q.Get("dayStart"), q.Get("dayEnd"), q.Get("weekDays"), p)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	st := statusTime{a: a, tenantID: tenant.ID, p: p, windows: windows, byCategory: byCategory}
	a.streamReport(w, r, p, st.columns(), st.run)
}

func byCategoryParam(by string) (bool, error) {
	switch by {
	case "", "status":
		return false, nil
	case "category":
		return true, nil
	}
	return false, activity.Errorf(activity.EInvalid, "by %q is not valid: use status or category", by)
}

// businessWindows reads the optional business hours: dayStart, dayEnd
// (default the whole day) and weekDays (default every day).
func businessWindows(dayStart, dayEnd, weekDays string, p reportParams) ([]activity.Span, error) {
	if dayStart == "" && dayEnd == "" && weekDays == "" {
		return nil, nil
	}
	if dayStart == "" {
		dayStart = "00:00"
	}
	if dayEnd == "" {
		dayEnd = "24:00"
	}
	if weekDays == "" {
		weekDays = "0-6"
	}
	hours, err := activity.ParseBusinessHours(dayStart, dayEnd, weekDays)
	if err != nil {
		return nil, err
	}
	return hours.Windows(p.from, p.to, p.zone), nil
}

// statusTime computes the report user by user, so that only one user's
// events are in memory at a time.
type statusTime struct {
	a          *API
	tenantID   int64
	p          reportParams
	windows    []activity.Span
	byCategory bool
	categories map[string]string
}

func (st *statusTime) columns() []string {
	if st.byCategory {
		return append(append([]string{}, statusTimeColumns[:3]...), statusTimeColumns[4:]...)
	}
	return statusTimeColumns
}

func (st *statusTime) run(ctx context.Context, out *reportWriter) error {
	users, err := reportUsers(ctx, st.a.DB, st.tenantID, st.p.userIDs)
	if err != nil {
		return err
	}
	if st.categories, err = categoriesOf(ctx, st.a.DB, st.tenantID); err != nil {
		return err
	}
	lead, err := st.a.DB.LastStatusesBefore(ctx, st.tenantID, st.p.from, ids(users))
	if err != nil {
		return err
	}
	end := minTime(st.a.DB.Now(), st.p.to)
	starts := st.p.buckets()
	for _, u := range users {
		changes, err := st.changes(ctx, u, lead)
		if err != nil {
			return err
		}
		st.writeUser(out, u, starts, activity.StatusIntervals(changes, end))
	}
	return nil
}

// changes are a user's status changes from the one before the period on.
func (st *statusTime) changes(ctx context.Context, u activity.User, lead map[string]store.StoredStatusEvent) ([]activity.StatusChange, error) {
	var changes []activity.StatusChange
	if e, ok := lead[u.ID]; ok {
		changes = append(changes, activity.StatusChange{Status: e.Status, Time: e.Time})
	}
	f := store.EventFilter{From: st.p.from, To: st.p.to, UserIDs: []string{u.ID}}
	err := st.a.DB.StatusEvents(ctx, st.tenantID, f, func(e store.StoredStatusEvent) error {
		changes = append(changes, activity.StatusChange{Status: e.Status, Time: e.Time})
		return nil
	})
	return changes, err
}

// writeUser clips a user's intervals into cells and writes them, by bucket
// then status.
func (st *statusTime) writeUser(out *reportWriter, u activity.User, starts []time.Time, intervals []activity.Interval) {
	type key struct {
		bucket int
		state  string
	}
	cells := map[key]*activity.Cell{}
	for _, iv := range intervals {
		state := iv.State
		if st.byCategory {
			state = st.category(state)
		}
		activity.Clip(iv, starts, st.p.period(), st.windows, func(b int, d time.Duration) {
			k := key{b, state}
			if cells[k] == nil {
				cells[k] = &activity.Cell{}
			}
			cells[k].Add(d)
		})
	}
	keys := make([]key, 0, len(cells))
	for k := range cells {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		return keys[i].bucket < keys[j].bucket || keys[i].bucket == keys[j].bucket && keys[i].state < keys[j].state
	})
	for _, k := range keys {
		c := cells[k]
		bucket := activity.FormatOffsetTime(starts[k.bucket], st.p.zone)
		figures := []any{seconds(c.Total), c.Count, seconds(c.Min), seconds(c.Max), seconds(c.Average())}
		if st.byCategory {
			out.row(append([]any{bucket, u.ID, u.Login, k.state}, figures...)...)
		} else {
			out.row(append([]any{bucket, u.ID, u.Login, k.state, st.category(k.state)}, figures...)...)
		}
	}
}

// category of a status: from the tenant's definitions, "other" when it has
// none.
func (st *statusTime) category(status string) string {
	if c, ok := st.categories[status]; ok {
		return c
	}
	return activity.CategoryOther
}

func categoriesOf(ctx context.Context, db *store.DB, tenantID int64) (map[string]string, error) {
	defs, err := db.StatusDefinitions(ctx, tenantID)
	out := make(map[string]string, len(defs))
	for _, d := range defs {
		out[d.Name] = d.Category
	}
	return out, err
}

// reportUsers are the users a report covers, by login: the asked ones, or
// all.
func reportUsers(ctx context.Context, db *store.DB, tenantID int64, userIDs []string) ([]activity.User, error) {
	all, err := db.Users(ctx, tenantID)
	if err != nil || userIDs == nil {
		return all, err
	}
	wanted := map[string]bool{}
	for _, id := range userIDs {
		wanted[activity.CanonicalUUID(id)] = true
	}
	var out []activity.User
	for _, u := range all {
		if wanted[u.ID] {
			out = append(out, u)
		}
	}
	return out, nil
}

func ids(users []activity.User) []string {
	out := make([]string, len(users))
	for i, u := range users {
		out[i] = u.ID
	}
	return out
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// streamReport writes a report while run computes it. An error before the
// first row is an ordinary error answer; after it, the connection is cut,
// so that a client never takes a partial report for a whole one.
func (a *API) streamReport(w http.ResponseWriter, r *http.Request, p reportParams, columns []string, run func(context.Context, *reportWriter) error) {
	out := newReportWriter(w, p, columns)
	err := run(r.Context(), out)
	switch {
	case err != nil && !out.sent.any:
		a.WriteError(w, r, err)
	case err != nil:
		a.Log.Warn("report cut short", "path", r.URL.Path, "err", err)
		panic(http.ErrAbortHandler)
	default:
		_ = out.close()
	}
}
