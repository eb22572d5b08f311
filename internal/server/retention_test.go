package server_test

import (
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/server"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// TestServerDeletesExpiredEvents starts the server over a tenant that keeps
// ten days of events and one that keeps them forever, and waits for the
// background pass to delete the first one's old events and nothing else.
func TestServerDeletesExpiredEvents(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := t.Context()
		short := activity.Tenant{Slug: "short", RetentionDays: 10}
		if err := db.CreateTenant(ctx, &short); err != nil {
			t.Fatal(err)
		}
		forever := storetest.MustTenant(t, db, "forever")
		start := time.Now().Add(-100 * 24 * time.Hour)
		storetest.FillStatusEvents(t, db, short.ID, start, 5000)
		storetest.FillStatusEvents(t, db, forever.ID, start, 5000)
		cutoff := time.Now().Add(-10 * 24 * time.Hour)
		recent := countStatus(t, db, short.ID, cutoff)

		servertest.StartConfig(t, db, server.Config{RetentionEvery: 20 * time.Millisecond})
		deadline := time.Now().Add(30 * time.Second)
		// The fill runs into the future, so the newest row, which stays
		// whatever its age, is a recent one.
		for countStatus(t, db, short.ID, time.Time{}) > recent {
			if time.Now().After(deadline) {
				t.Fatalf("%d events of short are left after 30 s, want %d", countStatus(t, db, short.ID, time.Time{}), recent)
			}
			time.Sleep(20 * time.Millisecond)
		}
		if got := countStatus(t, db, short.ID, cutoff); got != recent {
			t.Fatalf("%d events of the last ten days are left, want %d", got, recent)
		}
		if got := countStatus(t, db, forever.ID, time.Time{}); got != 5000 {
			t.Fatalf("the tenant that keeps its events has %d, want 5000", got)
		}
	})
}

// countStatus counts a tenant's status events from a time on.
func countStatus(t *testing.T, db *store.DB, tenantID int64, from time.Time) int {
	t.Helper()
	n := 0
	err := db.StatusEvents(t.Context(), tenantID, store.EventFilter{From: from}, func(store.StoredStatusEvent) error { n++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	return n
}
