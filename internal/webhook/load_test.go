package webhook_test

import (
	"os"
	"strconv"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
	"agentlog/internal/webhook"
)

// TestDeliveryKeepsUp measures how fast a backlog reaches a local receiver:
// AGENTLOG_WEBHOOK_LOAD=N stores N status events at once and waits until
// all arrived. It reports figures and asserts only that nothing is missing.
func TestDeliveryKeepsUp(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("AGENTLOG_WEBHOOK_LOAD"))
	if n <= 0 {
		t.Skip("set AGENTLOG_WEBHOOK_LOAD=100000 to measure delivery of a backlog")
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeAll)
		timing := webhook.DefaultTiming
		timing.Scan = 20 * time.Millisecond
		srv := start(t, db, timing)
		rc := newReceiver(t, nil)
		mustCall[hook](t, 201, srv.url, key, "POST", "/api/v1/webhooks", `{"url":"`+rc.URL+`","kinds":["status-events"]}`)
		began := time.Now()
		storetest.FillStatusEvents(t, db, tenant.ID, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), n)
		stored := time.Since(began)
		waitForLong(t, func() bool { return countEvents(rc) >= n })
		took := time.Since(began)
		dups := 0
		for _, c := range rc.acked(t) {
			dups += c - 1
		}
		if got := len(rc.acked(t)); got != n {
			t.Errorf("%d distinct events arrived, want %d", got, n)
		}
		t.Logf("%s: %d events stored in %s, all delivered after %s (%.0f events/s, %d POSTs, %d duplicates)",
			db.Dialect(), n, stored.Round(time.Millisecond), took.Round(time.Millisecond), float64(n)/took.Seconds(), len(rc.deliveries()), dups)
	})
}

func countEvents(rc *receiver) int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.events
}

func waitForLong(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("waited 10 minutes for the backlog")
		}
		time.Sleep(50 * time.Millisecond)
	}
}
