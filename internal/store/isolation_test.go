package store_test

import (
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// TestTenantIsolation fills tenant A and checks that every read of tenant
// B sees none of it, even when B names A's ids.
func TestTenantIsolation(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "acme"), mustTenant(t, db, "beta")
		alice := mustUser(t, db, a.ID, "alice", "team")
		_, err := db.IngestStatusEvents(t.Context(), a.ID, []activity.StatusEvent{st("s1", "alice", "Ready", at(1)), st("s2", "bob", "", at(2))})
		must(t, err)
		_, err = db.IngestSessionEvents(t.Context(), a.ID, []activity.SessionEvent{se("l1", "alice", activity.Login, "q", at(1))})
		must(t, err)
		c := call(uuidN(1), at(1), at(1))
		c.User = byID(alice.ID)
		mustIngestCalls(t, db, a.ID, c)
		must(t, db.PutStatusDefinition(t.Context(), a.ID, &activity.StatusDefinition{Name: "Ready"}))
		mustKey(t, db, a.ID, "kA", t0)
		aUsers := users(t, db, a.ID)
		aIDs := []string{aUsers[0].ID, aUsers[1].ID}

		all := store.EventFilter{}
		ofA := store.EventFilter{UserIDs: aIDs}
		for _, f := range []store.EventFilter{all, ofA} {
			mustEqual(t, "status events of B", len(statusEvents(t, db, b.ID, f)), 0)
			mustEqual(t, "session events of B", len(sessionEvents(t, db, b.ID, f)), 0)
			mustEqual(t, "calls of B", len(calls(t, db, b.ID, f)), 0)
		}
		mustEqual(t, "status events of B with A's status",
			len(statusEvents(t, db, b.ID, store.EventFilter{Statuses: []string{"Ready", ""}})), 0)
		mustEqual(t, "session events of B with A's queue", len(sessionEvents(t, db, b.ID, store.EventFilter{Queue: ptr("q")})), 0)
		mustEqual(t, "users of B", len(users(t, db, b.ID)), 0)
		defs, err := db.StatusDefinitions(t.Context(), b.ID)
		must(t, err)
		mustEqual(t, "status definitions of B", len(defs), 0)
		keys, err := db.Keys(t.Context(), b.ID)
		must(t, err)
		mustEqual(t, "keys of B", len(keys), 0)
		_, err = db.Call(t.Context(), b.ID, uuidN(1))
		mustCode(t, err, activity.ENotFound)
		_, err = db.User(t.Context(), b.ID, alice.ID)
		mustCode(t, err, activity.ENotFound)

		// B may use the same ids and logins without touching A's.
		_, err = db.IngestStatusEvents(t.Context(), b.ID, []activity.StatusEvent{
			{ID: "s1", User: activity.UserRef{ID: alice.ID, Login: "alice"}, Status: "B's", Time: at(3)},
		})
		must(t, err)
		bc := call(uuidN(1), at(2), at(9))
		bc.Status = "B's"
		res := mustIngestCalls(t, db, b.ID, bc)
		mustResult(t, res, store.IngestResult{Received: 1, New: 1})
		must(t, db.CreateUser(t.Context(), b.ID, &activity.User{Login: "bob"}))

		list := statusEvents(t, db, a.ID, all)
		mustEqual(t, "status events of A", len(list), 2)
		mustEqual(t, "status of A's s1", list[0].Status, "Ready")
		mustEqual(t, "status of A's call", mustCall(t, db, a.ID, uuidN(1)).Status, "ringing")
		got, err := db.User(t.Context(), a.ID, alice.ID)
		must(t, err)
		mustEqualSlice(t, "groups of A's alice", got.Groups, []string{"team"})
		mustEqual(t, "users of A", len(users(t, db, a.ID)), 2)
		mustEqual(t, "users of B", len(users(t, db, b.ID)), 2)
		mustEqual(t, "B's events by A's user ids", len(statusEvents(t, db, b.ID, store.EventFilter{UserIDs: []string{aUsers[1].ID}})), 0)
	})
}
