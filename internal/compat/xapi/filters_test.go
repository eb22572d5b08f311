package xapi_test

// Each parameter of GetUserActivity that selects calls, over a dozen calls
// whose counts are worked out by hand below (and by the model, which must
// agree with the hand).

import (
	"fmt"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// handCalls are the calls of 2025-05-06 (Berlin) the filter tests count.
// Agents: 1 = ext 101, group 10; 2 = ext 102, groups 10 and 20; 3 = ext 103,
// group 20; 4 = ext 104; 5 = no extension, group 10.
func handCalls() []tcall {
	const in, out, internal = activity.Inbound, activity.Outbound, activity.Internal
	s := time.Second
	list := []tcall{
		{agent: 1, ext: "101", dir: in, answered: true, ring: 5 * s},           // 1
		{agent: 1, ext: "101", queue: "q10", dir: in, ring: 10 * s},            // 2: short abandon from a queue
		{agent: 1, ext: "101", dir: out, ring: 45 * s},                         // 3
		{ext: "101", dir: internal, answered: true, ring: 3 * s},               // 4: the extension, no agent
		{agent: 2, ext: "102", dir: out, answered: true, ring: 8 * s},          // 5
		{agent: 2, ext: "102", queue: "q10", dir: in, ring: 30 * s},            // 6: rang exactly 30 s
		{agent: 3, ext: "103", dir: internal, ring: 5 * s},                     // 7
		{agent: 3, ext: "103", queue: "q20", dir: in, answered: true, ring: s}, // 8: answered after 1 s
		{agent: 5, dir: in, answered: true, ring: 4 * s},                       // 9: an agent without extension
		{ext: "104", dir: in, ring: 60 * s},                                    // 10: agent 4's extension only
		{agent: 4, ext: "104", dir: internal, answered: true, ring: 2 * s},     // 11
		{ext: "105", queue: "q10", dir: in, ring: 29 * s},                      // 12: nobody's extension
		{agent: 2, dir: internal},                                              // 13: agent 2, no extension, no ring
	}
	for i := range list {
		list[i].start = time.Date(2025, 5, 6, 8, 5*i, 0, 0, time.UTC)
	}
	return list
}

func TestFilters(t *testing.T) {
	base := dayQuery("Europe/Berlin", "2025-05-05T22:00:00.000Z", "2025-05-06T22:00:00.000Z")
	with := func(change func(q *query)) query { q := base; change(&q); return q }
	cases := []struct {
		name                 string
		q                    query
		answered, unanswered int // worked out by hand from handCalls
	}{
		{"no filter", base, 6, 7},
		{"group 10: agents 1, 2, 5 and extensions 101, 102", with(func(q *query) { q.group = "10" }), 4, 4},
		{"group 20: agents 2, 3 and extensions 102, 103", with(func(q *query) { q.group = "20" }), 2, 3},
		{"a group nobody is in", with(func(q *query) { q.group = "99" }), 0, 0},
		{"one extension", with(func(q *query) { q.exts = "101" }), 2, 2},
		{"two extensions with a space", with(func(q *query) { q.exts = "101 102" }), 3, 4},
		{"two extensions with a comma", with(func(q *query) { q.exts = "101,102" }), 3, 4},
		{"two extensions with a comma and a space", with(func(q *query) { q.exts = "101, 102" }), 3, 4},
		{"three extensions, spaces and commas", with(func(q *query) { q.exts = "101 102,105" }), 3, 5},
		{"an extension nobody has", with(func(q *query) { q.exts = "105" }), 0, 1},
		{"a group and an extension: both", with(func(q *query) { q.group, q.exts = "10", "102" }), 1, 2},
		{"waitInterval 30 s leaves out shorter unanswered calls only", with(func(q *query) { q.wait = "0:00:30" }), 6, 3},
		{"waitInterval as d.hh:mm:ss", with(func(q *query) { q.wait = "0.00:00:30" }), 6, 3},
		{"waitInterval 29 s", with(func(q *query) { q.wait = "0:00:29" }), 6, 4},
		{"waitInterval 29.5 s", with(func(q *query) { q.wait = "0:00:29.5" }), 6, 3},
		{"waitInterval of a day", with(func(q *query) { q.wait = "1.00:00:00" }), 6, 0},
		{"includeQueueCalls false", with(func(q *query) { q.queueCalls = false }), 5, 4},
		{"callArea 1: internal only", with(func(q *query) { q.area = 1 }), 2, 2},
		{"callArea 2: external only", with(func(q *query) { q.area = 2 }), 4, 5},
		{"everything at once", with(func(q *query) { q.group, q.wait, q.queueCalls, q.area = "10", "0:00:30", false, 2 }), 3, 1},
	}
	calls := handCalls()
	for _, c := range cases { // the model must agree with the hand
		if a, u := totals(c.q.expect(calls)); a != c.answered || u != c.unanswered {
			t.Fatalf("%s: the model counts %d answered and %d unanswered, the hand %d and %d", c.name, a, u, c.answered, c.unanswered)
		}
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.ingest(t, calls)
		for _, c := range cases {
			for grouping := range 2 { // the day as one row, and as 24 hours
				q := c.q
				q.grouping = grouping
				wantRows(t, fmt.Sprintf("%s, groupingType=%d", c.name, grouping),
					e.get(t, q.target("GetUserActivity", ""), e.token), render(q.expect(calls)), nil)
			}
		}
	})
}

// TestNegativeWaitInterval: a TimeSpan with a sign is either refused (400
// naming waitInterval) or read with its sign, which leaves out nothing; it
// is never read as the positive span.
func TestNegativeWaitInterval(t *testing.T) {
	base := dayQuery("Europe/Berlin", "2025-05-05T22:00:00.000Z", "2025-05-06T22:00:00.000Z")
	calls := handCalls()
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.ingest(t, calls)
		for _, wait := range []string{"-0:00:30", "-0.00:00:30"} {
			q := base
			q.wait = wait
			a := e.get(t, q.target("GetUserActivity", ""), e.token)
			if a.status == 400 {
				namesIt("waitInterval")(t, a.body, a.header)
				continue
			}
			wantRows(t, "waitInterval '"+wait+"'", a, render(base.expect(calls)), nil) // as '0:00:00': 6 and 7
		}
	})
}
