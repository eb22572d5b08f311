package store_test

import (
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// TestDeleteExpired deletes one tenant's old events in several batches and
// requires the recent ones, the other tenant's and the call totals intact.
func TestDeleteExpired(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		base := time.Date(2025, 3, 29, 0, 0, 0, 0, time.UTC)
		setNow(db, base.Add(30*time.Hour))
		acme, other := mustTenant(t, db, "acme"), mustTenant(t, db, "other")
		acmeCalls := serviceCalls(t, db, acme.ID, "acme-", 1500, base)
		serviceCalls(t, db, other.ID, "other-", 300, base)
		// A year of status events around the cutoff: more than two batches
		// of them expire.
		yearAgo := base.Add(-365 * 24 * time.Hour / 2)
		storetest.FillStatusEvents(t, db, acme.ID, yearAgo, 3*store.RetentionBatch)
		storetest.FillStatusEvents(t, db, other.ID, yearAgo, 1000)
		storetest.FillSessionEvents(t, db, acme.ID, yearAgo, 500)
		cutoff := base.Add(24 * time.Hour)
		// The newest row is an old one: it keeps its seq, and so its place
		// in the stream's order.
		mustIngestStatus(t, db, acme.ID, activity.StatusEvent{ID: "late-old", User: activity.UserRef{Login: "ann"}, Status: "Lunch", Time: cutoff.Add(-48 * time.Hour)})

		before := countKinds(t, db, other.ID)
		got, err := db.DeleteExpired(t.Context(), acme.ID, cutoff)
		must(t, err)

		events := statusEvents(t, db, acme.ID, store.EventFilter{})
		var oldKept, maxSeq int64
		for _, e := range events {
			if e.Time.Before(cutoff) {
				oldKept++
				mustEqual(t, "the one old status event kept", e.ID, "late-old")
			}
			maxSeq = max(maxSeq, e.Seq)
		}
		wantStatus := int64(3*store.RetentionBatch) - (int64(len(events)) - oldKept)
		mustEqual(t, "status events deleted", got.StatusEvents, wantStatus)
		if got.StatusEvents <= store.RetentionBatch {
			t.Fatalf("only %d status events expired: the test needs more than one batch", got.StatusEvents)
		}
		for _, e := range sessionEvents(t, db, acme.ID, store.EventFilter{}) {
			if e.Time.Before(cutoff) && e.Seq != maxSessionSeq(t, db, acme.ID) {
				t.Fatalf("session event %s of %s outlived the cutoff %s", e.ID, e.Time, cutoff)
			}
		}

		var kept []activity.Call
		for _, c := range acmeCalls {
			if !c.CreatedAt.Before(cutoff) {
				kept = append(kept, c)
			}
		}
		left := calls(t, db, acme.ID, store.EventFilter{})
		mustEqual(t, "calls left", len(left), len(kept)+oldCallsLeft(left, cutoff))
		mustEqual(t, "calls deleted", got.Calls, int64(len(acmeCalls)-len(left)))
		mustTotalsMatch(t, db, acme.ID, left)
		mustEqual(t, "the other tenant's rows", countKinds(t, db, other.ID), before)

		// The next event follows on from the highest seq ever handed out.
		mustIngestStatus(t, db, acme.ID, activity.StatusEvent{ID: "after", User: activity.UserRef{Login: "ann"}, Status: "Available", Time: cutoff})
		for _, e := range statusEvents(t, db, acme.ID, store.EventFilter{}) {
			if e.ID == "after" && e.Seq <= maxSeq {
				t.Fatalf("the event after the pass took seq %d, not after %d", e.Seq, maxSeq)
			}
		}
	})
}

