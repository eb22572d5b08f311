package store_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// randomCalls makes n calls over two days of extensions 101–104 and two
// agents, with every kind of direction, queue, outcome and ring time.
func randomCalls(t *testing.T, db *store.DB, tenantID int64, n int) []activity.Call {
	t.Helper()
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2025, 3, 29, 0, 0, 0, 0, time.UTC)
	calls := make([]activity.Call, n)
	for i := range calls {
		start := base.Add(time.Duration(r.Int64N(int64(48*time.Hour/time.Millisecond))) * time.Millisecond)
		ring := time.Duration(r.IntN(60)) * time.Second
		c := activity.Call{ID: activity.NameUUID("tally-" + strconv.Itoa(i)), StartedAt: &start,
			Direction: []string{activity.Inbound, activity.Outbound, activity.Internal}[r.IntN(3)],
			Extension: []string{"101", "102", "103", "104", ""}[r.IntN(5)],
			Queue:     []string{"", "", "800"}[r.IntN(3)]}
		if r.IntN(4) == 0 {
			c.User = activity.UserRef{Login: []string{"ann", "bob"}[r.IntN(2)]}
		}
		end := start.Add(ring)
		c.EndedAt = &end
		if r.IntN(3) > 0 {
			c.AnsweredAt = &end
			later := end.Add(time.Minute)
			c.EndedAt = &later
		}
		calls[i] = c
	}
	mustIngestCalls(t, db, tenantID, calls...)
	for i := range calls { // read back the agents' ids
		calls[i] = mustCall(t, db, tenantID, calls[i].ID)
	}
	return calls
}

// bruteTally counts what TallyCalls should, call by call.
func bruteTally(calls []activity.Call, f store.TallyFilter) map[int64][4]int64 {
	out := map[int64][4]int64{}
	for _, c := range calls {
		if !tallied(c, f) {
			continue
		}
		q := c.CreatedAt.UnixMilli() / activity.QuarterMillis
		v := out[q]
		ring := c.EndedAt.Sub(*c.StartedAt)
		switch {
		case c.AnsweredAt != nil:
			v[0]++
		case ring >= f.MinUnansweredRing:
			v[1]++
		}
		if c.Direction == activity.Inbound {
			v[2]++
		} else if c.Direction == activity.Outbound {
			v[3]++
		}
		out[q] = v
	}
	return out
}

func tallied(c activity.Call, f store.TallyFilter) bool {
	if c.CreatedAt.Before(f.From) || !c.CreatedAt.Before(f.To) || f.ExcludeQueue && c.Queue != "" {
		return false
	}
	if f.Direction == "external" && c.Direction == activity.Internal || f.Direction == activity.Internal && c.Direction != activity.Internal {
		return false
	}
	if len(f.Handlers) == 0 {
		return c.User.ID != "" || c.Extension != ""
	}
	for _, h := range f.Handlers {
		if !contains(h.UserIDs, c.User.ID) && !contains(h.Extensions, c.Extension) {
			return false
		}
	}
	return true
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s && s != "" {
			return true
		}
	}
	return false
}

func TestTallyCallsMatchesBruteForce(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		calls := randomCalls(t, db, tn.ID, 3000)
		other := mustTenant(t, db, "other")
		randomCalls(t, db, other.ID, 200) // never counted for acme
		ann := users(t, db, tn.ID)[0]
		from, to := time.Date(2025, 3, 29, 6, 7, 0, 0, time.UTC), time.Date(2025, 3, 30, 20, 0, 0, 0, time.UTC)
		filters := map[string]store.TallyFilter{
			"all":                {From: from, To: to},
			"no queue":           {From: from, To: to, ExcludeQueue: true},
			"internal":           {From: from, To: to, Direction: activity.Internal},
			"external":           {From: from, To: to, Direction: "external"},
			"ring of 30 s":       {From: from, To: to, MinUnansweredRing: 30 * time.Second},
			"101 and ann":        {From: from, To: to, Handlers: []store.Handlers{{UserIDs: []string{ann.ID}, Extensions: []string{"101"}}}},
			"group and exts":     {From: from, To: to, Handlers: []store.Handlers{{Extensions: []string{"101", "102"}}, {Extensions: []string{"102", "103"}}}},
			"nobody":             {From: from, To: to, Handlers: []store.Handlers{{}}},
			"everything, 2 days": {From: from.Add(-7 * time.Hour), To: to.Add(7 * time.Hour)},
			// SQLite also bounds the quarters (calls_by_quarter): ends
			// inside a quarter, at a quarter's start, and no period at all.
			"inside one quarter":    {From: from.Add(3*time.Hour + 3*time.Minute + time.Millisecond), To: from.Add(3*time.Hour + 7*time.Minute)},
			"to a quarter's start":  {From: from, To: time.Date(2025, 3, 29, 18, 15, 0, 0, time.UTC)},
			"from a quarter's last": {From: time.Date(2025, 3, 29, 18, 14, 59, 999e6, time.UTC), To: to},
			"empty":                 {From: to, To: to},
			"reversed":              {From: to, To: from},
		}
		for name, f := range filters {
			got, err := db.TallyCalls(t.Context(), tn.ID, f)
			must(t, err)
			want := bruteTally(calls, f)
			if len(got) != len(want) {
				t.Errorf("%s: %d quarters, want %d", name, len(got), len(want))
			}
			for _, g := range got {
				w := want[g.Quarter.UnixMilli()/activity.QuarterMillis]
				if [4]int64{g.Answered, g.Unanswered, g.Inbound, g.Outbound} != w {
					t.Errorf("%s: quarter %s = %+v, want %v", name, g.Quarter, g, w)
				}
			}
		}
	})
}
