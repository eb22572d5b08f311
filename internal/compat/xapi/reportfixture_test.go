package xapi_test

// The requests 3CX's official TypeScript client made for the related
// reports and CallHistoryView (shared/fixtures/xapi-client-requests.json,
// the file fixture_test.go reads), replayed byte for byte after a token
// request made the way the client makes it, against data whose answers are
// worked out by hand below.

import (
	"encoding/json"
	"os"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

var fixtureCalls = []rc{
	{n: 1, dir: activity.Inbound, from: "+4930111", to: "800", agent: "ann", ext: "101", start: "2025-03-14T08:10:00Z", talk: time.Minute},
	{n: 2, dir: activity.Outbound, from: "102", to: "+4940333", agent: "bob", start: "2025-03-14T12:00:00Z", talk: time.Minute},
	{n: 3, dir: activity.Inbound, from: "+4930111", to: "800", agent: "ann", ext: "101", queue: "800", start: "2025-03-14T09:00:00Z", talk: time.Minute},
	{n: 4, dir: activity.Inbound, from: "+4930111", to: "800", agent: "ann", ext: "101", start: "2025-03-13T22:59:00Z", talk: time.Minute},
	{n: 11, dir: activity.Inbound, from: "+4930111", to: "800", agent: "ann", ext: "101", queue: "800", start: "2025-05-01T16:30:00Z", talk: 2 * time.Minute},
	{n: 12, dir: activity.Outbound, from: "102", to: "+4940333", agent: "bob", start: "2025-05-01T09:00:00Z", ring: 20 * time.Second},
	{n: 13, dir: activity.Inbound, from: "+4930999", to: "105", ext: "105", start: "2025-05-01T23:59:59.999Z", talk: 45 * time.Second},
	{n: 14, dir: activity.Inbound, from: "+4930111", to: "101", agent: "ann", ext: "101", start: "2025-05-02T00:00:00Z", ring: 10 * time.Second},
}

var fixtureSessions = []activity.SessionEvent{
	sessionIn(1, "ann", "800", "2025-05-01T15:00:00Z"), sessionOut(2, "ann", "800", "2025-05-01T18:00:00Z"), // from before the period
	sessionIn(3, "bob", "801", "2025-05-02T10:00:00Z"), // timed out at 22:00Z, after the period
}

// fixtureAnswers are the rows each captured request must get.
func fixtureAnswers() map[string][]map[string]any {
	var hours []map[string]any
	for h := range 24 {
		t := instant("2025-03-13T23:00:00Z").Add(time.Duration(h) * time.Hour)
		in, out := map[int]int{9: 1}[h], map[int]int{13: 1}[h]
		hours = append(hours, map[string]any{"DateTimeInterval": t.In(time.FixedZone("CET", 3600)).Format("2006-01-02T15:04:05-07:00"),
			"IncomingCount": in, "OutgoingCount": out})
	}
	return map[string][]map[string]any{
		"cd_berlin_defaults": hours,
		"alh_offset0800_all": {
			loginRow("800", "101", "Ann Smith", "2025-05-02T00:00:00+08:00", "2025-05-02T00:00:00+08:00", "2025-05-02T02:00:00+08:00",
				"PT2H", "PT2H", "PT2H", "PT2M", "PT2M", "PT2M"),
			loginRow("801", "102", "Bob Jones", "2025-05-02T00:00:00+08:00", "2025-05-02T18:00:00+08:00", "2025-05-03T00:00:00+08:00",
				"PT6H", "PT6H", "PT6H", "PT0S", "PT0S", "PT0S"),
		},
		"chv_range_orderby_count_paging": {
			historyOf(map[string]any{"SegmentStartTime": "2025-05-01T09:00:00.000Z", "SegmentEndTime": "2025-05-01T09:00:20.000Z",
				"CallTime": "PT20S", "CallAnswered": false}, inside("Src", "102", "Bob Jones", "102"), outside("Dst", "+4940333")),
			historyOf(map[string]any{"SegmentStartTime": "2025-05-01T16:30:00.000Z", "SegmentEndTime": "2025-05-01T16:32:00.000Z",
				"CallTime": "PT2M", "CallAnswered": true}, outside("Src", "+4930111"), inside("Dst", "101", "Ann Smith", "800")),
			historyOf(map[string]any{"SegmentStartTime": "2025-05-01T23:59:59.999Z", "SegmentEndTime": "2025-05-02T00:00:44.999Z",
				"CallTime": "PT45S", "CallAnswered": true}, outside("Src", "+4930999"), inside("Dst", "105", nil, "105")),
		},
		"es_all_extensions": {
			statRow("101", "Ann Smith", 1, "PT2M", 1, 0, "PT0S", 0),
			statRow("102", "Bob Jones", 0, "PT0S", 0, 0, "PT0S", 1),
			statRow("103", "Cy Young", 0, "PT0S", 0, 0, "PT0S", 0),
			statRow("105", nil, 1, "PT45S", 0, 0, "PT0S", 0),
		},
	}
}

func TestClientFixtureReports(t *testing.T) {
	data, err := os.ReadFile(fixtureFile)
	if err != nil {
		t.Fatal(err)
	}
	var fixture struct {
		Requests []struct{ Name, Operation, Method, Target string } `json:"requests"`
	}
	if err := json.Unmarshal(data, &fixture); err != nil {
		t.Fatal(err)
	}
	answers := fixtureAnswers()
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newReportEnv(t, db, instant("2025-05-03T00:00:00Z"))
		e.calls(t, rcCalls(fixtureCalls...)...)
		e.sessions(t, fixtureSessions...)
		replayed := 0
		for _, r := range fixture.Requests {
			want, ok := answers[r.Name]
			if !ok {
				continue
			}
			replayed++
			if r.Method != "GET" {
				t.Fatalf("%s: method %s, want GET", r.Name, r.Method)
			}
			rows, count, next := readPage(t, r.Name, e.get(t, r.Target))
			for _, row := range rows {
				if id, ok := row["SegmentId"].(float64); r.Operation == "ListCallHistoryView" && (!ok || id < 1) {
					t.Errorf("%s: SegmentId %v, want a positive number", r.Name, row["SegmentId"])
				}
				delete(row, "SegmentId") // its value depends on the order the database numbers a batch in
			}
			wantJSON(t, r.Name, rows, want)
			if wantCount := map[bool]int{true: len(want), false: -1}[r.Operation == "ListCallHistoryView"]; count != wantCount || next != "" {
				t.Errorf("%s: @odata.count %d, nextLink %q; want %d and none", r.Name, count, next, wantCount)
			}
		}
		if replayed != len(answers) {
			t.Errorf("replayed %d captured requests, want %d: %v", replayed, len(answers), answers)
		}
	})
}
