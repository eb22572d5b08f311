package api

import (
	"context"
	"net/http"
	"slices"
	"strings"
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

// statusTime computes the report a few users at a time, so that only
// their events are in memory at once.
type statusTime struct {
	a          *API
	tenantID   int64
	p          reportParams
	windows    []activity.Span
	byCategory bool
	categories map[string]string
	starts     []time.Time
	labels     []string // the buckets' starts as written, filled as they are needed
}

func (st *statusTime) columns() []string {
	if st.byCategory {
		return append(append([]string{}, statusTimeColumns[:3]...), statusTimeColumns[4:]...)
	}
	return statusTimeColumns
}

// usersPerQuery is how many users' events one query reads: few queries,
// and memory bounded by a few dozen users' events of the period.
const usersPerQuery = 32

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
	st.starts = st.p.buckets()
	st.labels = make([]string, len(st.starts))
	for i := 0; i < len(users); i += usersPerQuery {
		some := users[i:min(i+usersPerQuery, len(users))]
		changes, err := st.changes(ctx, some, lead)
		if err != nil {
			return err
		}
		for _, u := range some {
			st.writeUser(out, u, activity.StatusIntervals(changes[u.ID], end))
		}
	}
	return nil
}

// changes are some users' status changes, by user id, each from the one
// before the period on.
func (st *statusTime) changes(ctx context.Context, users []activity.User, lead map[string]store.StoredStatusEvent) (map[string][]activity.StatusChange, error) {
	out := make(map[string][]activity.StatusChange, len(users))
	for _, u := range users {
		if e, ok := lead[u.ID]; ok {
			out[u.ID] = append(out[u.ID], activity.StatusChange{Status: e.Status, Time: e.Time})
		}
	}
	err := st.a.DB.UserStatusChanges(ctx, st.tenantID, st.p.from, st.p.to, ids(users), func(userID string, c activity.StatusChange) error {
		out[userID] = append(out[userID], c)
		return nil
	})
	return out, err
}

// stateCell sums a user's time in one state within one bucket.
type stateCell struct {
	state string
	activity.Cell
}

// writeUser clips a user's intervals into cells and writes them, by bucket
// then state. The intervals are in time order and do not overlap, so Clip
// hands out their parts in bucket order: a bucket's cells are complete,
// and written, as soon as a part of a later bucket comes.
func (st *statusTime) writeUser(out *reportWriter, u activity.User, intervals []activity.Interval) {
	bucket, cells := -1, []stateCell(nil)
	for _, iv := range intervals {
		state := iv.State
		if st.byCategory {
			state = st.category(state)
		}
		activity.Clip(iv, st.starts, st.p.period(), st.windows, func(b int, d time.Duration) {
			if b != bucket {
				st.writeCells(out, u, bucket, cells)
				bucket, cells = b, cells[:0]
			}
			cells = addToCell(cells, state, d)
		})
	}
	st.writeCells(out, u, bucket, cells)
}

// addToCell adds d to the state's cell among a bucket's few cells.
func addToCell(cells []stateCell, state string, d time.Duration) []stateCell {
	for i := range cells {
		if cells[i].state == state {
			cells[i].Add(d)
			return cells
		}
	}
	c := stateCell{state: state}
	c.Add(d)
	return append(cells, c)
}

// writeCells writes one bucket's cells of a user, by state.
func (st *statusTime) writeCells(out *reportWriter, u activity.User, bucket int, cells []stateCell) {
	if len(cells) == 0 {
		return
	}
	slices.SortFunc(cells, func(a, b stateCell) int { return strings.Compare(a.state, b.state) })
	if st.labels[bucket] == "" {
		st.labels[bucket] = activity.FormatOffsetTime(st.starts[bucket], st.p.zone)
	}
	for _, c := range cells {
		out.begin()
		out.text(st.labels[bucket])
		out.text(u.ID)
		out.text(u.Login)
		out.text(c.state)
		if !st.byCategory {
			out.text(st.category(c.state))
		}
		out.seconds(c.Total)
		out.count(c.Count)
		out.seconds(c.Min)
		out.seconds(c.Max)
		out.seconds(c.Average())
		out.end()
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
