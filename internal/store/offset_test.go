package store_test

import (
	"fmt"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// TestEventsOffsetPaging pages with Limit and Offset, as VoIPcube's
// page/size do: every event exactly once, in the order of the whole list,
// and an empty page past the end.
func TestEventsOffsetPaging(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		forEachKind(t, db, func(t *testing.T, k kind, tn activity.Tenant) {
			var batch []ev
			for i := range 23 {
				batch = append(batch, ev{ID: fmt.Sprintf("e%02d", 22-i), User: byLogin(fmt.Sprintf("u%d", i%2)),
					Time: at(0).Add(time.Duration(i/3) * time.Millisecond)})
			}
			k.mustIngest(t, db, tn.ID, batch...)
			all := k.ids(t, db, tn.ID, store.EventFilter{})
			for _, size := range []int{1, 5, 23, 30} {
				var got []string
				for offset := 0; offset < len(all); offset += size {
					got = append(got, k.ids(t, db, tn.ID, store.EventFilter{Limit: size, Offset: offset})...)
				}
				mustEqualSlice(t, fmt.Sprintf("ids paged by %d", size), got, all)
			}
			past := k.ids(t, db, tn.ID, store.EventFilter{Limit: 5, Offset: 25})
			mustEqual(t, "events past the end", len(past), 0)
		})
	})
}

func TestUserByLogin(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "a"), mustTenant(t, db, "b")
		ann := mustUser(t, db, a.ID, "ann", "10")
		got, err := db.UserByLogin(t.Context(), a.ID, "ann")
		must(t, err)
		mustEqual(t, "id", got.ID, ann.ID)
		mustEqualSlice(t, "groups", got.Groups, []string{"10"})
		_, err = db.UserByLogin(t.Context(), a.ID, "Ann")
		mustCode(t, err, activity.ENotFound)
		_, err = db.UserByLogin(t.Context(), b.ID, "ann")
		mustCode(t, err, activity.ENotFound)
	})
}
