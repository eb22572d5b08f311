package oneuptime_test

// The data set of the fixture test (fixture_test.go): 59 calls of acme in
// April to June 2025, with calls exactly at and a millisecond beside every
// boundary the fixture cases name, distinct createdAt and distinct costs
// (but for a group at 60 cents, which only the case sorting by cost and
// then createdAt can see), and the monitor and team ids of the fixtures.

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"agentlog/internal/activity"
)

const (
	fxMonitor      = "3f1c2b4a-8d7e-4c6b-9a5f-1e2d3c4b5a60" // the fixtures' monitor
	fxTeam         = "9b8a7c6d-5e4f-4a3b-8c2d-1f0e9d8c7b6a" // the fixtures' team
	fxOtherMonitor = "3f1c2b4a-8d7e-4c6b-9a5f-1e2d3c4b5a61"
	fxOtherTeam    = "9b8a7c6d-5e4f-4a3b-8c2d-1f0e9d8c7b6b"
	fxIncident     = "aaaaaaaa-0000-4000-8000-00000000000%d"
	fxAlert        = "bbbbbbbb-0000-4000-8000-000000000001"
)

// fx is one call of the fixture data set, as the expectations see it.
type fx struct {
	n                              int
	created                        time.Time
	status                         string
	msg                            *string
	cost                           int64
	to                             string
	incident, alert, monitor, team string
	data                           string // a JSON object, or "" for none
}

// fxBoundaries are the times at and beside the bounds of the fixture cases.
var fxBoundaries = []string{
	"2025-04-30T23:59:59.999Z", // just before created_inbetween_dates
	"2025-05-01T00:00:00.000Z", // its start, included; also the start of combo's range
	"2025-05-01T23:59:59.999Z", // its end, included
	"2025-05-02T00:00:00.000Z", // created_greaterthan_date_truncated's bound, excluded
	"2025-05-02T00:00:00.001Z", // just after it, included
	"2025-05-02T10:00:00.000Z", // before the client's 13:45, included: the bound was truncated
	"2025-05-02T23:59:59.999Z", // just before created_lessthan_date_truncated_count's bound
	"2025-05-03T00:00:00.000Z", // its bound, excluded
	"2025-05-03T05:00:00.000Z", // before the client's 08:00, excluded: the bound was truncated
	"2025-05-31T23:59:59.000Z", // the end of combo's range, included
	"2025-05-31T23:59:59.001Z", // just after it
}

// fxComboForced are the boundary calls made to match combo's other
// conditions, so that its range ends are decided by the range alone.
var fxComboForced = map[string]int64{"2025-05-01T00:00:00.000Z": 777, "2025-05-31T23:59:59.000Z": 778, "2025-05-31T23:59:59.001Z": 779}

// fixtureData builds the data set. Call n is the n-th oldest.
func fixtureData() []fx {
	var times []time.Time
	base := ts("2025-04-28T00:07:13Z")
	for i := range 48 {
		times = append(times, base.Add(time.Duration(i)*18*time.Hour+time.Duration(i)*time.Second))
	}
	for _, b := range fxBoundaries {
		times = append(times, ts(b))
	}
	slices.SortFunc(times, func(a, b time.Time) int { return a.Compare(b) })
	statuses := []string{"Success", "Error", "Busy", "Success", "Low Balance", "Error", "Missed Call", "Completed"}
	msgs := []*string{nil, ptr("Delivered"), ptr("TIMEOUT"), ptr("Request timeout"), ptr("delivered"), ptr("Busy line")}
	data := []string{`{"message":"hello"}`, `{"message":"hello","x":1}`, `{"message":"Hello"}`, `{"message":"hello world"}`, ``, `{"msg":"hello"}`}
	specials := []int64{0, 49, 50, 99, 100, 101, 499, 500, 501, 1, 2}
	combo := slices.Clone(comboCosts)
	var list []fx
	for i, at := range times {
		c := fx{n: i + 1, created: at, status: statuses[i%8], msg: msgs[i%6], cost: 102 + int64(i*53%397), data: data[(i+2)%6]}
		switch i % 3 {
		case 0:
			c.to = fmt.Sprintf("+1-555-01%02d", i)
		case 1:
			c.to = fmt.Sprintf("+44 20 7946 0%03d", i)
		default:
			c.to = fmt.Sprintf("+49 30 1234%03d", i)
		}
		if i%3 != 0 {
			c.incident = fmt.Sprintf(fxIncident, i%2)
		}
		if i%4 == 1 {
			c.alert = fxAlert
		}
		switch i % 5 {
		case 0:
			c.monitor = fxMonitor
		case 3:
			c.monitor = fxOtherMonitor
		}
		switch {
		case i%8 == 7:
		case i%4 == 3:
			c.team = fxOtherTeam
		default:
			c.team = fxTeam
		}
		if i%5 == 2 && len(specials) > 0 {
			c.cost, specials = specials[0], specials[1:]
		}
		if cost, ok := fxComboForced[activity.FormatTime(at)]; ok {
			c.status, c.team, c.cost = "Success", fxTeam, cost
		} else if comboCandidate(c) && len(combo) > 0 {
			c.cost, combo = combo[0], combo[1:]
		}
		list = append(list, c)
	}
	return list
}

