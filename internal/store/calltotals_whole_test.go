package store_test

import (
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// With Whole, each group's one row is the sum of its quarter rows.
func TestCallTotalsWholePeriod(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		base := time.Date(2025, 3, 29, 0, 0, 0, 0, time.UTC)
		setNow(db, base.Add(30*time.Hour))
		tn := mustTenant(t, db, "acme")
		serviceCalls(t, db, tn.ID, "whole-", 600, base)
		f := store.CallTotalsFilter{From: base.Add(3*time.Hour + 7*time.Minute), To: base.Add(40 * time.Hour), GroupBy: store.ByUser,
			Rules: activity.CallRules{Threshold: 20 * time.Second, ShortAbandon: 5 * time.Second}}
		sums := map[string]activity.CallTotals{}
		must(t, db.CallTotals(t.Context(), tn.ID, f, func(r store.CallTotalsRow) error {
			s := sums[r.Group]
			s.Add(r.CallTotals)
			sums[r.Group] = s
			return nil
		}))
		f.Whole = true
		rows := 0
		must(t, db.CallTotals(t.Context(), tn.ID, f, func(r store.CallTotalsRow) error {
			rows++
			mustEqual(t, "the whole period's quarter", r.Quarter.UnixMilli(), base.Add(3*time.Hour).UnixMilli())
			if r.CallTotals != sums[r.Group] {
				t.Errorf("group %q: got %+v, want the sum of its quarters %+v", r.Group, r.CallTotals, sums[r.Group])
			}
			return nil
		}))
		mustEqual(t, "rows", rows, len(sums))
	})
}
