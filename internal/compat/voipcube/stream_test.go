package voipcube_test

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

// streamRows is how many events the streaming test serves in one answer.
const streamRows = 1_000_000

// heapAllowance is how much the heap may grow while an answer is streamed:
// buffers and driver state, a fraction of an answer of 1,000,000 rows.
const heapAllowance = 8 << 20

// TestOneYearIsStreamed serves a year of 1,000,000 status events without
// pagination and requires the server's heap to stay flat: growing by less
// than heapAllowance while it writes several times that. A server that
// built the answer in memory would grow by at least the body.
func TestOneYearIsStreamed(t *testing.T) {
	rows := streamRows
	if testing.Short() {
		rows = 100_000
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeStatusesRead)
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		fillYear(t, db, tenant.ID, start, rows)
		url := servertest.Start(t, db).URL + "/stats/user-statuses?from=2024-01-01&to=2025-01-01"

		stop := servertest.WatchHeap()
		began := time.Now()
		n, size := countEntries(t, url, key)
		took := time.Since(began)
		growth := stop()
		if n != rows {
			t.Fatalf("got %d entries, want %d", n, rows)
		}
		if growth > heapAllowance || (!testing.Short() && size < 3*heapAllowance) {
			t.Fatalf("the heap grew by %d MB while streaming %d MB: not streamed (allowed: %d MB)", growth>>20, size>>20, heapAllowance>>20)
		}
		t.Logf("%d entries, %d MB in %s (%.0f rows/s); heap grew by %.1f MB",
			n, size>>20, took.Round(time.Millisecond), float64(n)/took.Seconds(), float64(growth)/(1<<20))
	})
}

// fillYear stores rows status events of 100 agents spread over a year.
func fillYear(t *testing.T, db *store.DB, tenantID int64, start time.Time, rows int) {
	t.Helper()
	step := 365 * 24 * time.Hour / time.Duration(rows)
	statuses := []string{"Available", "Lunch", "Break", "", "Customer visit"}
	const batch = 50_000
	events := make([]activity.StatusEvent, 0, batch)
	for i := 0; i < rows; i++ {
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

// countEntries reads the answer as it arrives and counts its entries, one
// closing brace each, without keeping it.
func countEntries(t *testing.T, url, key string) (n int, size int64) {
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
	var c braceCounter
	if _, err := io.Copy(&c, resp.Body); err != nil {
		t.Fatal(err)
	}
	return c.braces, c.bytes
}

type braceCounter struct {
	braces int
	bytes  int64
}

func (c *braceCounter) Write(p []byte) (int, error) {
	c.braces += bytes.Count(p, []byte("}"))
	c.bytes += int64(len(p))
	return len(p), nil
}