// TestApplyRetention deletes by each tenant's retention in days, and
// nothing of a tenant that keeps its events forever.
func TestApplyRetention(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
		setNow(db, now)
		keep := activity.Tenant{Slug: "keep"}
		must(t, db.CreateTenant(t.Context(), &keep))
		short := activity.Tenant{Slug: "short", RetentionDays: 30}
		must(t, db.CreateTenant(t.Context(), &short))
		start := now.Add(-365 * 24 * time.Hour)
		storetest.FillStatusEvents(t, db, keep.ID, start, 1200)
		storetest.FillStatusEvents(t, db, short.ID, start, 1200)

		passed := map[string]store.Expired{}
		must(t, db.ApplyRetention(t.Context(), func(tn activity.Tenant, e store.Expired, err error) {
			must(t, err)
			passed[tn.Slug] = e
		}))
		if _, ok := passed["keep"]; ok {
			t.Fatal("a tenant that keeps its events forever was passed over")
		}
		cutoff := now.Add(-30 * 24 * time.Hour)
		for _, e := range statusEvents(t, db, short.ID, store.EventFilter{}) {
			if e.Time.Before(cutoff) {
				t.Fatalf("event %s of %s is older than 30 days", e.ID, e.Time)
			}
		}
		mustEqual(t, "events of keep", len(statusEvents(t, db, keep.ID, store.EventFilter{})), 1200)
		if n := passed["short"].StatusEvents; n < 1000 {
			t.Fatalf("%d events of short deleted, want those of 11 months", n)
		}

		must(t, db.SetTenantRetention(t.Context(), keep.ID, 30))
		got, err := db.TenantBySlug(t.Context(), "keep")
		must(t, err)
		mustEqual(t, "retention days", got.RetentionDays, 30)
		mustCode(t, db.SetTenantRetention(t.Context(), keep.ID, -1), activity.EInvalid)
		mustCode(t, db.SetTenantRetention(t.Context(), 9999, 5), activity.ENotFound)
	})
}

func mustIngestStatus(t *testing.T, db *store.DB, tenantID int64, events ...activity.StatusEvent) {
	t.Helper()
	_, err := db.IngestStatusEvents(t.Context(), tenantID, events)
	must(t, err)
}

// countKinds counts a tenant's status events, session events and calls.
func countKinds(t *testing.T, db *store.DB, tenantID int64) [3]int {
	t.Helper()
	return [3]int{len(statusEvents(t, db, tenantID, store.EventFilter{})),
		len(sessionEvents(t, db, tenantID, store.EventFilter{})),
		len(calls(t, db, tenantID, store.EventFilter{}))}
}

func maxSessionSeq(t *testing.T, db *store.DB, tenantID int64) int64 {
	var m int64
	for _, e := range sessionEvents(t, db, tenantID, store.EventFilter{}) {
		m = max(m, e.Seq)
	}
	return m
}

// oldCallsLeft counts the calls created before the cutoff that are left:
// at most the one of the highest seq.
func oldCallsLeft(left []activity.Call, cutoff time.Time) int {
	n := 0
	for _, c := range left {
		if c.CreatedAt.Before(cutoff) {
			n++
		}
	}
	return n
}

// mustTotalsMatch requires the database's call totals of the tenant to be
// those of the calls left, counted one by one.
func mustTotalsMatch(t *testing.T, db *store.DB, tenantID int64, left []activity.Call) {
	t.Helper()
	f := store.CallTotalsFilter{From: time.Unix(0, 0), To: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC),
		Rules: activity.CallRules{Threshold: 20 * time.Second, ShortAbandon: 5 * time.Second}}
	want := bruteTotals(left, f)
	got := map[totalsKey]activity.CallTotals{}
	must(t, db.CallTotals(t.Context(), tenantID, f, func(r store.CallTotalsRow) error {
		got[totalsKey{quarter: r.Quarter.UnixMilli() / activity.QuarterMillis}] = r.CallTotals
		return nil
	}))
	mustEqual(t, "quarters with calls", len(got), len(want))
	for k, w := range want {
		mustEqual(t, "totals of a quarter", got[k], w)
	}
}
