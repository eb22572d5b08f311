package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

func TestIngestNewThenKnown(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		forEachKind(t, db, func(t *testing.T, k kind, tn activity.Tenant) {
			batch := []ev{
				{ID: "e1", User: byLogin("alice"), What: "a", Time: at(0)},
				{ID: "e2", User: byLogin("alice"), What: "b", Time: at(1)},
				{ID: "e3", User: byLogin("bob"), What: "", Time: at(2)},
			}
			res := k.mustIngest(t, db, tn.ID, batch...)
			mustResult(t, res, store.IngestResult{Received: 3, New: 3, UsersCreated: 2})

			res = k.mustIngest(t, db, tn.ID, batch...)
			mustResult(t, res, store.IngestResult{Received: 3, Known: 3})

			// Known and new mixed; a known id keeps its first content.
			res = k.mustIngest(t, db, tn.ID,
				ev{ID: "e2", User: byLogin("bob"), What: "changed", Time: at(9)},
				ev{ID: "e4", User: byLogin("alice"), What: "d", Time: at(3)})
			mustResult(t, res, store.IngestResult{Received: 2, New: 1, Known: 1})

			list := k.read(t, db, tn.ID, store.EventFilter{})
			mustEqual(t, "events stored", len(list), 4)
			e2 := list[1]
			mustEqual(t, "id", e2.ID, "e2")
			mustEqual(t, "e2 content", e2.What, "b")
			mustEqual(t, "e2 login", e2.User.Login, "alice")
			mustTime(t, "e2 time", e2.Time, at(1))
			mustEqual(t, "users", len(users(t, db, tn.ID)), 2)

			res = k.mustIngest(t, db, tn.ID)
			mustResult(t, res, store.IngestResult{})
		})
	})
}

func TestIngestDerivedIDs(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		forEachKind(t, db, func(t *testing.T, k kind, tn activity.Tenant) {
			a := ev{User: byLogin("alice"), What: "x", Time: at(0).Add(123 * time.Millisecond)}
			b := ev{User: byLogin("alice"), What: "y", Time: at(0).Add(123 * time.Millisecond)}
			res := k.mustIngest(t, db, tn.ID, a, b, a)
			mustResult(t, res, store.IngestResult{Received: 3, New: 2, Known: 1, UsersCreated: 1})

			alice := users(t, db, tn.ID)[0]
			list := k.read(t, db, tn.ID, store.EventFilter{})
			mustEqual(t, "events", len(list), 2)
			mustEqual(t, "derived id of a", list[0].ID, k.derivedID(a, alice.ID))
			mustEqual(t, "derived id of b", list[1].ID, k.derivedID(b, alice.ID))
			if list[0].ID == list[1].ID || !activity.IsUUID(list[0].ID) {
				t.Fatalf("derived ids: got %s and %s, want two different UUIDs", list[0].ID, list[1].ID)
			}

			// The same content names the user by id, by both, by upper-case
			// id: the same ids. A finer time is the same millisecond.
			byAliceID, byBoth, byUpper := a, b, a
			byAliceID.User = byID(alice.ID)
			byBoth.User = activity.UserRef{ID: alice.ID, Login: "alice"}
			byUpper.User = byID(strings.ToUpper(alice.ID))
			byUpper.Time = byUpper.Time.Add(400 * time.Microsecond)
			res = k.mustIngest(t, db, tn.ID, byAliceID, byBoth, byUpper)
			mustResult(t, res, store.IngestResult{Received: 3, Known: 3})

			// Another user, or another millisecond, is another event.
			bob, later := a, a
			bob.User = byLogin("bob")
			later.Time = later.Time.Add(time.Millisecond)
			res = k.mustIngest(t, db, tn.ID, bob, later)
			mustResult(t, res, store.IngestResult{Received: 2, New: 2, UsersCreated: 1})
			mustEqual(t, "events", len(k.read(t, db, tn.ID, store.EventFilter{})), 4)
		})
	})
}

