package webhook_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// openDB opens and migrates the database at dsn, as a server starting over
// it does.
func openDB(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return db
}

// ingest sends n status events with ids prefix0… in batches of ten, and as
// many session events, and returns the event ids a subscriber must get.
func ingest(t *testing.T, base, key, prefix string, n int) []string {
	t.Helper()
	var want []string
	for from := 0; from < n; from += 10 {
		var statuses, sessions []string
		for i := from; i < min(from+10, n); i++ {
			statuses = append(statuses, fmt.Sprintf(`{"id":"%s%d","login":"agent%d","status":"Busy","time":"2024-05-06T08:00:%02dZ"}`, prefix, i, i%7, i%60))
			sessions = append(sessions, fmt.Sprintf(`{"id":"%s%d","login":"agent%d","action":"login","time":"2024-05-06T07:00:%02dZ"}`, prefix, i, i%7, i%60))
			want = append(want, activity.KindStatusEvents+":"+prefix+fmt.Sprint(i), activity.KindSessionEvents+":"+prefix+fmt.Sprint(i))
		}
		mustCall[any](t, 200, base, key, "POST", "/api/v1/status-events", "["+strings.Join(statuses, ",")+"]")
		mustCall[any](t, 200, base, key, "POST", "/api/v1/session-events", "["+strings.Join(sessions, ",")+"]")
	}
	return want
}

func TestNothingIsLostAcrossARestart(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		timing := fast
		timing.Batch = 7
		db := openDB(t, dsn)
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeAll)
		first := start(t, db, timing)

		// The receiver takes two deliveries, then fails until told.
		rc := newReceiver(t, func(n int) int {
			if n <= 2 {
				return 0
			}
			return 500
		})
		h := mustCall[hook](t, 201, first.url, key, "POST", "/api/v1/webhooks", `{"url":"`+rc.URL+`","kinds":["status-events","session-events"]}`)
		want := ingest(t, first.url, key, "a", 40)
		// Stop once three failures are in the log: a receiver's count alone
		// would race the logging of the last attempt with the stop.
		waitFor(t, "three failed attempts logged after two deliveries", func() bool {
			failed := 0
			for _, a := range deliveries(t, first.url, key, h.ID) {
				if !a.Succeeded {
					failed++
				}
			}
			return failed >= 3
		})
		first.stop()
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		before := len(rc.acked(t))

		db = openDB(t, dsn)
		t.Cleanup(func() { db.Close() })
		second := start(t, db, timing)
		want = append(want, ingest(t, second.url, key, "b", 15)...)
		rc.setFail(nil)
		waitFor(t, "every event after the restart", func() bool {
			got := rc.acked(t)
			for _, id := range want {
				if got[id] == 0 {
					return false
				}
			}
			return true
		})

		got := rc.acked(t)
		duplicates := 0
		for _, n := range got {
			duplicates += n - 1
		}
		if len(got) != len(want) {
			t.Errorf("%d distinct events arrived, want %d", len(got), len(want))
		}
		var log []attempt
		waitFor(t, "the log to show every event delivered", func() bool {
			log = deliveries(t, second.url, key, h.ID)
			logged := map[string]bool{}
			for _, a := range log {
				for _, id := range a.EventIDs {
					logged[id] = logged[id] || a.Succeeded
				}
			}
			for _, id := range want {
				if !logged[id] {
					return false
				}
			}
			return true
		})
		failed, succeeded := 0, 0
		for _, a := range log {
			if a.Succeeded {
				succeeded++
			} else {
				failed++
			}
		}
		// At least three failures before the stop; batches of at most 7.
		if failed < 3 || succeeded < (len(want)+6)/7 || len(log) > len(rc.deliveries()) {
			t.Errorf("the delivery log: %d failed, %d succeeded of %d requests; want the failures before the restart and the successes after",
				failed, succeeded, len(rc.deliveries()))
		}
		t.Logf("%d events ingested, %d acknowledged before the stop, %d requests, %d attempts logged (%d failed), %d duplicates",
			len(want), before, len(rc.deliveries()), len(log), failed, duplicates)
	})
}

func TestTwoInstancesDeliverEachEventOnce(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		timing := fast
		timing.Batch = 4
		db1 := openDB(t, dsn)
		t.Cleanup(func() { db1.Close() })
		db2 := openDB(t, dsn)
		t.Cleanup(func() { db2.Close() })
		tenant := storetest.MustTenant(t, db1, "acme")
		key := storetest.MustKey(t, db1, tenant, activity.ScopeAll)
		one, two := start(t, db1, timing), start(t, db2, timing)
		rc := newReceiver(t, nil)
		mustCall[hook](t, 201, one.url, key, "POST", "/api/v1/webhooks", `{"url":"`+rc.URL+`","kinds":["status-events"]}`)
		var want []string
		for i := range 6 {
			base := one.url
			if i%2 == 1 {
				base = two.url
			}
			var batch []string
			for j := range 10 {
				n := i*10 + j
				batch = append(batch, fmt.Sprintf(`{"id":"e%02d","login":"ann","status":"S%d","time":"2024-05-06T08:%02d:00Z"}`, n, n, n))
				want = append(want, fmt.Sprintf("status-events:e%02d", n))
			}
			mustCall[any](t, 200, base, key, "POST", "/api/v1/status-events", "["+strings.Join(batch, ",")+"]")
			time.Sleep(3 * fast.Poll) // let both instances poll between batches
		}
		waitFor(t, "every event", func() bool { return len(rc.acked(t)) == len(want) })
		var order []string
		for _, d := range rc.deliveries() {
			for _, e := range decodePayload(t, d.body).Events {
				order = append(order, e.ID)
			}
		}
		if !slices.Equal(order, want) {
			t.Errorf("the receiver got %v, want each event once, in order: %v", order, want)
		}
	})
}
