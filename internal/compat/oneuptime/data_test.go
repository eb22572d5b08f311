package oneuptime_test

// The small data set of the scenario tests: six calls of acme, one of
// beta, each value chosen so that every scenario's answer can be worked out
// by hand. The table in smallCalls is the reference for all of them.

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"

	"agentlog/internal/activity"
)

// Link ids of the small data set.
const (
	inc1  = "11111111-1111-4111-8111-111111111111"
	inc2  = "22222222-2222-4222-8222-222222222222"
	mon1  = "33333333-3333-4333-8333-333333333333"
	team1 = "44444444-4444-4444-8444-444444444444"
	user1 = "55555555-5555-4555-8555-555555555555"
	alrt1 = "66666666-6666-4666-8666-666666666666"
)

// smallNow is the server's clock: call 6, which has no start, is created
// then.
var smallNow = ts("2024-01-05T08:00:00Z")

func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(fmt.Sprintf("time literal %q: %v", s, err))
	}
	return t
}

// smallCalls are acme's calls. createdAt, in order of n:
//
//	1 2024-01-01T10:00:00.000Z   4 2024-01-03T00:00:00.000Z (midnight)
//	2 2024-01-02T00:00:00.000Z   5 2024-01-03T23:59:59.999Z
//	3 2024-01-02T12:00:00.000Z   6 2024-01-05T08:00:00.000Z (no start: smallNow)
func smallCalls() []activity.Call {
	rows := []struct {
		start, updated string
		to, from       string
		status         string
		msg            *string
		cost           int64
		links          map[string]string
		data           string
	}{
		{"2024-01-01T10:00:00Z", "2024-02-01T00:00:05Z", "+1-555-0100", "100", "Success", nil, 0,
			map[string]string{"incident": inc1, "monitor": mon1}, `{"message":"hello","n":1}`},
		{"2024-01-02T00:00:00Z", "2024-02-01T00:00:04Z", "+44-20-7946", "200", "Error", ptr("Delivered"), 100,
			map[string]string{"team": team1}, `{"message":"R&D <x>"}`},
		{"2024-01-02T12:00:00Z", "2024-02-01T00:00:03Z", "50%_off", "300", "success", ptr("TIMEOUT"), 250,
			map[string]string{"incident": inc2, "user": user1}, `{"obj":{"a":1,"b":2}}`},
		{"2024-01-03T00:00:00Z", "2024-02-01T00:00:02Z", "+1-555-0199", "400", "Busy", ptr("timeout reached"), 500,
			nil, ``},
		{"2024-01-03T23:59:59.999Z", "2024-02-01T00:00:01Z", "50x_off", "500", "Missed Call", ptr("Call 50%_done"), 501,
			map[string]string{"incident": inc1, "alert": alrt1}, `{"message":"Hello","n":"1"}`},
		{"", "", "+49-30-1234", "600", "Low Balance", nil, 30, nil, `{"message":"hello"}`},
	}
	calls := make([]activity.Call, len(rows))
	for i, r := range rows {
		c := activity.Call{ID: callID(i + 1), Direction: activity.Outbound, ToNumber: r.to, FromNumber: r.from,
			Status: r.status, StatusMessage: r.msg, CostCents: r.cost, Links: r.links}
		if r.start != "" {
			start := ts(r.start)
			c.StartedAt, c.UpdatedAt = &start, ts(r.updated)
		}
		if r.data != "" {
			c.CallData = json.RawMessage(r.data)
		}
		calls[i] = c
	}
	return calls
}

// betaCall is beta's one call, like acme's in every value a query looks at.
func betaCall() activity.Call {
	start := ts("2024-01-02T12:00:00Z")
	return activity.Call{ID: callID(90), Direction: activity.Outbound, ToNumber: "+1-555-0100", FromNumber: "100",
		Status: "Success", StartedAt: &start, CostCents: 250, Links: map[string]string{"incident": inc1},
		CallData: json.RawMessage(`{"message":"hello"}`)}
}

// small is the setup of the scenario tests on the small data set.
var small = setup{now: smallNow, fill: func(t *testing.T, e *env) {
	mustIngest(t, e.db, e.acme, smallCalls())
	mustIngest(t, e.db, e.beta, []activity.Call{betaCall()})
}}

func ptr[T any](v T) *T { return &v }

// byID asks get-list for a query's matches in id order, which is the order
// of n in the small data set.
func byID(query string) request {
	return request{target: "/api/call-log/get-list?limit=100", body: `{"query":` + query + `,"sort":{"_id":"ASC"}}`}
}

// match is a query of the small data set and the calls it matches; it is
// checked on get-list (data and count) and on count.
type match struct {
	name  string
	query string
	want  []int
}

func runMatches(t *testing.T, e *env, cases []match) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := c.want
			if want == nil {
				want = []int{}
			}
			scenario{req: byID(c.query), ids: want, count: len(want)}.run(t, e)
			count := request{target: "/api/call-log/count", body: `{"query":` + c.query + `}`}
			scenario{req: count, count: len(want), countSet: true}.run(t, e)
		})
	}
}

// refusal is a query that must be refused with a 400 naming words (the
// column), on get-list and on count.
type refusal struct {
	name  string
	query string
	words []string
}

func runRefusals(t *testing.T, e *env, cases []refusal) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, r := range []request{byID(c.query), {target: "/api/call-log/count", body: `{"query":` + c.query + `}`}} {
				scenario{req: r, status: http.StatusBadRequest, errHas: c.words}.run(t, e)
			}
		})
	}
}

// q writes {"_type": typ, "value": value} with value as JSON text.
func q(typ, value string) string { return `{"_type":"` + typ + `","value":` + value + `}` }

// col writes the query {"name": value}.
func col(name, value string) string { return `{"` + name + `":` + value + `}` }

// all6 is every call of acme; allBut lists all others.
var all6 = []int{1, 2, 3, 4, 5, 6}

func allBut(skip ...int) []int {
	out := []int{}
	for _, n := range all6 {
		if !slices.Contains(skip, n) {
			out = append(out, n)
		}
	}
	return out
}