func TestIngestCreatesUnknownUsers(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		forEachKind(t, db, func(t *testing.T, k kind, tn activity.Tenant) {
			known := mustUser(t, db, tn.ID, "known", "g1")
			idOnly, idAndLogin := uuidN(1), uuidN(2)
			res := k.mustIngest(t, db, tn.ID,
				ev{ID: "e1", User: byLogin("by-login"), Time: at(0)},
				ev{ID: "e2", User: byID(idOnly), Time: at(1)},
				ev{ID: "e3", User: activity.UserRef{ID: idAndLogin, Login: "by-both"}, Time: at(2)},
				ev{ID: "e4", User: byLogin("by-login"), Time: at(3)},
				ev{ID: "e5", User: byID(known.ID), Time: at(4)},
				ev{ID: "e6", User: byLogin("known"), Time: at(5)},
				ev{ID: "e7", User: byID(idOnly), Time: at(6)},
			)
			mustResult(t, res, store.IngestResult{Received: 7, New: 7, UsersCreated: 3})

			list := users(t, db, tn.ID)
			mustEqualSlice(t, "logins", logins(list), []string{idOnly, "by-both", "by-login", "known"})
			byLoginID := list[2].ID
			if !activity.IsUUID(byLoginID) {
				t.Fatalf("id of a user created by login: got %q, want a UUID", byLoginID)
			}
			mustEqual(t, "id of the user created by id", list[0].ID, idOnly)
			mustEqual(t, "id of the user created by both", list[1].ID, idAndLogin)
			mustEqualSlice(t, "groups of known, untouched", list[3].Groups, []string{"g1"})

			wantUsers := []string{byLoginID, idOnly, idAndLogin, byLoginID, known.ID, known.ID, idOnly}
			gotUsers := []string{}
			for _, e := range k.read(t, db, tn.ID, store.EventFilter{}) {
				gotUsers = append(gotUsers, e.User.ID)
			}
			mustEqualSlice(t, "user ids of the events", gotUsers, wantUsers)

			// A later batch finds them all.
			res = k.mustIngest(t, db, tn.ID,
				ev{ID: "f1", User: byLogin("by-login"), Time: at(10)},
				ev{ID: "f2", User: byLogin(idOnly), Time: at(11)},
				ev{ID: "f3", User: byLogin("by-both"), Time: at(12)},
				ev{ID: "f4", User: activity.UserRef{ID: byLoginID, Login: "by-login"}, Time: at(13)},
			)
			mustResult(t, res, store.IngestResult{Received: 4, New: 4})
			mustEqual(t, "users after the second batch", len(users(t, db, tn.ID)), 4)
			gotUsers = gotUsers[:0]
			for _, e := range k.read(t, db, tn.ID, store.EventFilter{From: at(10)}) {
				gotUsers = append(gotUsers, e.User.ID)
			}
			mustEqualSlice(t, "user ids of the second batch", gotUsers, []string{byLoginID, idOnly, idAndLogin, byLoginID})
		})
	})
}

func TestIngestInvalidItemWritesNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		forEachKind(t, db, func(t *testing.T, k kind, tn activity.Tenant) {
			mustUser(t, db, tn.ID, "taken")
			bad := map[string]ev{
				"no time":       {ID: "bad", User: byLogin("someone")},
				"no user":       {ID: "bad", Time: at(0)},
				"user id":       {ID: "bad", User: byID("nope"), Time: at(0)},
				"login taken":   {ID: "bad", User: activity.UserRef{ID: uuidN(9), Login: "taken"}, Time: at(0)},
				"id too long":   {ID: strings.Repeat("x", 201), User: byLogin("someone"), Time: at(0)},
				"out of range":  {ID: "bad", User: byLogin("someone"), Time: time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)},
				"control in id": {ID: "a\nb", User: byLogin("someone"), Time: at(0)},
				"what too long": {ID: "bad", User: byLogin("someone"), What: strings.Repeat("q", 201), Time: at(0)},
			}
			for name, b := range bad {
				for _, pos := range []int{0, 2, 4} {
					batch := []ev{
						{ID: "ok0", User: byLogin("new0"), What: "w", Time: at(1)},
						{ID: "ok1", User: byID(uuidN(1)), What: "w", Time: at(2)},
						{ID: "ok2", User: byLogin("taken"), What: "w", Time: at(3)},
						{User: activity.UserRef{ID: uuidN(3), Login: "new3"}, What: "w", Time: at(4)},
					}
					batch = append(batch[:pos], append([]ev{b}, batch[pos:]...)...)
					_, err := k.ingest(t.Context(), db, tn.ID, batch)
					if activity.ErrorCode(err) != activity.EInvalid {
						t.Fatalf("%s at %d: got error %v, want %s", name, pos, err, activity.EInvalid)
					}
					prefix := fmt.Sprintf("item %d: ", pos)
					if msg := activity.ErrorMessage(err); !strings.HasPrefix(msg, prefix) {
						t.Fatalf("%s at %d: got message %q, want it to start with %q", name, pos, msg, prefix)
					}
				}
			}
			mustEqual(t, "events after failed batches", len(k.read(t, db, tn.ID, store.EventFilter{})), 0)
			mustEqualSlice(t, "users after failed batches", logins(users(t, db, tn.ID)), []string{"taken"})
		})
	})
}

