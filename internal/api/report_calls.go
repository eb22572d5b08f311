package api

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// callFigureColumns follow a calls report's bucket and group columns.
var callFigureColumns = []string{"offered", "answered", "unanswered", "abandoned", "shortAbandoned", "handled",
	"talkSeconds", "ringSeconds", "averageHandleSeconds", "averageSpeedOfAnswerSeconds", "abandonRate", "serviceLevel"}

// Defaults and bounds of the calls report's parameters.
const (
	defaultServiceLevel = 20 * time.Second
	maxCallSeconds      = 604_800 // a week, as Amazon Connect allows for its threshold
)

// Calls serves GET /api/v1/reports/calls: per bucket (and user, queue or
// extension) the calls offered, answered and abandoned, their talk and ring
// time, average handle time, average speed of answer, abandon rate and
// service level. The database sums the calls per UTC quarter hour and group;
// the quarters roll up into the zone's buckets here, as they stream out.
func (a *API) Calls(w http.ResponseWriter, r *http.Request) {
	tenant := principal(r).Tenant
	p, err := readReportParams(r, tenant)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	cr := callsReport{a: a, tenantID: tenant.ID, p: p}
	if err := cr.readParams(r.URL.Query()); err != nil {
		a.WriteError(w, r, err)
		return
	}
	a.streamReport(w, r, p, cr.columns(), cr.run)
}

type callsReport struct {
	a        *API
	tenantID int64
	p        reportParams
	f        store.CallTotalsFilter
	preset   string
	logins   map[string]string // user id → login, for groupBy=user
}

func (cr *callsReport) readParams(q url.Values) error {
	cr.f = store.CallTotalsFilter{From: cr.p.from, To: cr.p.to, UserIDs: canonicalIDs(cr.p.userIDs)}
	switch g := q.Get("groupBy"); g {
	case "", "none":
	case store.ByUser, store.ByQueue, store.ByExtension:
		cr.f.GroupBy = g
	default:
		return activity.Errorf(activity.EInvalid, "groupBy %q is not valid: use none, user, queue or extension", g)
	}
	switch d := q.Get("direction"); d {
	case "":
		cr.f.Direction = activity.Inbound
	case "all":
	case activity.Inbound, activity.Outbound, activity.Internal:
		cr.f.Direction = d
	default:
		return activity.Errorf(activity.EInvalid, "direction %q is not valid: use inbound, outbound, internal or all", d)
	}
	cr.preset = q.Get("preset")
	if cr.preset == "" {
		cr.preset = activity.PresetGenesys
	} else if !slices.Contains(activity.Presets, cr.preset) {
		return activity.Errorf(activity.EInvalid, "preset %q is not valid: use %s", cr.preset, strings.Join(activity.Presets, ", "))
	}
	var err error
	if cr.f.Rules.Threshold, err = secondsParam(q, "serviceLevel", defaultServiceLevel); err != nil {
		return err
	}
	cr.f.Rules.ShortAbandon, err = secondsParam(q, "shortAbandon", 0)
	return err
}

// secondsParam reads a number of seconds from 0 to a week, kept to the
// millisecond.
func secondsParam(q url.Values, name string, def time.Duration) (time.Duration, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < 0 || v > maxCallSeconds {
		return 0, activity.Errorf(activity.EInvalid, "%s %q is not valid: give seconds from 0 to %d", name, s, maxCallSeconds)
	}
	return time.Duration(math.Round(v*1000)) * time.Millisecond, nil
}

func canonicalIDs(ids []string) []string {
	if ids == nil {
		return nil
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = activity.CanonicalUUID(id)
	}
	return out
}

func (cr *callsReport) columns() []string {
	cols := []string{"bucket"}
	switch cr.f.GroupBy {
	case store.ByUser:
		cols = append(cols, "userId", "login")
	case store.ByQueue, store.ByExtension:
		cols = append(cols, "group")
	}
	return append(cols, callFigureColumns...)
}

// run streams the rows bucket by bucket: the database hands the quarters
// over in order, so a bucket is written as soon as a later one begins.
// Without grouping every bucket has a row, empty ones too; with grouping,
// only the groups that had calls in it.
func (cr *callsReport) run(ctx context.Context, out *reportWriter) error {
	if cr.f.GroupBy == store.ByUser {
		users, err := cr.a.DB.Users(ctx, cr.tenantID)
		if err != nil {
			return err
		}
		cr.logins = make(map[string]string, len(users))
		for _, u := range users {
			cr.logins[u.ID] = u.Login
		}
	}
	starts := cr.p.buckets()
	cur, cells := 0, map[string]*activity.CallTotals{}
	err := cr.a.DB.CallTotals(ctx, cr.tenantID, cr.f, func(row store.CallTotalsRow) error {
		b := max(0, activity.BucketIndex(starts, row.Quarter)) // with bucket=all, a quarter may begin before from
		for ; cur < b; cur++ {
			cr.writeBucket(out, starts[cur], cells)
			cells = map[string]*activity.CallTotals{}
		}
		if cells[row.Group] == nil {
			cells[row.Group] = &activity.CallTotals{}
		}
		cells[row.Group].Add(row.CallTotals)
		return nil
	})
	if err != nil {
		return err
	}
	for ; cur < len(starts); cur++ {
		cr.writeBucket(out, starts[cur], cells)
		cells = nil
	}
	return nil
}

func (cr *callsReport) writeBucket(out *reportWriter, start time.Time, cells map[string]*activity.CallTotals) {
	bucket := activity.FormatOffsetTime(start, cr.p.zone)
	if cr.f.GroupBy == store.ByNone {
		var t activity.CallTotals
		if c := cells[""]; c != nil {
			t = *c
		}
		out.row(append([]any{bucket}, cr.figures(t)...)...)
		return
	}
	groups := make([]string, 0, len(cells))
	for g := range cells {
		groups = append(groups, g)
	}
	if cr.f.GroupBy == store.ByUser { // by login; calls without an agent last
		sort.Slice(groups, func(i, j int) bool {
			a, b := groups[i], groups[j]
			if (a == "") != (b == "") {
				return b == ""
			}
			return cr.logins[a] < cr.logins[b] || cr.logins[a] == cr.logins[b] && a < b
		})
	} else {
		sort.Strings(groups)
	}
	for _, g := range groups {
		row := []any{bucket}
		switch {
		case cr.f.GroupBy != store.ByUser:
			row = append(row, g)
		case g == "":
			row = append(row, nil, nil)
		default:
			row = append(row, g, cr.logins[g])
		}
		out.row(append(row, cr.figures(*cells[g])...)...)
	}
}

// figures are the values of callFigureColumns; a figure whose denominator
// is 0 is nil.
func (cr *callsReport) figures(t activity.CallTotals) []any {
	return []any{t.Offered, t.Answered, t.Unanswered(), t.Abandoned, t.ShortAbandoned, t.Handled,
		millisSeconds(t.TalkMillis), millisSeconds(t.RingMillis),
		optionalSeconds(t.AverageHandle()), optionalSeconds(t.AverageSpeedOfAnswer()),
		optionalRatio(t.AbandonRate()), optionalRatio(t.ServiceLevel(cr.preset))}
}

func millisSeconds(ms int64) float64 { return float64(ms) / 1000 }

func optionalSeconds(d time.Duration, ok bool) any {
	if !ok {
		return nil
	}
	return seconds(d)
}

func optionalRatio(v float64, ok bool) any {
	if !ok {
		return nil
	}
	return v
}
