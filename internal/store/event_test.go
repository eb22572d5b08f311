package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

func TestEventsPeriodIsHalfOpen(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		forEachKind(t, db, func(t *testing.T, k kind, tn activity.Tenant) {
			ms := time.Millisecond
			k.mustIngest(t, db, tn.ID,
				ev{ID: "before", User: byLogin("a"), Time: at(10).Add(-ms)},
				ev{ID: "from", User: byLogin("a"), Time: at(10)},
				ev{ID: "inside", User: byLogin("a"), Time: at(15)},
				ev{ID: "last", User: byLogin("a"), Time: at(20).Add(-ms)},
				ev{ID: "to", User: byLogin("a"), Time: at(20)},
			)
			for _, c := range []struct {
				f    store.EventFilter
				want []string
			}{
				{store.EventFilter{From: at(10), To: at(20)}, []string{"from", "inside", "last"}},
				{store.EventFilter{From: at(10)}, []string{"from", "inside", "last", "to"}},
				{store.EventFilter{To: at(10)}, []string{"before"}},
				{store.EventFilter{From: at(15), To: at(15)}, []string{}},
				{store.EventFilter{From: at(10).Add(ms), To: at(20).Add(ms)}, []string{"inside", "last", "to"}},
				{store.EventFilter{}, []string{"before", "from", "inside", "last", "to"}},
			} {
				mustEqualSlice(t, fmt.Sprintf("ids from %s to %s", fmtTimePtr(&c.f.From), fmtTimePtr(&c.f.To)),
					k.ids(t, db, tn.ID, c.f), c.want)
			}
		})
	})
}

func TestEventsByUser(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		forEachKind(t, db, func(t *testing.T, k kind, tn activity.Tenant) {
			alice, bob := mustUser(t, db, tn.ID, "alice"), mustUser(t, db, tn.ID, "bob")
			k.mustIngest(t, db, tn.ID,
				ev{ID: "a1", User: byID(alice.ID), Time: at(1)},
				ev{ID: "b1", User: byLogin("bob"), Time: at(2)},
				ev{ID: "c1", User: byLogin("carol"), Time: at(3)},
				ev{ID: "a2", User: byLogin("alice"), Time: at(4)},
			)
			carol := users(t, db, tn.ID)[2]
			for _, c := range []struct {
				ids  []string
				want []string
			}{
				{nil, []string{"a1", "b1", "c1", "a2"}},
				{[]string{}, []string{}},
				{[]string{alice.ID}, []string{"a1", "a2"}},
				{[]string{strings.ToUpper(bob.ID), carol.ID}, []string{"b1", "c1"}},
				{[]string{uuidN(404)}, []string{}},
			} {
				mustEqualSlice(t, fmt.Sprintf("ids of users %v", c.ids), k.ids(t, db, tn.ID, store.EventFilter{UserIDs: c.ids}), c.want)
			}

			// Every event has its user's id and login, however it named it.
			for _, e := range k.read(t, db, tn.ID, store.EventFilter{}) {
				want := map[string]activity.User{"a": alice, "b": bob, "c": carol}[e.ID[:1]]
				mustEqual(t, "user id of "+e.ID, e.User.ID, want.ID)
				mustEqual(t, "login of "+e.ID, e.User.Login, want.Login)
			}

			// A renamed user's events show the new login.
			_, err := db.UpdateUser(t.Context(), tn.ID, alice.ID, activity.UserPatch{Login: ptr("alice.new")})
			must(t, err)
			list := k.read(t, db, tn.ID, store.EventFilter{UserIDs: []string{alice.ID}})
			mustEqual(t, "login after renaming", list[0].User.Login, "alice.new")
		})
	})
}

// TestEventsOrder checks the order of time, then of ingestion: events of
// one millisecond come back in the order they were ingested, across
// batches, whatever their ids.
func TestEventsOrder(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		forEachKind(t, db, func(t *testing.T, k kind, tn activity.Tenant) {
			t1 := at(0).Add(500 * time.Millisecond)
			k.mustIngest(t, db, tn.ID,
				ev{ID: "z-late", User: byLogin("a"), Time: t1.Add(2 * time.Millisecond)},
				ev{ID: "y-first", User: byLogin("b"), Time: t1},
				ev{ID: "x-second", User: byLogin("a"), Time: t1},
			)
			k.mustIngest(t, db, tn.ID,
				ev{ID: "a-third", User: byLogin("c"), Time: t1},
				ev{ID: "x-second", User: byLogin("a"), Time: t1}, // known: keeps its place
				ev{ID: "b-earliest", User: byLogin("a"), Time: t1.Add(-time.Millisecond)},
				ev{ID: "c-fourth", User: byLogin("a"), Time: t1},
			)
			want := []string{"b-earliest", "y-first", "x-second", "a-third", "c-fourth", "z-late"}
			list := k.read(t, db, tn.ID, store.EventFilter{})
			ids := make([]string, len(list))
			for i, e := range list {
				ids[i] = e.ID
				if i > 0 && list[i-1].Time.Equal(e.Time) && list[i-1].Seq >= e.Seq {
					t.Fatalf("seq of %s: got %d after %d in the same millisecond, want it larger", e.ID, e.Seq, list[i-1].Seq)
				}
			}
			mustEqualSlice(t, "ids", ids, want)
		})
	})
}

