package store_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// call is an inbound call started at start and updated at updated.
func call(id string, start, updated time.Time) activity.Call {
	return activity.Call{ID: id, Direction: activity.Inbound, FromNumber: "+4930123", ToNumber: "+4940456",
		StartedAt: &start, UpdatedAt: updated, Status: "ringing"}
}

func mustIngestCalls(t *testing.T, db *store.DB, tenantID int64, list ...activity.Call) store.IngestResult {
	t.Helper()
	res, err := db.IngestCalls(t.Context(), tenantID, list)
	must(t, err)
	return res
}

func mustCall(t *testing.T, db *store.DB, tenantID int64, id string) activity.Call {
	t.Helper()
	c, err := db.Call(t.Context(), tenantID, id)
	must(t, err)
	return c
}

func TestCallRoundTrip(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		start, answer, end := at(0).Add(250*time.Millisecond), at(1), at(5)
		incident := "ABCDEF01-2345-4678-9ABC-DEF012345678"
		in := activity.Call{ID: strings.ToUpper(uuidN(1)), Direction: activity.Outbound, FromNumber: "201", ToNumber: "+4940456",
			User: byLogin("alice"), Extension: "201", Queue: "sales", StartedAt: &start, AnsweredAt: &answer, EndedAt: &end,
			UpdatedAt: at(6), Status: "completed", StatusMessage: ptr("hung up by caller"), CostCents: 42,
			CallData: json.RawMessage(`{ "b": [1, 2.5, "x"],  "a": {"nested": true}, "n": null }`),
			Links:    map[string]string{"incident": incident, "team": uuidN(7), "statusPage": ""}}
		res := mustIngestCalls(t, db, tn.ID, in)
		mustResult(t, res, store.IngestResult{Received: 1, New: 1, UsersCreated: 1})

		alice := users(t, db, tn.ID)[0]
		got := mustCall(t, db, tn.ID, uuidN(1))
		want := activity.Call{ID: uuidN(1), Direction: activity.Outbound, FromNumber: "201", ToNumber: "+4940456",
			User: activity.UserRef{ID: alice.ID, Login: "alice"}, Extension: "201", Queue: "sales",
			StartedAt: &start, AnsweredAt: &answer, EndedAt: &end, UpdatedAt: at(6), CreatedAt: start,
			Status: "completed", StatusMessage: ptr("hung up by caller"), Outcome: activity.Answered, CostCents: 42,
			CallData: json.RawMessage(`{"a":{"nested":true},"b":[1,2.5,"x"],"n":null}`),
			Links:    map[string]string{"incident": activity.CanonicalUUID(incident), "team": uuidN(7)}}
		mustCallEqual(t, got, want)

		// The least a call can be: no user, no data, no links.
		bare := activity.Call{ID: uuidN(2), Direction: activity.Internal, Outcome: activity.Busy}
		mustIngestCalls(t, db, tn.ID, bare)
		got = mustCall(t, db, tn.ID, uuidN(2))
		mustCallEqual(t, got, activity.Call{ID: uuidN(2), Direction: activity.Internal, UpdatedAt: t0, CreatedAt: t0,
			Outcome: activity.Busy, Links: map[string]string{}})
	})
}

func TestCallNotFound(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "acme"), mustTenant(t, db, "beta")
		mustIngestCalls(t, db, a.ID, call(uuidN(1), at(0), at(0)))
		_, err := db.Call(t.Context(), a.ID, uuidN(2))
		mustCode(t, err, activity.ENotFound)
		_, err = db.Call(t.Context(), b.ID, uuidN(1))
		mustCode(t, err, activity.ENotFound)
		_, err = db.Call(t.Context(), a.ID, "call-1")
		mustCode(t, err, activity.EInvalid)
	})
}

