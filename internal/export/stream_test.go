package export_test

import (
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// streamRows is how many events the streaming test exports.
const streamRows = 1_000_000

// heapAllowance is how much the heap may grow while an export is written:
// buffers and driver state, a small fraction of an export of 1,000,000
// rows (over 100 MB as NDJSON).
const heapAllowance = 8 << 20

// TestMillionRowsAreStreamed exports 1,000,000 status events in each
// format with the server's live heap staying flat
// (servertest.MeasureStream): an export built in memory would hold at
// least its whole size.
func TestMillionRowsAreStreamed(t *testing.T) {
	rows := 1_000_000
	if testing.Short() {
		rows = 100_000
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeStatusesRead)
		storetest.FillStatusEvents(t, db, tenant.ID, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), rows)
		srv := servertest.Start(t, db)
		for _, format := range []string{"ndjson", "csv"} {
			url := srv.URL + "/api/v1/export/status-events?from=2024-01-01&to=2025-01-01&format=" + format
			n := servertest.MeasureStream(t, url, map[string]string{"Key": key}, '\n')
			if format == "csv" {
				n-- // the header
			}
			if n != rows {
				t.Fatalf("%s: got %d rows, want %d", format, n, rows)
			}
		}
	})
}
