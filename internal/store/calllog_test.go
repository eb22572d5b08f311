package store_test

import (
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// The call log's filters: a part of either number, and newest first with a
// keyset cursor that pages backwards.
func TestCallsByNumberNewestFirst(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		var list []activity.Call
		for i := range 5 {
			c := call(uuidN(i+1), at(i), at(i))
			if i%2 == 0 {
				c.FromNumber = "+49_30%777"
			}
			list = append(list, c)
		}
		mustIngestCalls(t, db, tn.ID, list...)
		ids := func(f store.EventFilter) []string {
			var out []string
			must(t, db.Calls(t.Context(), tn.ID, f, func(c activity.Call) error { out = append(out, c.ID); return nil }))
			return out
		}
		mustEqualSlice(t, "number _30%7", ids(store.EventFilter{Number: "_30%7"}), []string{uuidN(1), uuidN(3), uuidN(5)})
		mustEqualSlice(t, "number 40456", ids(store.EventFilter{Number: "40456"}), []string{uuidN(1), uuidN(2), uuidN(3), uuidN(4), uuidN(5)})
		mustEqualSlice(t, "number 3_0 (the _ is no wildcard)", ids(store.EventFilter{Number: "3_0"}), nil)
		first := ids(store.EventFilter{Newest: true, Limit: 2})
		mustEqualSlice(t, "newest two", first, []string{uuidN(5), uuidN(4)})
		next := ids(store.EventFilter{Newest: true, Limit: 2, After: &store.Cursor{Time: at(3).UnixMilli(), ID: uuidN(4)}})
		mustEqualSlice(t, "the two before", next, []string{uuidN(3), uuidN(2)})
	})
}