func TestCallsFilters(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		mk := func(n int, start time.Time, dir, queue, status, login string) activity.Call {
			c := call(uuidN(n), start, start)
			c.Direction, c.Queue, c.Status = dir, queue, status
			if login != "" {
				c.User = byLogin(login)
			}
			return c
		}
		noStart := activity.Call{ID: uuidN(6), Direction: activity.Inbound, Status: "queued"} // created when it arrives
		setNow(db, at(25))
		mustIngestCalls(t, db, tn.ID,
			mk(1, at(10), activity.Inbound, "sales", "ended", "alice"),
			mk(2, at(20).Add(-time.Millisecond), activity.Outbound, "", "ended", "bob"),
			mk(3, at(20), activity.Inbound, "support", "", ""),
			mk(4, at(5), activity.Internal, "sales", "ringing", "alice"),
			mk(5, at(30), activity.Inbound, "sales", "ended", "bob"),
			noStart)
		us := users(t, db, tn.ID)
		alice, bob := us[0], us[1]
		for _, c := range []struct {
			name string
			f    store.EventFilter
			want []int
		}{
			{"all", store.EventFilter{}, []int{4, 1, 2, 3, 6, 5}},
			{"period", store.EventFilter{From: at(10), To: at(20)}, []int{1, 2}},
			{"period without start", store.EventFilter{From: at(25), To: at(26)}, []int{6}},
			{"inbound", store.EventFilter{Direction: activity.Inbound}, []int{1, 3, 6, 5}},
			{"queue sales", store.EventFilter{Queue: ptr("sales")}, []int{4, 1, 5}},
			{"no queue", store.EventFilter{Queue: ptr("")}, []int{2, 6}},
			{"status ended", store.EventFilter{Statuses: []string{"ended"}}, []int{1, 2, 5}},
			{"status empty", store.EventFilter{Statuses: []string{""}}, []int{3}},
			{"no status", store.EventFilter{Statuses: []string{}}, []int{}},
			{"alice", store.EventFilter{UserIDs: []string{alice.ID}}, []int{4, 1}},
			{"alice and bob", store.EventFilter{UserIDs: []string{bob.ID, alice.ID}}, []int{4, 1, 2, 5}},
			{"no user", store.EventFilter{UserIDs: []string{}}, []int{}},
			{"combined", store.EventFilter{From: at(0), To: at(31), Direction: activity.Inbound, Queue: ptr("sales"), UserIDs: []string{bob.ID}}, []int{5}},
		} {
			want := make([]string, len(c.want))
			for i, n := range c.want {
				want[i] = uuidN(n)
			}
			mustEqualSlice(t, c.name, callIDs(calls(t, db, tn.ID, c.f)), want)
		}
		list := calls(t, db, tn.ID, store.EventFilter{UserIDs: []string{bob.ID}})
		mustEqual(t, "login", list[0].User.Login, "bob")
	})
}

func TestCallsPaging(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		var batch []activity.Call
		for i := range 45 {
			// Runs of five calls share a start; ids are not in start order.
			batch = append(batch, call(uuidN((i*7)%45), at(i/5), at(50)))
		}
		mustIngestCalls(t, db, tn.ID, batch...)
		all := callIDs(calls(t, db, tn.ID, store.EventFilter{}))
		mustEqual(t, "calls", len(all), 45)
		for i := 1; i < len(all); i++ {
			prev, cur := mustCall(t, db, tn.ID, all[i-1]), mustCall(t, db, tn.ID, all[i])
			if prev.CreatedAt.After(cur.CreatedAt) || prev.CreatedAt.Equal(cur.CreatedAt) && prev.ID >= cur.ID {
				t.Fatalf("order: got %s (%s) before %s (%s), want by created time then id", prev.ID,
					activity.FormatTime(prev.CreatedAt), cur.ID, activity.FormatTime(cur.CreatedAt))
			}
		}
		for _, limit := range []int{1, 4, 5, 44, 45} {
			var got []string
			f := store.EventFilter{Limit: limit}
			for pages := 0; pages <= 50; pages++ {
				page := calls(t, db, tn.ID, f)
				got = append(got, callIDs(page)...)
				if len(page) < limit {
					break
				}
				last := page[len(page)-1]
				f.After = &store.Cursor{Time: last.CreatedAt.UnixMilli(), ID: last.ID}
			}
			mustEqualSlice(t, fmt.Sprintf("ids paged by %d", limit), got, all)
		}
	})
}

func callIDs(list []activity.Call) []string {
	ids := make([]string, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	return ids
}

func mustCallEqual(t *testing.T, got, want activity.Call) {
	t.Helper()
	mustJSON(t, "callData", got.CallData, string(want.CallData))
	got.CallData, want.CallData = nil, nil
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("call:\ngot  %+v\nwant %+v", got, want)
	}
}

// mustJSON compares JSON by meaning: PostgreSQL's jsonb rewrites spaces and
// key order. An empty want means no data.
func mustJSON(t *testing.T, what string, got json.RawMessage, want string) {
	t.Helper()
	if want == "" || got == nil {
		if want != "" || got != nil {
			t.Fatalf("%s: got %s, want %q", what, got, want)
		}
		return
	}
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: got %s, not JSON: %v", what, got, err)
	}
	must(t, json.Unmarshal([]byte(want), &w))
	if !reflect.DeepEqual(g, w) {
		t.Fatalf("%s: got %s, want %s", what, got, want)
	}
}
