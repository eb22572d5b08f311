package voipcube_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

func TestUserStatusesTiesInIngestionOrder(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv, tenant, key := mustSetup(t, db, "acme")
		// Three batches at one millisecond, in an order that is neither the
		// statuses' nor the users': c, a, b.
		mustIngest(t, db, tenant, status(3, "later", "2024-03-01T08:00:00.001Z"))
		mustIngest(t, db, tenant, status(2, "c", "2024-03-01T08:00:00Z"))
		mustIngest(t, db, tenant, status(1, "a", "2024-03-01T08:00:00Z"))
		mustIngest(t, db, tenant, status(3, "b", "2024-03-01T08:00:00Z"))
		// One batch at one millisecond: its own order, z, x, y.
		mustIngest(t, db, tenant,
			status(1, "z", "2024-03-01T09:00:00Z"),
			status(3, "x", "2024-03-01T09:00:00Z"),
			status(2, "y", "2024-03-01T09:00:00Z"))
		servertest.Run(t, srv, []servertest.Scenario{
			ok("across batches", period("2024-03-01T08:00:00Z", "2024-03-01T08:00:01Z"), key, "c", "a", "b", "later"),
			ok("within a batch", period("2024-03-01T09:00:00Z", "2024-03-01T09:00:01Z"), key, "z", "x", "y"),
			ok("pages keep the order", period("2024-03-01T08:00:00Z", "2024-03-01T08:00:01Z", "page=2", "size=2"), key, "b", "later"),
		})
	})
}

// TestUserStatusesPagesNeverRepeatOrSkip walks every page of several sizes
// over events that share milliseconds and were ingested out of time order,
// and requires the pages, put together, to be the unpaginated list.
func TestUserStatusesPagesNeverRepeatOrSkip(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv, tenant, key := mustSetup(t, db, "acme")
		base := at("2024-03-01T08:00:00Z")
		const n = 23
		var want []string
		for ms := 3; ms >= 0; ms-- { // ingested latest millisecond first
			for i := 0; i < n; i++ {
				if i%4 != ms {
					continue
				}
				name := fmt.Sprintf("e%02d", n-i) // lexical order against ingestion order
				ev := activity.StatusEvent{User: activity.UserRef{ID: userID(i%5 + 1)}, Status: name, Time: base.Add(time.Duration(ms) * time.Millisecond)}
				mustIngest(t, db, tenant, ev)
			}
		}
		for ms := 0; ms <= 3; ms++ {
			for i := 0; i < n; i++ {
				if i%4 == ms {
					want = append(want, fmt.Sprintf("e%02d", n-i))
				}
			}
		}
		whole := period("2024-03-01", "2024-03-02")
		all := statusesOf(mustEntries(t, srv.Do(t, "GET", whole, key).Body))
		if !slices.Equal(all, want) {
			t.Fatalf("unpaginated: got %q, want %q (time, then ingestion order)", all, want)
		}
		for _, size := range []int{1, 4, 5, 7, 22, 23, 25} {
			var walked []string
			for page := 1; ; page++ {
				r := srv.Do(t, "GET", fmt.Sprintf("%s&page=%d&size=%d", whole, page, size), key)
				got := statusesOf(mustEntries(t, r.Body))
				if len(got) == 0 {
					if body := strings.TrimSpace(string(r.Body)); body != "[]" {
						t.Errorf("size %d, page %d past the end: got %q, want []", size, page, body)
					}
					break
				}
				if len(got) > size {
					t.Fatalf("size %d, page %d: got %d entries, want at most %d", size, page, len(got), size)
				}
				walked = append(walked, got...)
				if page > n {
					t.Fatalf("size %d: more than %d pages", size, n)
				}
			}
			if !slices.Equal(walked, all) {
				t.Errorf("size %d, pages put together: got %q, want %q", size, walked, all)
			}
		}
	})
}

func statusesOf(list []entry) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.Status
	}
	return out
}
