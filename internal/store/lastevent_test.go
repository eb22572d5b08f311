package store_test

import (
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

func TestLastStatusesBefore(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "a"), mustTenant(t, db, "b")
		_, err := db.IngestStatusEvents(t.Context(), a.ID, []activity.StatusEvent{
			st("1", "ann", "Available", at(0)), st("2", "ann", "Lunch", at(10)),
			st("3", "ann", "Break", at(10)), // same millisecond, arrived later: the last
			st("4", "ann", "Available", at(20)),
			st("5", "bob", "", at(5)),
			st("6", "cid", "Available", at(30)), // only after t
		})
		must(t, err)
		_, err = db.IngestStatusEvents(t.Context(), b.ID, []activity.StatusEvent{st("7", "dan", "Lunch", at(1))})
		must(t, err)
		got, err := db.LastStatusesBefore(t.Context(), a.ID, at(20), nil)
		must(t, err)
		mustEqual(t, "users with a status before t", len(got), 2)
		var ann, bob string
		for id, e := range got {
			switch e.User.Login {
			case "ann":
				ann = id
				mustEqual(t, "ann's status", e.Status, "Break")
			case "bob":
				bob = id
				mustEqual(t, "bob's status", e.Status, "")
				mustTime(t, "bob's time", e.Time, at(5))
			}
		}
		if ann == "" || bob == "" {
			t.Fatalf("got %v, want ann and bob", got)
		}
		only, err := db.LastStatusesBefore(t.Context(), a.ID, at(20).Add(time.Millisecond), []string{ann})
		must(t, err)
		mustEqual(t, "ann alone, just after her last change", only[ann].Status, "Available")
		mustEqual(t, "users asked for", len(only), 1)
		none, err := db.LastStatusesBefore(t.Context(), a.ID, at(20), []string{})
		must(t, err)
		mustEqual(t, "no users asked for", len(none), 0)
	})
}