func TestIngestUnknownIDWithAnotherUsersLogin(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		forEachKind(t, db, func(t *testing.T, k kind, tn activity.Tenant) {
			alice := mustUser(t, db, tn.ID, "alice")
			stranger := uuidN(77)
			_, err := k.ingest(t.Context(), db, tn.ID, []ev{
				{ID: "e0", User: byLogin("newbie"), Time: at(0)},
				{ID: "e1", User: activity.UserRef{ID: stranger, Login: "alice"}, Time: at(1)},
			})
			mustCode(t, err, activity.EInvalid)
			msg := activity.ErrorMessage(err)
			if !strings.HasPrefix(msg, "item 1: ") || !strings.Contains(msg, stranger) || !strings.Contains(msg, alice.ID) {
				t.Fatalf("message: got %q, want it to name item 1, %s and %s", msg, stranger, alice.ID)
			}

			// Two unknown ids claiming one new login in one batch conflict too.
			_, err = k.ingest(t.Context(), db, tn.ID, []ev{
				{ID: "e2", User: activity.UserRef{ID: uuidN(1), Login: "twin"}, Time: at(2)},
				{ID: "e3", User: activity.UserRef{ID: uuidN(2), Login: "twin"}, Time: at(3)},
			})
			mustCode(t, err, activity.EInvalid)
			if msg := activity.ErrorMessage(err); !strings.HasPrefix(msg, "item 1: ") {
				t.Fatalf("message: got %q, want it to start with \"item 1: \"", msg)
			}
			mustEqual(t, "events", len(k.read(t, db, tn.ID, store.EventFilter{})), 0)
			mustEqualSlice(t, "users", logins(users(t, db, tn.ID)), []string{"alice"})
		})
	})
}

func TestIngestLargeBatch(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		forEachKind(t, db, func(t *testing.T, k kind, tn activity.Tenant) {
			const n, agents = 3000, 40
			batch := make([]ev, n)
			want := make([]string, n)
			for i := range batch {
				// Ten events a millisecond: only the ingestion order sorts them.
				batch[i] = ev{ID: fmt.Sprintf("e%04d", i), User: byLogin(fmt.Sprintf("agent%02d", i%agents)),
					What: fmt.Sprintf("w%d", i%7), Time: at(0).Add(time.Duration(i/10) * time.Millisecond)}
				want[i] = batch[i].ID
			}
			// Reversed ids within each millisecond show that order is not by id.
			for i := 0; i+1 < n; i += 2 {
				batch[i].ID, batch[i+1].ID = batch[i+1].ID, batch[i].ID
				want[i], want[i+1] = want[i+1], want[i]
			}
			res := k.mustIngest(t, db, tn.ID, batch...)
			mustResult(t, res, store.IngestResult{Received: n, New: n, UsersCreated: agents})
			mustEqualSlice(t, "ids in time and ingestion order", k.ids(t, db, tn.ID, store.EventFilter{}), want)

			// Half known, half new.
			second := make([]ev, n)
			for i := range second {
				second[i] = batch[i]
				if i%2 == 1 {
					second[i].ID = fmt.Sprintf("f%04d", i)
				}
			}
			res = k.mustIngest(t, db, tn.ID, second...)
			mustResult(t, res, store.IngestResult{Received: n, New: n / 2, Known: n / 2})
			mustEqual(t, "events", len(k.read(t, db, tn.ID, store.EventFilter{})), n+n/2)
			mustEqual(t, "users", len(users(t, db, tn.ID)), agents)
		})
	})
}

// TestAcknowledgedSurvivesReopen checks that what an ingest acknowledged is
// there after the database is closed and opened again.
func TestAcknowledgedSurvivesReopen(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		must(t, db.Migrate(t.Context()))
		tn := mustTenant(t, db, "acme")
		var batch []activity.StatusEvent
		for i := range 500 {
			batch = append(batch, st("", "agent", "Ready", at(0).Add(time.Duration(i)*time.Second)))
		}
		res, err := db.IngestStatusEvents(t.Context(), tn.ID, batch)
		must(t, err)
		mustEqual(t, "new", res.New, 500)
		sessions := []activity.SessionEvent{se("s1", "agent", activity.Login, "q", at(1))}
		_, err = db.IngestSessionEvents(t.Context(), tn.ID, sessions)
		must(t, err)
		mustIngestCalls(t, db, tn.ID, activity.Call{ID: uuidN(1), Direction: activity.Inbound, StartedAt: ptr(at(2))})
		before := statusIDs(statusEvents(t, db, tn.ID, store.EventFilter{}))
		must(t, db.Close())

		db = b.open(t)
		must(t, db.Migrate(t.Context()))
		mustEqualSlice(t, "status events after reopening", statusIDs(statusEvents(t, db, tn.ID, store.EventFilter{})), before)
		mustEqual(t, "status events", len(before), 500)
		mustEqual(t, "session events after reopening", len(sessionEvents(t, db, tn.ID, store.EventFilter{})), 1)
		mustEqual(t, "calls after reopening", len(calls(t, db, tn.ID, store.EventFilter{})), 1)
		mustEqual(t, "users after reopening", len(users(t, db, tn.ID)), 1)
	})
}
