package store_test

import (
	"fmt"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// TestStreamedEventsCarryTheirUsersLogins: a stream (no limit) reads the
// logins from a map of the tenant's users instead of joining users per
// row. Every event must carry its own user's login, with and without a
// user filter, and not the login another tenant gives the same user id;
// a page (which joins users in its query) must agree with the stream.
func TestStreamedEventsCarryTheirUsersLogins(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		forEachKind(t, db, func(t *testing.T, k kind, tn activity.Tenant) {
			other := mustTenant(t, db, "other-"+k.name)
			var evs, decoys []ev
			for i := range 40 {
				id := uuidN(i % 7)
				evs = append(evs, ev{ID: fmt.Sprintf("e%d", i), User: activity.UserRef{ID: id, Login: fmt.Sprintf("agent-%d", i%7)}, What: "x", Time: at(i)})
				decoys = append(decoys, ev{ID: fmt.Sprintf("e%d", i), User: activity.UserRef{ID: id, Login: fmt.Sprintf("elsewhere-%d", i%7)}, What: "x", Time: at(i)})
			}
			k.mustIngest(t, db, tn.ID, evs...)
			k.mustIngest(t, db, other.ID, decoys...)
			for _, f := range []store.EventFilter{{}, {UserIDs: []string{uuidN(2), uuidN(5)}}, {UserIDs: []string{}}} {
				streamed := k.read(t, db, tn.ID, f)
				paged := f
				paged.Limit = 1000
				want := k.read(t, db, tn.ID, paged)
				if len(streamed) != len(want) {
					t.Fatalf("filter %v: %d streamed, %d paged", f.UserIDs, len(streamed), len(want))
				}
				for i, e := range streamed {
					if e.User != want[i].User || e.ID != want[i].ID {
						t.Fatalf("filter %v, row %d: streamed %+v, paged %+v", f.UserIDs, i, e.User, want[i].User)
					}
				}
			}
			all := k.read(t, db, tn.ID, store.EventFilter{})
			if len(all) != 40 {
				t.Fatalf("%d events streamed, want 40", len(all))
			}
			for _, e := range all {
				var n int
				if _, err := fmt.Sscanf(e.ID, "e%d", &n); err != nil {
					t.Fatal(err)
				}
				if want := fmt.Sprintf("agent-%d", n%7); e.User.Login != want {
					t.Fatalf("event %s: login %q, want %q", e.ID, e.User.Login, want)
				}
			}
		})
	})
}