// TestEventsPaging reads with Limit and After until the end and checks that
// every event comes exactly once, in order.
func TestEventsPaging(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		forEachKind(t, db, func(t *testing.T, k kind, tn activity.Tenant) {
			var batch []ev
			for i := range 53 {
				// Runs of up to four events share a millisecond, so that
				// page ends fall inside them.
				batch = append(batch, ev{ID: fmt.Sprintf("e%02d", 52-i), User: byLogin(fmt.Sprintf("u%d", i%3)),
					Time: at(0).Add(time.Duration(i/4) * time.Millisecond)})
			}
			k.mustIngest(t, db, tn.ID, batch[:20]...)
			k.mustIngest(t, db, tn.ID, batch[20:]...)
			all := k.ids(t, db, tn.ID, store.EventFilter{})
			mustEqual(t, "events", len(all), 53)

			for _, limit := range []int{1, 4, 7, 53, 100} {
				var got []string
				f := store.EventFilter{Limit: limit}
				for pages := 0; ; pages++ {
					if pages > 60 {
						t.Fatalf("limit %d: paging does not end", limit)
					}
					page := k.read(t, db, tn.ID, f)
					if len(page) > limit {
						t.Fatalf("limit %d: got a page of %d", limit, len(page))
					}
					for _, e := range page {
						got = append(got, e.ID)
					}
					if len(page) < limit {
						break
					}
					last := page[len(page)-1]
					f.After = &store.Cursor{Time: last.Time.UnixMilli(), Seq: last.Seq}
				}
				mustEqualSlice(t, fmt.Sprintf("ids paged by %d", limit), got, all)
			}

			// Paging combines with the other conditions.
			u1 := users(t, db, tn.ID)[1]
			want := k.ids(t, db, tn.ID, store.EventFilter{UserIDs: []string{u1.ID}, From: at(0).Add(3 * time.Millisecond)})
			f := store.EventFilter{UserIDs: []string{u1.ID}, From: at(0).Add(3 * time.Millisecond), Limit: 5}
			var got []string
			for {
				page := k.read(t, db, tn.ID, f)
				for _, e := range page {
					got = append(got, e.ID)
					mustEqual(t, "user of "+e.ID, e.User.ID, u1.ID)
				}
				if len(page) < f.Limit {
					break
				}
				last := page[len(page)-1]
				f.After = &store.Cursor{Time: last.Time.UnixMilli(), Seq: last.Seq}
			}
			mustEqualSlice(t, "filtered ids paged by 5", got, want)
		})
	})
}

func TestStatusEventsByStatus(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		_, err := db.IngestStatusEvents(t.Context(), tn.ID, []activity.StatusEvent{
			st("1", "a", "Ready", at(1)),
			st("2", "a", "", at(2)),
			st("3", "b", "Lunch", at(3)),
			st("4", "b", "Ready", at(4)),
			st("5", "a", "ready", at(5)),
		})
		must(t, err)
		for _, c := range []struct {
			statuses []string
			want     []string
		}{
			{nil, []string{"1", "2", "3", "4", "5"}},
			{[]string{}, []string{}},
			{[]string{"Ready"}, []string{"1", "4"}},
			{[]string{""}, []string{"2"}},
			{[]string{"", "Lunch"}, []string{"2", "3"}},
			{[]string{"Gone"}, []string{}},
		} {
			got := statusIDs(statusEvents(t, db, tn.ID, store.EventFilter{Statuses: c.statuses}))
			mustEqualSlice(t, fmt.Sprintf("ids of statuses %q", c.statuses), got, c.want)
		}
		list := statusEvents(t, db, tn.ID, store.EventFilter{Statuses: []string{""}})
		mustEqual(t, "status of the cleared event", list[0].Status, "")
		mustEqual(t, "login of the cleared event", list[0].User.Login, "a")
	})
}

func TestSessionEventsByQueueAndAction(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		_, err := db.IngestSessionEvents(t.Context(), tn.ID, []activity.SessionEvent{
			se("1", "a", activity.Login, "sales", at(1)),
			se("2", "a", activity.Login, "", at(2)),
			se("3", "b", activity.Login, "support", at(3)),
			se("4", "a", activity.Logout, "sales", at(4)),
			se("5", "b", activity.Logout, "", at(5)),
		})
		must(t, err)
		for _, c := range []struct {
			queue  *string
			action string
			want   []string
		}{
			{nil, "", []string{"1", "2", "3", "4", "5"}},
			{ptr("sales"), "", []string{"1", "4"}},
			{ptr(""), "", []string{"2", "5"}},
			{nil, activity.Login, []string{"1", "2", "3"}},
			{nil, activity.Logout, []string{"4", "5"}},
			{ptr("sales"), activity.Logout, []string{"4"}},
			{ptr("billing"), "", []string{}},
		} {
			got := sessionIDs(sessionEvents(t, db, tn.ID, store.EventFilter{Queue: c.queue, Action: c.action}))
			mustEqualSlice(t, fmt.Sprintf("ids of queue %v action %q", fmtStrPtr(c.queue), c.action), got, c.want)
		}
		list := sessionEvents(t, db, tn.ID, store.EventFilter{Action: activity.Logout})
		mustEqual(t, "queue of 4", list[0].Queue, "sales")
		mustEqual(t, "login of 5", list[1].User.Login, "b")
		mustTime(t, "time of 5", list[1].Time, at(5))
	})
}

func TestEventsStopWhenFnFails(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		_, err := db.IngestStatusEvents(t.Context(), tn.ID, []activity.StatusEvent{
			st("1", "a", "x", at(1)), st("2", "a", "x", at(2)), st("3", "a", "x", at(3)),
		})
		must(t, err)
		stop := fmt.Errorf("stop")
		n := 0
		err = db.StatusEvents(t.Context(), tn.ID, store.EventFilter{}, func(store.StoredStatusEvent) error {
			n++
			return stop
		})
		mustEqual(t, "error", err, stop)
		mustEqual(t, "events handed over", n, 1)
	})
}
