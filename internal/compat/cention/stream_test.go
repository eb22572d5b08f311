package cention_test

import (
	"fmt"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// TestEveryLoginOfAYearIsStreamed exports a year of 1,000,000 logins and
// logouts, in both formats, with the server's live heap staying flat
// (servertest.MeasureStream): a server that built the answer in memory
// would hold at least the whole answer.
func TestEveryLoginOfAYearIsStreamed(t *testing.T) {
	rows := 1_000_000
	if testing.Short() {
		rows = 100_000
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeSessionsRead)
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		storetest.FillSessionEvents(t, db, tenant.ID, start, rows)
		base := servertest.Start(t, db).URL + fmt.Sprintf("/s/acme/capi/custom/logio?from=%d&to=%d", start.Unix(), start.AddDate(1, 0, 0).Unix())
		for format, marker := range map[string]byte{"csv": '\n', "json": '}'} {
			if n := servertest.MeasureStream(t, base+"&format="+format, map[string]string{"Authorization": "Bearer " + key}, marker); n != rows {
				t.Fatalf("%s: got %d records, want %d", format, n, rows)
			}
		}
	})
}
