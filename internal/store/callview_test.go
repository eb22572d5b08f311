package store_test

import (
	"fmt"
	"strings"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

var viewFields = []store.CallViewField{store.ViewStart, store.ViewEnd, store.ViewDuration, store.ViewAnswered,
	store.ViewSrcNumber, store.ViewDstNumber, store.ViewSrcDn, store.ViewDstDn, store.ViewSrcName, store.ViewDstName,
	store.ViewSrcExternal, store.ViewDstExternal}

// viewCalls are one call of each shape, numbered 1 to 5, and the view's
// fields of each, in viewFields order (times as minutes after at(0),
// durations in minutes, booleans 1 or 0, null as -).
func viewCalls(ann activity.User) ([]activity.Call, []string) {
	mk := func(n int, dir, from, to, ext string, user bool, start, answered, end int) activity.Call {
		c := activity.Call{ID: uuidN(n), Direction: dir, FromNumber: from, ToNumber: to, Extension: ext}
		if user {
			c.User = activity.UserRef{ID: ann.ID}
		}
		if start >= 0 {
			c.StartedAt, c.EndedAt = ptr(at(start)), ptr(at(end))
		}
		if answered >= 0 {
			c.AnsweredAt = ptr(at(answered))
		}
		return c
	}
	return []activity.Call{
			mk(1, activity.Inbound, "+4930", "800", "101", true, 0, 1, 3),
			mk(2, activity.Outbound, "", "+4940", "", true, 5, -1, 6), // Ann's extension
			mk(3, activity.Internal, "101", "102", "101", true, 10, -1, 10),
			mk(4, activity.Internal, "102", "101", "101", false, 10, 11, 12),
			mk(5, activity.Inbound, "+4930", "", "", false, -1, -1, 0), // created when it arrives
		}, []string{
			"0 3 3 1 +4930 800 - 101 - Name of ann 1 0",
			"5 6 1 0 - +4940 101 - Name of ann - 0 1",
			"10 10 0 0 101 102 101 102 Name of ann - 0 0",
			"10 12 2 1 102 101 102 101 - - 0 0",
			"240 240 0 0 +4930 - - - - - 1 0",
		}
}

// viewRow writes values as viewCalls describes them.
func viewRow(values []any) string {
	out := make([]string, len(values))
	for i, v := range values {
		switch v := v.(type) {
		case nil:
			out[i] = "-"
		case bool:
			out[i] = map[bool]string{true: "1", false: "0"}[v]
		case int64:
			switch i {
			case 0, 1: // times: minutes after at(0)
				v = (v - at(0).UnixMilli()) / 60000
			case 2: // the duration, in minutes
				v /= 60000
			}
			out[i] = fmt.Sprint(v)
		default:
			out[i] = fmt.Sprint(v)
		}
	}
	return strings.Join(out, " ")
}

func TestCallView(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		setNow(db, at(240))
		tn, other := mustTenant(t, db, "view"), mustTenant(t, db, "other")
		ann := activity.User{ID: uuidN(100), Login: "ann", Name: "Name of ann", Extension: "101"}
		_, err := db.EnsureUsers(t.Context(), tn.ID, []activity.User{ann})
		must(t, err)
		list, want := viewCalls(ann)
		for _, c := range list {
			mustIngestCalls(t, db, tn.ID, c) // one by one: seq 1 to 5
		}
		mustIngestCalls(t, db, other.ID, activity.Call{ID: uuidN(9), Direction: activity.Inbound, StartedAt: ptr(at(1))})
		sel := []string{store.CallViewColumn(store.ViewSeq)}
		for _, f := range viewFields {
			sel = append(sel, store.CallViewColumn(f))
		}
		read := func(q store.CallViewQuery) []string {
			t.Helper()
			q.Select = sel
			var rows []string
			must(t, db.EachCallView(t.Context(), tn.ID, q, func(values []any) error {
				rows = append(rows, fmt.Sprint(values[0])+": "+viewRow(values[1:]))
				return nil
			}))
			return rows
		}
		rows := func(seqs ...int) []string {
			var out []string
			for _, n := range seqs {
				out = append(out, fmt.Sprint(n)+": "+want[n-1])
			}
			return out
		}
		mustEqualSlice(t, "every call, in the default order", read(store.CallViewQuery{}), rows(1, 2, 3, 4, 5))
		mustEqualSlice(t, "ties broken by id, descending", read(store.CallViewQuery{Descending: true}), rows(5, 4, 3, 2, 1))
		internal := store.CallViewQuery{Where: "(e.direction = $2)", Args: []any{activity.Internal}}
		mustEqualSlice(t, "a condition", read(internal), rows(3, 4))
		internal.OrderBy = store.CallViewColumn(store.ViewDuration) + " DESC"
		mustEqualSlice(t, "an order", read(internal), rows(4, 3))
		mustEqualSlice(t, "a page", read(store.CallViewQuery{Limit: 2, Offset: 1}), rows(2, 3))
		mustEqualSlice(t, "an offset alone", read(store.CallViewQuery{Offset: 3}), rows(4, 5))
		for _, c := range []struct {
			tenant int64
			where  string
			args   []any
			want   int64
		}{{tn.ID, "", nil, 5}, {tn.ID, internal.Where, internal.Args, 2}, {other.ID, "", nil, 1}} {
			n, err := db.CountCallView(t.Context(), c.tenant, c.where, c.args)
			must(t, err)
			mustEqual(t, "count "+c.where, n, c.want)
		}
	})
}
