package store_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// serviceCalls makes n calls over two days from base with every outcome,
// waits in whole seconds around the thresholds tested (and some with
// milliseconds), calls still running, and calls without a start time.
func serviceCalls(t *testing.T, db *store.DB, tenantID int64, prefix string, n int, base time.Time) []activity.Call {
	t.Helper()
	r := rand.New(rand.NewPCG(3, uint64(len(prefix))))
	calls := make([]activity.Call, n)
	for i := range calls {
		c := activity.Call{ID: activity.NameUUID(prefix + strconv.Itoa(i)),
			Direction: []string{activity.Inbound, activity.Inbound, activity.Outbound, activity.Internal}[r.IntN(4)],
			Extension: []string{"101", "102", "103", ""}[r.IntN(4)],
			Queue:     []string{"", "800", "801"}[r.IntN(3)]}
		if r.IntN(3) > 0 {
			c.User = activity.UserRef{Login: []string{"ann", "bob", "cy"}[r.IntN(3)]}
		}
		calls[i] = c
		if r.IntN(20) == 0 { // no start: arrives at the clock's time
			c.Outcome = activity.Abandoned
			calls[i] = c
			continue
		}
		start := base.Add(time.Duration(r.Int64N(int64(48*time.Hour/time.Millisecond))) * time.Millisecond)
		wait := time.Duration(r.IntN(40)) * time.Second
		if r.IntN(4) == 0 {
			wait += time.Duration(r.IntN(1000)) * time.Millisecond
		}
		after := func(d time.Duration) *time.Time { t := start.Add(d); return &t }
		c.StartedAt = after(0)
		switch k := r.IntN(10); {
		case k < 5: // answered, most of them ended
			c.AnsweredAt = after(wait)
			if k > 0 {
				c.EndedAt = after(wait + time.Duration(r.IntN(600_000))*time.Millisecond)
			}
		case k == 9: // still ringing, or an abandon without an end
			c.Outcome = []string{activity.Unanswered, activity.Abandoned}[r.IntN(2)]
		default:
			c.Outcome = []string{activity.Unanswered, activity.Abandoned, activity.Busy, activity.Failed}[r.IntN(4)]
			c.EndedAt = after(wait)
		}
		calls[i] = c
	}
	mustIngestCalls(t, db, tenantID, calls...)
	for i := range calls { // read back the agents' ids and creation times
		calls[i] = mustCall(t, db, tenantID, calls[i].ID)
	}
	return calls
}

type totalsKey struct {
	quarter int64
	group   string
}

// bruteTotals counts what CallTotals should, call by call.
func bruteTotals(calls []activity.Call, f store.CallTotalsFilter) map[totalsKey]activity.CallTotals {
	out := map[totalsKey]activity.CallTotals{}
	for _, c := range calls {
		if c.StartedAt == nil || c.CreatedAt.Before(f.From) || !c.CreatedAt.Before(f.To) ||
			f.Direction != "" && c.Direction != f.Direction || f.UserIDs != nil && !contains(f.UserIDs, c.User.ID) {
			continue
		}
		k := totalsKey{quarter: c.CreatedAt.UnixMilli() / activity.QuarterMillis}
		switch f.GroupBy {
		case store.ByUser:
			k.group = c.User.ID
		case store.ByQueue:
			k.group = c.Queue
		case store.ByExtension:
			k.group = c.Extension
		}
		tot := out[k]
		tot.Add(activity.CallTotalsOf(c, f.Rules))
		out[k] = tot
	}
	return out
}

