package store_test

import (
	"fmt"
	"slices"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// handledCalls are calls of ann (extension 101) and at other extensions:
// n numbers the id, the call starts at at(start), rings for ring minutes,
// and talks for talk minutes when talk is not zero.
func handledCalls(ann activity.User) []activity.Call {
	mk := func(n int, dir, from, ext string, user bool, start, ring, talk int) activity.Call {
		c := activity.Call{ID: uuidN(n), Direction: dir, FromNumber: from, Extension: ext, Queue: "800",
			StartedAt: ptr(at(start)), EndedAt: ptr(at(start + ring + talk))}
		if user {
			c.User = activity.UserRef{ID: ann.ID}
		}
		if talk > 0 {
			c.AnsweredAt = ptr(at(start + ring))
		}
		return c
	}
	return []activity.Call{
		mk(1, activity.Inbound, "+4930", "101", true, 0, 1, 5),
		mk(2, activity.Inbound, "+4930", "", true, 10, 2, 0),    // at Ann's extension
		mk(3, activity.Outbound, "101", "", true, 20, 0, 7),     // at Ann's extension
		mk(4, activity.Internal, "101", "101", false, 30, 1, 2), // made by 101
		mk(5, activity.Internal, "102", "101", false, 40, 1, 3), // reached 101
		mk(6, activity.Inbound, "+4930", "102", false, 50, 1, 4),
		mk(7, activity.Inbound, "+4930", "", false, 60, 1, 4),    // no extension
		mk(8, activity.Inbound, "+4930", "101", true, 200, 1, 4), // after the period
	}
}

func TestExtensionCalls(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn, other := mustTenant(t, db, "stats"), mustTenant(t, db, "other")
		ann := activity.User{ID: uuidN(100), Login: "ann", Name: "Ann", Extension: "101"}
		_, err := db.EnsureUsers(t.Context(), tn.ID, []activity.User{ann})
		must(t, err)
		mustIngestCalls(t, db, tn.ID, handledCalls(ann)...)
		mustIngestCalls(t, db, other.ID, activity.Call{ID: uuidN(9), Direction: activity.Inbound, Extension: "101",
			StartedAt: ptr(at(1)), AnsweredAt: ptr(at(2)), EndedAt: ptr(at(3))})
		for _, c := range []struct {
			name string
			f    store.ExtensionCallFilter
			want []string // extension: in answered, unanswered, talk; out answered, unanswered, talk
		}{
			{"all", store.ExtensionCallFilter{}, []string{"101: in 2 1 8m0s; out 2 0 9m0s", "102: in 1 0 4m0s; out 0 0 0s"}},
			{"internal", store.ExtensionCallFilter{Direction: activity.Internal}, []string{"101: in 1 0 3m0s; out 1 0 2m0s"}},
			{"external", store.ExtensionCallFilter{Direction: "external"}, []string{"101: in 1 1 5m0s; out 1 0 7m0s", "102: in 1 0 4m0s; out 0 0 0s"}},
			{"some extensions", store.ExtensionCallFilter{Extensions: []string{"102", "103"}}, []string{"102: in 1 0 4m0s; out 0 0 0s"}},
		} {
			c.f.From, c.f.To = at(0), at(100)
			list, err := db.ExtensionCalls(t.Context(), tn.ID, c.f)
			must(t, err)
			var got []string
			for _, x := range list {
				got = append(got, fmt.Sprintf("%s: in %d %d %s; out %d %d %s", x.Extension, x.InboundAnswered, x.InboundUnanswered,
					x.InboundTalk, x.OutboundAnswered, x.OutboundUnanswered, x.OutboundTalk))
			}
			slices.Sort(got)
			mustEqualSlice(t, c.name, got, c.want)
		}
	})
}

func TestTalkSpans(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "talk")
		ann := activity.User{ID: uuidN(100), Login: "ann", Name: "Ann", Extension: "101"}
		_, err := db.EnsureUsers(t.Context(), tn.ID, []activity.User{ann})
		must(t, err)
		mustIngestCalls(t, db, tn.ID, handledCalls(ann)...)
		read := func(h *store.Handlers) []string {
			var got []string
			must(t, db.TalkSpans(t.Context(), tn.ID, at(0), at(100), h, func(s store.TalkSpan) error {
				got = append(got, fmt.Sprintf("%s/%s/%s %s+%s", map[bool]string{true: "ann", false: "-"}[s.UserID == ann.ID],
					s.Extension, s.Queue, s.Span.Start.Sub(at(0)), s.Span.End.Sub(s.Span.Start)))
				return nil
			}))
			slices.Sort(got)
			return got
		}
		mustEqualSlice(t, "all", read(nil), sorted("-/101/800 31m0s+2m0s", "-/101/800 41m0s+3m0s", "-//800 1h1m0s+4m0s",
			"-/102/800 51m0s+4m0s", "ann//800 20m0s+7m0s", "ann/101/800 1m0s+5m0s"))
		mustEqualSlice(t, "Ann's agent", read(&store.Handlers{UserIDs: []string{ann.ID}}), sorted("ann//800 20m0s+7m0s", "ann/101/800 1m0s+5m0s"))
		mustEqualSlice(t, "extension 102", read(&store.Handlers{Extensions: []string{"102"}}), []string{"-/102/800 51m0s+4m0s"})
		mustEqualSlice(t, "nobody", read(&store.Handlers{}), nil)
	})
}

func sorted(list ...string) []string {
	slices.Sort(list)
	return list
}