// comboCosts are the costs of the calls that combo's status, team and range
// select, oldest first: one at 0 cents, which its callCostInUSDCents > 0
// leaves out, then costs below 100 cents, so that no other case sorts them,
// with three at 60 across the end of combo's page 2 (items 6 to 10, after
// 778 and 777), which only its second key (createdAt ascending) orders.
var comboCosts = []int64{0, 95, 90, 85, 80, 75, 70, 60, 60, 60, 55, 50, 45, 40, 35, 30, 25, 20, 15, 10, 5, 4, 3, 2, 1}

func comboCandidate(c fx) bool {
	return (c.status == "Success" || c.status == "Error") && c.team == fxTeam &&
		!c.created.Before(ts("2025-05-01T00:00:00Z")) && !c.created.After(ts("2025-05-31T23:59:59Z"))
}

// call turns a data-set entry into the call ingested.
func (c fx) call() activity.Call {
	start := c.created
	call := activity.Call{ID: callID(c.n), Direction: activity.Outbound, FromNumber: "+1-800-000-0000", ToNumber: c.to,
		StartedAt: &start, Status: c.status, StatusMessage: c.msg, CostCents: c.cost,
		Links: map[string]string{"incident": c.incident, "alert": c.alert, "monitor": c.monitor, "team": c.team}}
	if c.data != "" {
		call.CallData = json.RawMessage(c.data)
	}
	return call
}

// column is the value of a column of c as the contract answers it.
func (c fx) column(name string) any {
	orNull := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	switch name {
	case "_id":
		return callID(c.n)
	case "createdAt":
		return activity.FormatTime(c.created)
	case "status":
		return c.status
	case "toNumber":
		return c.to
	case "callCostInUSDCents":
		return c.cost
	case "statusMessage":
		if c.msg == nil {
			return nil
		}
		return *c.msg
	case "incidentId":
		return orNull(c.incident)
	case "monitorId":
		return orNull(c.monitor)
	case "teamId":
		return orNull(c.team)
	case "callData":
		if c.data == "" {
			return nil
		}
		return json.RawMessage(c.data)
	}
	panic("fixture test: no model of column " + name)
}

// betaFixtureCalls are beta's calls, which match every fixture case and
// must never be seen with acme's key.
func betaFixtureCalls() []activity.Call {
	var calls []activity.Call
	for i, status := range []string{"Success", "Error", "Busy", "Missed Call", "Low Balance"} {
		start := ts("2025-05-01T12:00:00Z").Add(time.Duration(i) * time.Hour)
		calls = append(calls, activity.Call{ID: callID(900 + i), Direction: activity.Outbound, ToNumber: "+1-555-0000",
			StartedAt: &start, Status: status, StatusMessage: ptr("TIMEOUT"), CostCents: 300,
			Links:    map[string]string{"alert": fxAlert, "monitor": fxMonitor, "team": fxTeam},
			CallData: json.RawMessage(`{"message":"hello"}`)})
	}
	return calls
}
