package voipcube_test

import (
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// TestOneYearIsStreamed serves a year of 1,000,000 status events without
// pagination, with the server's live heap staying flat
// (servertest.MeasureStream): a server that built the answer in memory
// would hold at least the whole answer.
func TestOneYearIsStreamed(t *testing.T) {
	rows := 1_000_000
	if testing.Short() {
		rows = 100_000
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeStatusesRead)
		storetest.FillStatusEvents(t, db, tenant.ID, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), rows)
		url := servertest.Start(t, db).URL + "/stats/user-statuses?from=2024-01-01&to=2025-01-01"
		if n := servertest.MeasureStream(t, url, map[string]string{"Key": key}, '}'); n != rows {
			t.Fatalf("got %d entries, want %d", n, rows)
		}
	})
}