func TestCallTotalsMatchBruteForce(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		base := time.Date(2025, 3, 29, 0, 0, 0, 0, time.UTC)
		setNow(db, base.Add(30*time.Hour)) // calls without a start arrive inside the period
		tn := mustTenant(t, db, "acme")
		calls := serviceCalls(t, db, tn.ID, "sl-", 3000, base)
		other := mustTenant(t, db, "other")
		serviceCalls(t, db, other.ID, "other-", 300, base) // never counted for acme
		var ann, bob string
		for _, u := range users(t, db, tn.ID) {
			switch u.Login {
			case "ann":
				ann = u.ID
			case "bob":
				bob = u.ID
			}
		}
		from, to := base.Add(6*time.Hour+7*time.Minute+123*time.Millisecond), base.Add(44*time.Hour)
		rules := activity.CallRules{Threshold: 20 * time.Second, ShortAbandon: 5 * time.Second}
		filters := map[string]store.CallTotalsFilter{
			"all":                   {From: from, To: to, Rules: rules},
			"inbound":               {From: from, To: to, Rules: rules, Direction: activity.Inbound},
			"by user":               {From: from, To: to, Rules: rules, GroupBy: store.ByUser},
			"by queue":              {From: from, To: to, Rules: rules, GroupBy: store.ByQueue, Direction: activity.Inbound},
			"by extension":          {From: from, To: to, Rules: rules, GroupBy: store.ByExtension},
			"ann and bob":           {From: from, To: to, Rules: rules, UserIDs: []string{ann, bob}, GroupBy: store.ByUser},
			"nobody":                {From: from, To: to, Rules: rules, UserIDs: []string{}},
			"no short abandons":     {From: from, To: to, Rules: activity.CallRules{Threshold: 20 * time.Second}},
			"threshold 0":           {From: from, To: to, Rules: activity.CallRules{ShortAbandon: time.Second}},
			"threshold 7.5 s":       {From: from, To: to, Rules: activity.CallRules{Threshold: 7500 * time.Millisecond, ShortAbandon: 7500 * time.Millisecond}},
			"everything, by queue":  {From: base.Add(-time.Hour), To: base.Add(49 * time.Hour), Rules: rules, GroupBy: store.ByQueue},
			"one quarter, inbound":  {From: base.Add(10 * time.Hour), To: base.Add(10*time.Hour + 15*time.Minute), Rules: rules, Direction: activity.Inbound},
			"an empty period, user": {From: base.Add(-48 * time.Hour), To: base.Add(-24 * time.Hour), Rules: rules, GroupBy: store.ByUser},
			"to a quarter's start":  {From: from, To: base.Add(30*time.Hour + 15*time.Minute), Rules: rules, GroupBy: store.ByExtension},
			"inside one quarter":    {From: base.Add(10*time.Hour + time.Minute), To: base.Add(10*time.Hour + 14*time.Minute), Rules: rules},
			"reversed":              {From: to, To: from, Rules: rules},
		}
		for name, f := range filters {
			got := map[totalsKey]activity.CallTotals{}
			last := int64(-1)
			err := db.CallTotals(t.Context(), tn.ID, f, func(r store.CallTotalsRow) error {
				k := totalsKey{r.Quarter.UnixMilli() / activity.QuarterMillis, r.Group}
				if k.quarter < last {
					t.Errorf("%s: quarter %s after a later one", name, r.Quarter)
				}
				if _, dup := got[k]; dup {
					t.Errorf("%s: quarter %s, group %q twice", name, r.Quarter, r.Group)
				}
				last, got[k] = k.quarter, r.CallTotals
				return nil
			})
			must(t, err)
			want := bruteTotals(calls, f)
			if name == "all" {
				mustCoverEveryCase(t, want)
			}
			if len(got) != len(want) {
				t.Errorf("%s: %d rows, want %d", name, len(got), len(want))
			}
			for k, w := range want {
				if g := got[k]; g != w {
					t.Errorf("%s: quarter %d, group %q:\ngot  %+v\nwant %+v", name, k.quarter, k.group, g, w)
				}
			}
		}
	})
}

// mustCoverEveryCase fails unless the random calls give every total some
// calls, so that the comparison is not vacuous.
func mustCoverEveryCase(t *testing.T, rows map[totalsKey]activity.CallTotals) {
	t.Helper()
	var sum activity.CallTotals
	for _, r := range rows {
		sum.Add(r)
	}
	for i, n := range []int64{sum.Offered, sum.Answered, sum.Handled, sum.Abandoned, sum.ShortAbandoned, sum.AnsweredWithin,
		sum.AnsweredBelow, sum.AbandonedBelow, sum.AnsweredWithin - sum.AnsweredBelow, sum.TalkMillis, sum.AnswerMillis,
		sum.RingMillis - sum.AnswerMillis, sum.Unanswered() - sum.Abandoned} {
		if n <= 0 {
			t.Errorf("total %d of %+v is %d: the random calls miss a case", i, sum, n)
		}
	}
}

func TestCallTotalsRefusesAnUnknownGrouping(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		err := db.CallTotals(t.Context(), tn.ID, store.CallTotalsFilter{From: t0, To: t0.Add(time.Hour), GroupBy: "status"},
			func(store.CallTotalsRow) error { return nil })
		mustCode(t, err, activity.EInvalid)
	})
}
