package store_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

var allKinds = store.FeedKinds{Status: true, Session: true, Call: true}

// feedItem names a row of the feed: "status:<id>", "session:<id>" or
// "call:<id>:<status>".
func feedItem(it store.FeedItem) string {
	switch {
	case it.Status != nil:
		return "status:" + it.Status.ID
	case it.Session != nil:
		return "session:" + it.Session.ID
	default:
		return "call:" + it.Call.ID + ":" + it.Call.Status
	}
}

// readFeed reads once from pos and returns what it handed out.
func readFeed(t *testing.T, f *store.Feed, pos store.FeedPosition, limit int) ([]store.FeedItem, store.FeedPosition, bool) {
	t.Helper()
	var items []store.FeedItem
	pos, more, err := f.Read(t.Context(), pos, limit, func(it store.FeedItem) error {
		items = append(items, it)
		return nil
	})
	must(t, err)
	return items, pos, more
}

// waitFeed reads from pos until want rows came or the timeout passed.
func waitFeed(t *testing.T, f *store.Feed, pos store.FeedPosition, want int, timeout time.Duration) ([]string, store.FeedPosition) {
	t.Helper()
	var got []string
	deadline := time.Now().Add(timeout)
	for len(got) < want && time.Now().Before(deadline) {
		var items []store.FeedItem
		items, pos, _ = readFeed(t, f, pos, 100)
		for _, it := range items {
			got = append(got, feedItem(it))
		}
		time.Sleep(20 * time.Millisecond)
	}
	return got, pos
}

func TestCallSeqOnInsertAndReplace(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn, other := mustTenant(t, db, "acme"), mustTenant(t, db, "other")
		feed := db.NewFeed(tn.ID, store.FeedKinds{Call: true})
		start, err := feed.End(t.Context())
		must(t, err)
		mustEqual(t, "end of an empty feed", start, store.FeedPosition{})

		mustIngestCalls(t, db, tn.ID, call(uuidN(1), at(0), at(1)), call(uuidN(2), at(0), at(1)))
		mustIngestCalls(t, db, other.ID, call(uuidN(3), at(0), at(1)))
		got, pos := waitFeed(t, feed, start, 2, 5*time.Second)
		mustEqualSlice(t, "new calls", got, []string{"call:" + uuidN(1) + ":ringing", "call:" + uuidN(2) + ":ringing"})
		second := pos.Call

		answered := call(uuidN(1), at(0), at(2))
		answered.Status = "answered"
		mustResult(t, mustIngestCalls(t, db, tn.ID, answered), store.IngestResult{Received: 1, Replaced: 1, Known: 1})
		got, pos = waitFeed(t, feed, pos, 1, 5*time.Second)
		mustEqualSlice(t, "the replaced call", got, []string{"call:" + uuidN(1) + ":answered"})
		if pos.Call <= second {
			t.Fatalf("seq of the replaced call: got %d, want more than %d", pos.Call, second)
		}

		// An older version replaces nothing, so it is not a change: the
		// next row is the call after it.
		mustIngestCalls(t, db, tn.ID, call(uuidN(1), at(0), at(1)))
		mustIngestCalls(t, db, tn.ID, call(uuidN(4), at(0), at(1)))
		got, _ = waitFeed(t, feed, pos, 1, 5*time.Second)
		mustEqualSlice(t, "after an older version and a new call", got, []string{"call:" + uuidN(4) + ":ringing"})

		// From the start, each call shows once, at its latest change.
		got, _ = waitFeed(t, db.NewFeed(tn.ID, store.FeedKinds{Call: true}), store.FeedPosition{}, 3, 5*time.Second)
		mustEqualSlice(t, "every call from the start", got, []string{
			"call:" + uuidN(2) + ":ringing", "call:" + uuidN(1) + ":answered", "call:" + uuidN(4) + ":ringing"})
	})
}

