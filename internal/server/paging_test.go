package server_test

// Paging: limit and cursor walk a list to its end, every item once, in
// order; bad limits and cursors are refused.

import (
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

const pagingCount = 23

// pagingTime spreads the paging items over six instants, so that many
// share a millisecond and the tie-breaker matters.
func pagingTime(i int) string {
	return time.Date(2023, 7, 19, 10, 0, (i*7)%6, 0, time.UTC).Format(time.RFC3339Nano)
}

func pagingCallID(i int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", i) }

// pagingItems makes the items of one kind; they are sent in two batches
// so that ingestion order differs from time order.
func pagingItems(kind string) []string {
	items := make([]string, pagingCount)
	for i := range items {
		switch kind {
		case "status-events":
			items[i] = fmt.Sprintf(`{"id":"p%02d","login":"u%d","status":"s","time":"%s"}`, i, i%2, pagingTime(i))
		case "session-events":
			items[i] = fmt.Sprintf(`{"id":"p%02d","login":"u%d","action":"login","time":"%s"}`, i, i%2, pagingTime(i))
		case "calls":
			items[i] = fmt.Sprintf(`{"id":"%s","direction":"inbound","login":"u%d","startedAt":"%s"}`, pagingCallID(i), i%2, pagingTime(i))
		}
	}
	return items
}

// pagingOrder is the order a list must give: by time, then by ingestion
// order (events) or id (calls), which here are both the item number.
func pagingOrder(kind string) []string {
	idx := make([]int, pagingCount)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return strings.Compare(pagingTime(a), pagingTime(b)) })
	out := make([]string, pagingCount)
	for i, n := range idx {
		out[i] = fmt.Sprintf("p%02d", n)
		if kind == "calls" {
			out[i] = pagingCallID(n)
		}
	}
	return out
}

func pagingData(kind string) func(*testing.T, *fixture) {
	return func(t *testing.T, f *fixture) {
		items := pagingItems(kind)
		f.ingest("/api/v1/"+kind, jsonArray(items[:12]...))
		f.ingest("/api/v1/"+kind, jsonArray(items[12:]...))
	}
}

// wantPages follows the cursors of the scenario's query and checks that
// every item comes once, in order, in the wanted number of pages.
func wantPages(kind, query string, pages int) func(*testing.T, *fixture, response) {
	return func(t *testing.T, f *fixture, r response) {
		t.Helper()
		all, got := f.readAll("/api/v1/" + kind + query)
		if strings.Join(ids(all), " ") != strings.Join(pagingOrder(kind), " ") {
			t.Errorf("ids over all pages: got %v, want %v", ids(all), pagingOrder(kind))
		}
		if got != pages {
			t.Errorf("pages: got %d, want %d", got, pages)
		}
	}
}

func cursorOf(raw string) string { return base64.RawURLEncoding.EncodeToString([]byte(raw)) }

func TestPaging(t *testing.T) {
	var table []scenario
	for _, kind := range []string{"status-events", "session-events", "calls"} {
		path := "/api/v1/" + kind
		table = append(table,
			scenario{name: kind + "/limit 5", method: "GET", path: path + "?limit=5", key: "*", before: pagingData(kind),
				status: 200, contains: []string{`"nextCursor":"`}, check: wantPages(kind, "?limit=5", 5)},
			scenario{name: kind + "/limit 1", method: "GET", path: path + "?limit=1", key: "*", before: pagingData(kind),
				status: 200, check: wantPages(kind, "?limit=1", pagingCount+1)},
			scenario{name: kind + "/a full last page", method: "GET", path: path + "?limit=23", key: "*", before: pagingData(kind),
				status: 200, check: wantPages(kind, "?limit=23", 2)},
			scenario{name: kind + "/limit 1000", method: "GET", path: path + "?limit=1000", key: "*", before: pagingData(kind),
				status: 200, contains: []string{`"nextCursor":null`}, check: wantPages(kind, "?limit=1000", 1)},
			scenario{name: kind + "/no limit", method: "GET", path: path, key: "*", before: pagingData(kind),
				status: 200, contains: []string{`"nextCursor":null`}, check: wantCount(pagingCount)},
			scenario{name: kind + "/an empty list", method: "GET", path: path + "?limit=3", key: "*",
				status: 200, contains: []string{`{"items":[],"nextCursor":null}`}},
		)
		for _, l := range []string{"0", "-1", "1001", "x", "1.5", "%20"} {
			table = append(table, scenario{name: kind + "/limit " + l, method: "GET", path: path + "?limit=" + l, key: "*",
				status: 400, check: wantError("invalid", "is not valid: use a whole number from 1 to 1000")})
		}
		for _, c := range []string{"!!!", cursorOf("abc"), cursorOf("x:1"), cursorOf("1:x"), cursorOf("1"), "MTox=="} {
			table = append(table, scenario{name: kind + "/cursor " + c, method: "GET", path: path + "?cursor=" + c, key: "*",
				status: 400, check: wantError("invalid", "is not valid: pass the nextCursor of the previous page unchanged")})
		}
	}
	table = append(table,
		scenario{name: "calls/an event cursor", method: "GET", path: "/api/v1/calls?cursor=" + cursorOf("1689760800000:5"), key: "*",
			status: 400, check: wantError("invalid", "cursor")},
		scenario{name: "status-events/a call cursor", method: "GET", path: "/api/v1/status-events?cursor=" + cursorOf("1689760800000:"+uuidA), key: "*",
			status: 400, check: wantError("invalid", "cursor")},
		scenario{name: "status-events/paging a filter", method: "GET", path: "/api/v1/status-events?limit=2&userIds={{u1}}&from=2023-07-19T10:00:01Z",
			key: "*", before: func(t *testing.T, f *fixture) { pagingData("status-events")(t, f); f.userID("u1") },
			status: 200, check: func(t *testing.T, f *fixture, r response) {
				all, pages := f.readAll(f.expand("/api/v1/status-events?limit=2&userIds={{u1}}&from=2023-07-19T10:00:01Z"))
				var want []string
				for _, id := range pagingOrder("status-events") {
					var n int
					fmt.Sscanf(id, "p%d", &n)
					if n%2 == 1 && pagingTime(n) >= "2023-07-19T10:00:01Z" {
						want = append(want, id)
					}
				}
				if strings.Join(ids(all), " ") != strings.Join(want, " ") || pages != (len(want)+2)/2 {
					t.Errorf("paging u1 from 10:00:01: got %v in %d pages, want %v in %d", ids(all), pages, want, (len(want)+2)/2)
				}
			}},
	)
	runScenarios(t, testLimits, table)
}
