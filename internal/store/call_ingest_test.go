package store_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

func TestIngestCallsNewKnownReplaced(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		v1 := call(uuidN(1), at(0), at(1))
		res := mustIngestCalls(t, db, tn.ID, v1, call(uuidN(2), at(0), at(1)))
		mustResult(t, res, store.IngestResult{Received: 2, New: 2})

		// Newer: replaces every field.
		v2 := call(uuidN(1), at(0).Add(time.Second), at(2))
		v2.Direction, v2.Status, v2.Queue, v2.CostCents, v2.User = activity.Outbound, "ended", "q2", 7, byLogin("bob")
		v2.EndedAt, v2.CallData, v2.Links = ptr(at(3)), json.RawMessage(`{"v":2}`), map[string]string{"alert": uuidN(9)}
		res = mustIngestCalls(t, db, tn.ID, v2, call(uuidN(3), at(0), at(1)))
		mustResult(t, res, store.IngestResult{Received: 2, New: 1, Known: 1, Replaced: 1, UsersCreated: 1})
		got := mustCall(t, db, tn.ID, uuidN(1))
		mustEqual(t, "status after a newer version", got.Status, "ended")
		mustEqual(t, "direction", got.Direction, activity.Outbound)
		mustEqual(t, "queue", got.Queue, "q2")
		mustEqual(t, "cost", got.CostCents, int64(7))
		mustEqual(t, "login", got.User.Login, "bob")
		mustTimePtr(t, "endedAt", got.EndedAt, ptr(at(3)))
		mustTime(t, "createdAt follows startedAt", got.CreatedAt, at(0).Add(time.Second))
		mustJSON(t, "callData", got.CallData, `{"v":2}`)
		mustEqual(t, "links", fmt.Sprint(got.Links), fmt.Sprint(map[string]string{"alert": uuidN(9)}))

		// Older: the stored call stays.
		old := call(uuidN(1), at(0), at(1).Add(30*time.Second))
		old.Status = "stale"
		res = mustIngestCalls(t, db, tn.ID, old)
		mustResult(t, res, store.IngestResult{Received: 1, Known: 1})
		got = mustCall(t, db, tn.ID, uuidN(1))
		mustEqual(t, "status after an older version", got.Status, "ended")
		mustTime(t, "updatedAt after an older version", got.UpdatedAt, at(2))
		mustEqual(t, "calls", len(calls(t, db, tn.ID, store.EventFilter{})), 3)
	})
}

func TestIngestCallsDuplicatesInBatch(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		a, b, c := call(uuidN(1), at(0), at(1)), call(uuidN(1), at(0), at(3)), call(uuidN(1), at(0), at(2))
		a.Status, b.Status, c.Status = "a", "b", "c"
		res := mustIngestCalls(t, db, tn.ID, a, b, c)
		mustResult(t, res, store.IngestResult{Received: 3, New: 1, Known: 2})
		mustEqual(t, "status: the latest version", mustCall(t, db, tn.ID, uuidN(1)).Status, "b")

		// Versions of a known call: the latest replaces it.
		d, e := call(uuidN(1), at(0), at(5)), call(uuidN(1), at(0), at(4))
		d.Status, e.Status = "d", "e"
		res = mustIngestCalls(t, db, tn.ID, d, e)
		mustResult(t, res, store.IngestResult{Received: 2, Known: 2, Replaced: 1})
		mustEqual(t, "status: the latest version", mustCall(t, db, tn.ID, uuidN(1)).Status, "d")
	})
}

func TestIngestCallsDerivedIDs(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		c := call("", at(0).Add(5*time.Millisecond), at(1))
		c.User = byLogin("alice")
		other := call("", at(0).Add(6*time.Millisecond), at(1))
		res := mustIngestCalls(t, db, tn.ID, c, other)
		mustResult(t, res, store.IngestResult{Received: 2, New: 2, UsersCreated: 1})
		list := calls(t, db, tn.ID, store.EventFilter{})
		mustEqual(t, "calls", len(list), 2)
		for _, got := range list {
			if !activity.IsUUID(got.ID) {
				t.Fatalf("derived id: got %q, want a UUID", got.ID)
			}
		}

		c.Status = "ended"
		c.UpdatedAt = at(2)
		res = mustIngestCalls(t, db, tn.ID, c)
		mustResult(t, res, store.IngestResult{Received: 1, Known: 1, Replaced: 1})
		mustEqual(t, "status of the re-sent call", mustCall(t, db, tn.ID, list[0].ID).Status, "ended")

		// The same call naming its agent by id instead of login is the same call.
		alice := users(t, db, tn.ID)[0]
		c.User = activity.UserRef{ID: alice.ID}
		c.UpdatedAt = at(3)
		res = mustIngestCalls(t, db, tn.ID, c)
		mustResult(t, res, store.IngestResult{Received: 1, Known: 1, Replaced: 1})
		mustEqual(t, "calls after naming the agent by id", len(calls(t, db, tn.ID, store.EventFilter{})), 2)

		_, err := db.IngestCalls(t.Context(), tn.ID, []activity.Call{{Direction: activity.Inbound}})
		mustCode(t, err, activity.EInvalid)
	})
}

func TestIngestCallsInvalidItemWritesNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		mustUser(t, db, tn.ID, "taken")
		for pos, bad := range []activity.Call{
			{ID: uuidN(9), Direction: "sideways"},
			{ID: uuidN(9), Direction: activity.Inbound, User: activity.UserRef{ID: uuidN(8), Login: "taken"}},
			{ID: uuidN(9), Direction: activity.Inbound, CallData: json.RawMessage(`[1]`)},
		} {
			batch := []activity.Call{call(uuidN(1), at(0), at(0)), call(uuidN(2), at(0), at(0)), call(uuidN(3), at(0), at(0))}
			batch[0].User, batch[2].User = byLogin("new0"), byID(uuidN(5))
			batch = append(batch[:pos], append([]activity.Call{bad}, batch[pos:]...)...)
			_, err := db.IngestCalls(t.Context(), tn.ID, batch)
			mustCode(t, err, activity.EInvalid)
			if msg, prefix := activity.ErrorMessage(err), fmt.Sprintf("item %d: ", pos); !strings.HasPrefix(msg, prefix) {
				t.Fatalf("message: got %q, want it to start with %q", msg, prefix)
			}
		}
		mustEqual(t, "calls", len(calls(t, db, tn.ID, store.EventFilter{})), 0)
		mustEqualSlice(t, "users", logins(users(t, db, tn.ID)), []string{"taken"})
	})
}

func TestIngestCallsCreatedAt(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		// Without a start, a call is created when it first arrives.
		mustIngestCalls(t, db, tn.ID, activity.Call{ID: uuidN(1), Direction: activity.Inbound, Status: "queued"})
		setNow(db, t0.Add(time.Hour))
		res := mustIngestCalls(t, db, tn.ID, activity.Call{ID: uuidN(1), Direction: activity.Inbound, Status: "still queued"})
		mustResult(t, res, store.IngestResult{Received: 1, Known: 1, Replaced: 1})
		got := mustCall(t, db, tn.ID, uuidN(1))
		mustEqual(t, "status", got.Status, "still queued")
		mustTime(t, "createdAt: the first arrival", got.CreatedAt, t0)
		mustTime(t, "updatedAt: the second arrival", got.UpdatedAt, t0.Add(time.Hour))

		// Once its start is known, that is its creation.
		setNow(db, t0.Add(2*time.Hour))
		mustIngestCalls(t, db, tn.ID, call(uuidN(1), at(30), t0.Add(2*time.Hour)))
		mustTime(t, "createdAt: the start", mustCall(t, db, tn.ID, uuidN(1)).CreatedAt, at(30))
		mustEqualSlice(t, "calls created at 08:30", callIDs(calls(t, db, tn.ID, store.EventFilter{From: at(30), To: at(31)})), []string{uuidN(1)})
	})
}

func TestIngestCallsLargeBatch(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		const n = 3000
		batch := make([]activity.Call, n)
		for i := range batch {
			batch[i] = call(uuidN(i), at(0).Add(time.Duration(i)*time.Second), at(1))
			batch[i].User = byLogin(fmt.Sprintf("agent%02d", i%25))
			batch[i].CallData = json.RawMessage(fmt.Sprintf(`{"n": %d}`, i))
			batch[i].Links = map[string]string{"incident": uuidN(n + i)}
		}
		res := mustIngestCalls(t, db, tn.ID, batch...)
		mustResult(t, res, store.IngestResult{Received: n, New: n, UsersCreated: 25})
		list := calls(t, db, tn.ID, store.EventFilter{})
		mustEqual(t, "calls", len(list), n)
		mustJSON(t, "callData of the last", list[n-1].CallData, fmt.Sprintf(`{"n":%d}`, n-1))
		mustEqual(t, "link of the last", list[n-1].Links["incident"], uuidN(2*n-1))

		// Newer versions of every other one, and new ones.
		for i := range batch {
			if i%2 == 0 {
				batch[i].UpdatedAt, batch[i].Status = at(2), "ended"
			} else {
				batch[i].ID = uuidN(n*3 + i)
			}
		}
		res = mustIngestCalls(t, db, tn.ID, batch...)
		mustResult(t, res, store.IngestResult{Received: n, New: n / 2, Known: n / 2, Replaced: n / 2})
		ended := calls(t, db, tn.ID, store.EventFilter{Statuses: []string{"ended"}})
		mustEqual(t, "ended calls", len(ended), n/2)
	})
}
