package webhook_test

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"agentlog/internal/activity"
	"agentlog/internal/metrics"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// TestDeliveriesAreCounted requires that /metrics counts two failed
// attempts and the delivered one of a batch the receiver refuses twice.
func TestDeliveriesAreCounted(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		delivered, failed := metrics.WebhookDeliveries.WithLabelValues("delivered"), metrics.WebhookDeliveries.WithLabelValues("failed")
		d0, f0 := testutil.ToFloat64(delivered), testutil.ToFloat64(failed)
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeAll)
		srv := start(t, db, fast)
		rc := newReceiver(t, func(n int) int { return [...]int{500, 503, 0, 0}[min(n-1, 3)] })
		mustCall[hook](t, 201, srv.url, key, "POST", "/api/v1/webhooks", `{"url":"`+rc.URL+`","kinds":["status-events"]}`)
		mustCall[any](t, 200, srv.url, key, "POST", "/api/v1/status-events", `[{"id":"m-1","login":"ann","status":"Lunch","time":"2024-05-06T08:00:00Z"}]`)
		waitFor(t, "the delivered attempt to be counted", func() bool { return testutil.ToFloat64(delivered)-d0 >= 1 })
		srv.stop()
		if got := testutil.ToFloat64(delivered) - d0; got != 1 {
			t.Errorf("delivered moved by %v, want 1", got)
		}
		if got := testutil.ToFloat64(failed) - f0; got != 2 {
			t.Errorf("failed moved by %v, want 2", got)
		}
	})
}
