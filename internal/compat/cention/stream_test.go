package cention_test

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

// TestEveryLoginOfAYearIsStreamed exports a year of 1,000,000 logins and
// logouts, in both formats, and requires the server's heap to stay flat:
// growing by less than heapAllowance while it writes several times that. A
// server that built the answer in memory would grow by at least the body.
func TestEveryLoginOfAYearIsStreamed(t *testing.T) {
	rows := streamRows
	if testing.Short() {
		rows = 100_000
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeSessionsRead)
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		fillYear(t, db, tenant.ID, start, rows)
		base := servertest.Start(t, db).URL + fmt.Sprintf("/s/acme/capi/custom/logio?from=%d&to=%d", start.Unix(), start.AddDate(1, 0, 0).Unix())
		for format, marker := range map[string]string{"csv": "\n", "json": "}"} {
			stop := servertest.WatchHeap()
			began := time.Now()
			n, size := countRecords(t, base+"&format="+format, key, marker)
			took := time.Since(began)
			growth := stop()
			if n != rows {
				t.Fatalf("%s: got %d records, want %d", format, n, rows)
			}
			if growth > heapAllowance || (!testing.Short() && size < 3*heapAllowance) {
				t.Fatalf("%s: the heap grew by %d MB while streaming %d MB: not streamed (allowed: %d MB)", format, growth>>20, size>>20, heapAllowance>>20)
			}
			t.Logf("%s: %d records, %d MB in %s (%.0f rows/s); heap grew by %.1f MB", format,
				n, size>>20, took.Round(time.Millisecond), float64(n)/took.Seconds(), float64(growth)/(1<<20))
		}
	})
}

// fillYear stores rows session events of 100 agents spread over a year.
func fillYear(t *testing.T, db *store.DB, tenantID int64, start time.Time, rows int) {
	t.Helper()
	step := 365 * 24 * time.Hour / time.Duration(rows)
	actions := []string{activity.Login, activity.Logout}
	const batch = 50_000
	events := make([]activity.SessionEvent, 0, batch)
	for i := 0; i < rows; i++ {
		events = append(events, activity.SessionEvent{
			ID:     fmt.Sprintf("s%d", i),
			User:   activity.UserRef{Login: fmt.Sprintf("agent%03d", i%100)},
			Action: actions[(i/100)%2],
			Time:   start.Add(time.Duration(i) * step),
		})
		if len(events) == batch || i == rows-1 {
			if _, err := db.IngestSessionEvents(context.Background(), tenantID, events); err != nil {
				t.Fatal(err)
			}
			events = events[:0]
		}
	}
}

// countRecords reads the answer as it arrives and counts its records, one
// marker each, without keeping it.
func countRecords(t *testing.T, url, key, marker string) (n int, size int64) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	c := markerCounter{marker: []byte(marker)}
	if _, err := io.Copy(&c, resp.Body); err != nil {
		t.Fatal(err)
	}
	return c.count, c.bytes
}

// markerCounter counts a one-byte marker in what is written to it.
type markerCounter struct {
	marker []byte
	count  int
	bytes  int64
}

func (c *markerCounter) Write(p []byte) (int, error) {
	c.count += bytes.Count(p, c.marker)
	c.bytes += int64(len(p))
	return len(p), nil
}
