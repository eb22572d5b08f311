package export_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
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
// format and requires the server's heap, in this process, to stay flat:
// growing by less than heapAllowance while it writes many times that. An
// export built in memory would grow by at least its size.
func TestMillionRowsAreStreamed(t *testing.T) {
	rows := streamRows
	if testing.Short() {
		rows = 100_000
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeStatusesRead)
		began := time.Now()
		fillYear(t, db, tenant.ID, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), rows)
		t.Logf("stored %d status events in %s", rows, time.Since(began).Round(time.Millisecond))
		srv := servertest.Start(t, db)
		for _, format := range []string{"ndjson", "csv"} {
			stop := servertest.WatchHeap()
			began := time.Now()
			n, size := countLines(t, srv.URL+"/api/v1/export/status-events?from=2024-01-01&to=2025-01-01&format="+format, key)
			took := time.Since(began)
			growth := stop()
			if format == "csv" {
				n-- // the header
			}
			if n != rows {
				t.Fatalf("%s: got %d rows, want %d", format, n, rows)
			}
			if growth > heapAllowance || (!testing.Short() && size < 3*heapAllowance) {
				t.Fatalf("%s: the heap grew by %d MB while streaming %d MB: not streamed (allowed: %d MB)",
					format, growth>>20, size>>20, heapAllowance>>20)
			}
			t.Logf("%s: %d rows, %d MB in %s (%.0f rows/s); heap grew by %.1f MB",
				format, n, size>>20, took.Round(time.Millisecond), float64(n)/took.Seconds(), float64(growth)/(1<<20))
		}
	})
}

// fillYear stores rows status events of 100 agents spread over a year.
func fillYear(t *testing.T, db *store.DB, tenantID int64, start time.Time, rows int) {
	t.Helper()
	step := 365 * 24 * time.Hour / time.Duration(rows)
	statuses := []string{"Available", "Lunch", "Break", "", "Customer visit"}
	const batch = 50_000
	events := make([]activity.StatusEvent, 0, batch)
	for i := range rows {
		events = append(events, activity.StatusEvent{
			ID:     fmt.Sprintf("e%d", i),
			User:   activity.UserRef{Login: fmt.Sprintf("agent%03d", i%100)},
			Status: statuses[i%len(statuses)],
			Time:   start.Add(time.Duration(i) * step),
		})
		if len(events) == batch || i == rows-1 {
			if _, err := db.IngestStatusEvents(context.Background(), tenantID, events); err != nil {
				t.Fatal(err)
			}
			events = events[:0]
		}
	}
}

// countLines reads an export as it arrives and counts its lines without
// keeping it. A transfer cut short fails the test.
func countLines(t *testing.T, url, key string) (n int, size int64) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Key", key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	var c lineCounter
	if _, err := io.Copy(&c, resp.Body); err != nil {
		t.Fatalf("reading the export after %d lines: %v", c.lines, err)
	}
	return c.lines, c.bytes
}

type lineCounter struct {
	lines int
	bytes int64
}

func (c *lineCounter) Write(p []byte) (int, error) {
	c.lines += bytes.Count(p, []byte("\n"))
	c.bytes += int64(len(p))
	return len(p), nil
}