func TestFeedOrderAndResume(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn, other := mustTenant(t, db, "acme"), mustTenant(t, db, "other")
		feed := db.NewFeed(tn.ID, allKinds)
		start, err := feed.End(t.Context())
		must(t, err)

		// Ingestion order, not event time: the feed says what is new.
		_, err = db.IngestStatusEvents(t.Context(), tn.ID, []activity.StatusEvent{
			st("st-1", "ann", "Busy", at(30)), st("st-2", "ann", "Ready", at(10)), st("st-3", "bob", "Ready", at(20))})
		must(t, err)
		_, err = db.IngestSessionEvents(t.Context(), tn.ID, []activity.SessionEvent{
			se("se-1", "ann", activity.Login, "800", at(5)), se("se-2", "ann", activity.Logout, "800", at(6))})
		must(t, err)
		_, err = db.IngestStatusEvents(t.Context(), other.ID, []activity.StatusEvent{st("st-x", "ann", "Busy", at(30))})
		must(t, err)
		mustIngestCalls(t, db, tn.ID, call(uuidN(1), at(0), at(1)))

		var all []store.FeedItem
		pos := start
		for deadline := time.Now().Add(5 * time.Second); len(all) < 6 && time.Now().Before(deadline); {
			var items []store.FeedItem
			items, pos, _ = readFeed(t, feed, pos, 2)
			all = append(all, items...)
		}
		var got []string
		for _, it := range all {
			got = append(got, feedItem(it))
		}
		// At most two of each kind per read: statuses, then sessions, then calls.
		mustEqualSlice(t, "rows in pages of two", got, []string{"status:st-1", "status:st-2", "session:se-1", "session:se-2",
			"call:" + uuidN(1) + ":ringing", "status:st-3"})
		mustEqual(t, "position after the last row", all[5].Position, pos)
		items, _, more := readFeed(t, feed, pos, 2)
		mustEqual(t, "rows after the end", len(items), 0)
		mustEqual(t, "more after the end", more, false)

		// From the position after any row, exactly the rows after it, once
		// (one read hands out all, each kind in turn).
		for i, it := range all[:len(all)-1] {
			got, _ := waitFeed(t, db.NewFeed(tn.ID, allKinds), it.Position, 1, 5*time.Second)
			want := []string{}
			for _, later := range all[i+1:] {
				want = append(want, feedItem(later))
			}
			slices.Sort(got)
			slices.Sort(want)
			mustEqualSlice(t, "resumed after "+feedItem(it), got, want)
		}
	})
}

// postgresOnly runs fn on PostgreSQL: SQLite's one writer takes seq in
// commit order, so it has no rows committed out of order to test.
func postgresOnly(t *testing.T, fn func(t *testing.T, b backend, db *store.DB)) {
	forEachBackend(t, func(t *testing.T, b backend) {
		if b.name != "postgres" {
			t.Skip("SQLite has one writer, which takes seq in commit order")
		}
		db := b.open(t)
		must(t, db.Migrate(t.Context()))
		fn(t, b, db)
	})
}

func TestFeedWaitsForRowsCommittedLate(t *testing.T) {
	postgresOnly(t, func(t *testing.T, b backend, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		_, err := db.IngestStatusEvents(t.Context(), tn.ID, []activity.StatusEvent{st("first", "ann", "Busy", at(0))})
		must(t, err)
		ann := users(t, db, tn.ID)[0]
		feed := db.NewFeed(tn.ID, allKinds)
		got, pos := waitFeed(t, feed, store.FeedPosition{}, 1, 5*time.Second)
		mustEqualSlice(t, "the first row", got, []string{"status:first"})

		// A transaction takes a seq and stays open while a later seq commits.
		raw := b.sql(t)
		for i, end := range []string{"COMMIT", "ROLLBACK"} {
			tx, err := raw.BeginTx(t.Context(), nil)
			must(t, err)
			held := fmt.Sprintf("held-%d", i)
			_, err = tx.ExecContext(t.Context(), `INSERT INTO status_events (tenant_id, id, user_id, status, time_ms, received_ms)
				VALUES ($1, $2, $3, 'Held', 0, 0)`, tn.ID, held, ann.ID)
			must(t, err)
			later := fmt.Sprintf("later-%d", i)
			_, err = db.IngestStatusEvents(t.Context(), tn.ID, []activity.StatusEvent{st(later, "ann", "Ready", at(1))})
			must(t, err)

			// Longer than the feed waits before it asks which transactions
			// write to its tables.
			got, _ = waitFeed(t, feed, pos, 1, 1500*time.Millisecond)
			if len(got) != 0 {
				t.Fatalf("while a lower seq is being written: got %v, want nothing yet", got)
			}
			_, err = tx.ExecContext(t.Context(), end)
			must(t, err)
			want := []string{"status:" + held, "status:" + later}
			if end == "ROLLBACK" {
				want = want[1:]
			}
			got, pos = waitFeed(t, feed, pos, len(want), 5*time.Second)
			mustEqualSlice(t, "after "+end, got, want)
		}
	})
}

func TestFeedIgnoresOtherTransactions(t *testing.T) {
	postgresOnly(t, func(t *testing.T, b backend, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		feed := db.NewFeed(tn.ID, allKinds)
		start, err := feed.End(t.Context())
		must(t, err)

		// A transaction with an id that touches none of the feed's tables.
		tx, err := b.sql(t).BeginTx(t.Context(), nil)
		must(t, err)
		defer tx.Rollback()
		_, err = tx.ExecContext(t.Context(), `SELECT pg_current_xact_id()`)
		must(t, err)

		_, err = db.IngestStatusEvents(t.Context(), tn.ID, []activity.StatusEvent{st("e-1", "ann", "Busy", at(0))})
		must(t, err)
		began := time.Now()
		got, _ := waitFeed(t, feed, start, 1, 5*time.Second)
		mustEqualSlice(t, "rows while another transaction runs", got, []string{"status:e-1"})
		t.Logf("handed out after %s", time.Since(began).Round(time.Millisecond))
	})
}
