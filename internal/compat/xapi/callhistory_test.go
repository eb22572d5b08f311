package xapi_test

// CallHistoryView: the properties agentlog fills from a call, the query
// options run in the database, and Pbx.DownloadCallHistory().

import (
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

var historyNow = instant("2025-05-02T00:00:00Z")

// historyCalls are one call of each shape, ingested one by one so that
// their SegmentIds are 1 to 5.
var historyCalls = []rc{
	{n: 1, dir: activity.Inbound, from: "+4930111", to: "+4940222", agent: "ann", ext: "101", queue: "800",
		start: "2025-05-01T08:00:00.250Z", ring: 10 * time.Second, talk: 90 * time.Second},
	{n: 2, dir: activity.Outbound, from: "102", to: "+4940333", agent: "bob", start: "2025-05-01T08:05:00Z", ring: 30 * time.Second},
	{n: 3, dir: activity.Internal, from: "103", to: "101", agent: "cy", ext: "103", start: "2025-05-01T09:00:00Z",
		ring: 5 * time.Second, talk: time.Minute},
	{n: 4, dir: activity.Internal, from: "103", to: "101", agent: "ann", ext: "101", start: "2025-05-01T09:30:00Z",
		ring: 5 * time.Second, talk: 25*time.Hour + 500*time.Millisecond},
	{n: 5, dir: activity.Inbound, from: "+4930999", to: "800", queue: "800", noStart: true},
}

// historyRow is a row with the constants agentlog has no data for, and
// the given properties.
func historyRow(props map[string]any) map[string]any {
	row := map[string]any{"SegmentActionId": 0, "SegmentType": 0, "SrcId": 0, "SrcExtendedDisplayName": nil,
		"SrcParticipantId": 0, "SrcRecId": nil, "DstId": 0, "DstExtendedDisplayName": nil, "DstParticipantId": 0, "DstRecId": nil}
	for k, v := range props {
		row[k] = v
	}
	return row
}

// outside and inside are the Src or Dst properties of an outside party
// and of an extension.
func outside(side, number string) map[string]any {
	return map[string]any{side + "DisplayName": nil, side + "Internal": false, side + "External": true, side + "DnType": 1,
		side + "Dn": nil, side + "CallerNumber": number}
}

func inside(side string, dn, name any, number string) map[string]any {
	return map[string]any{side + "DisplayName": name, side + "Internal": true, side + "External": false, side + "DnType": 0,
		side + "Dn": dn, side + "CallerNumber": number}
}

func historyOf(maps ...map[string]any) map[string]any {
	out := map[string]any{}
	for _, m := range maps {
		for k, v := range m {
			out[k] = v
		}
	}
	return historyRow(out)
}

var historyRows = []map[string]any{
	historyOf(map[string]any{"SegmentId": 1, "SegmentStartTime": "2025-05-01T08:00:00.250Z", "SegmentEndTime": "2025-05-01T08:01:40.250Z",
		"CallTime": "PT1M40S", "CallAnswered": true}, outside("Src", "+4930111"), inside("Dst", "101", "Ann Smith", "+4940222")),
	historyOf(map[string]any{"SegmentId": 2, "SegmentStartTime": "2025-05-01T08:05:00.000Z", "SegmentEndTime": "2025-05-01T08:05:30.000Z",
		"CallTime": "PT30S", "CallAnswered": false}, inside("Src", "102", "Bob Jones", "102"), outside("Dst", "+4940333")),
	historyOf(map[string]any{"SegmentId": 3, "SegmentStartTime": "2025-05-01T09:00:00.000Z", "SegmentEndTime": "2025-05-01T09:01:05.000Z",
		"CallTime": "PT1M5S", "CallAnswered": true}, inside("Src", "103", "Cy Young", "103"), inside("Dst", "101", nil, "101")),
	historyOf(map[string]any{"SegmentId": 4, "SegmentStartTime": "2025-05-01T09:30:00.000Z", "SegmentEndTime": "2025-05-02T10:30:05.500Z",
		"CallTime": "P1DT1H5.5S", "CallAnswered": true}, inside("Src", "103", nil, "103"), inside("Dst", "101", "Ann Smith", "101")),
	historyOf(map[string]any{"SegmentId": 5, "SegmentStartTime": "2025-05-02T00:00:00.000Z", "SegmentEndTime": "2025-05-02T00:00:00.000Z",
		"CallTime": "PT0S", "CallAnswered": false}, outside("Src", "+4930999"), inside("Dst", nil, nil, "800")),
}

func newHistoryEnv(t *testing.T, db *store.DB) *reportEnv {
	e := newReportEnv(t, db, historyNow)
	for _, c := range historyCalls {
		e.calls(t, c.call())
	}
	return e
}

func TestCallHistoryViewRows(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newHistoryEnv(t, db)
		rows, count, next := readPage(t, "all", e.get(t, "/xapi/v1/CallHistoryView"))
		wantJSON(t, "CallHistoryView", rows, historyRows)
		if count != -1 || next != "" {
			t.Errorf("CallHistoryView: got @odata.count %d, nextLink %q; want neither", count, next)
		}
		pick := func(ids ...int) []map[string]any {
			var out []map[string]any
			for _, id := range ids {
				out = append(out, historyRows[id-1])
			}
			return out
		}
		for _, c := range []struct {
			query string
			want  []map[string]any
			count int
		}{
			{"$filter=DstDn+eq+'101'", pick(1, 3, 4), -1},
			{"$filter=SrcExternal+or+CallTime+gt+duration'PT1H'&$count=true", pick(1, 4, 5), 3},
			{"$orderby=CallTime+desc,SegmentId", pick(4, 1, 3, 2, 5), -1},
			{"%24orderby=SrcDn%20asc&%24top=2&%24skip=1", pick(5, 2), -1},
			{"$filter=SegmentStartTime+ge+2025-05-01T08:05:00Z+and+SegmentStartTime+lt+2025-05-02T00:00:00Z&$orderby=SegmentStartTime+desc", pick(4, 3, 2), -1},
			{"$filter=not+CallAnswered&$count=true&$top=0", nil, 2},
			{"$filter=contains(DstDisplayName,'Smith')+and+year(SegmentEndTime)+eq+2025", pick(1, 4), -1},
			{"$filter=SrcCallerNumber+in+('102','103')+and+SrcRecId+eq+null", pick(2, 3, 4), -1},
		} {
			got, count, _ := readPage(t, c.query, e.get(t, "/xapi/v1/CallHistoryView?"+c.query))
			wantJSON(t, c.query, got, append([]map[string]any{}, c.want...))
			if count != c.count {
				t.Errorf("%s: @odata.count: got %d, want %d", c.query, count, c.count)
			}
		}
		got, _, _ := readPage(t, "$select", e.get(t, "/xapi/v1/CallHistoryView?$select=CallTime,SegmentId&$filter=SegmentId+eq+2"))
		wantJSON(t, "$select", got, []map[string]any{{"SegmentId": 2, "CallTime": "PT30S"}})
	})
}

func TestCallHistoryViewBadOptions(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newHistoryEnv(t, db)
		for _, c := range []struct {
			query, target string
			status        int
		}{
			{"$search=Ann", "$search", 400},
			{"$filter=Nope+eq+1", "$filter", 400},
			{"$filter=SegmentId+eq+'x'", "$filter", 400},
			{"$orderby=CallTime+sideways", "$orderby", 400},
			{"$select=SegmentId,Nope", "$select", 400},
			{"$top=-1", "$top", 400},
			{"$skip=x", "$skip", 400},
			{"$expand=Src", "$expand", 400},
			{"$apply=x", "$apply", 400},
		} {
			a := e.get(t, "/xapi/v1/CallHistoryView?"+c.query)
			if _, _, target := odataError(t, a.body); a.status != c.status || target != c.target {
				t.Errorf("%s: got %d, target %q; want %d naming %s", c.query, a.status, target, c.status, c.target)
			}
		}
		if a := e.get(t, "/xapi/v1/CallHistoryView/Pbx.Nope()"); a.status != 404 {
			t.Errorf("an unknown function: got %d, want 404", a.status)
		}
		if a := e.get(t, "/xapi/v1/CallHistoryView/Pbx.DownloadCallHistory(x=1)"); a.status != 400 {
			t.Errorf("a parameter DownloadCallHistory does not take: got %d, want 400", a.status)
		}
		a := send(t, e.srv, "GET", "/xapi/v1/CallHistoryView", nil, nil)
		if a.status != 401 {
			t.Errorf("no token: got %d, want 401", a.status)
		}
	})
}

func TestDownloadCallHistory(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newHistoryEnv(t, db)
		for _, options := range []string{"", "?$orderby=CallTime+desc&$select=SegmentId,CallTime,DstDn,SrcDisplayName", "?$filter=CallAnswered&$top=2&$skip=1", "?$top=0"} {
			rows, _, _ := readPage(t, options, e.get(t, "/xapi/v1/CallHistoryView"+options))
			a := send(t, e.srv, "GET", "/xapi/v1/CallHistoryView/Pbx.DownloadCallHistory()"+options,
				[][2]string{{"Authorization", "Bearer " + e.token}}, nil)
			if ct := a.header.Get("Content-Type"); a.status != 200 || !strings.HasPrefix(ct, "text/csv") {
				t.Fatalf("download%s: got %d %q %s, want 200 text/csv", options, a.status, ct, clip(string(a.body)))
			}
			records, err := csv.NewReader(strings.NewReader(string(a.body))).ReadAll()
			if err != nil || len(records) != len(rows)+1 {
				t.Fatalf("download%s: got %d records (%v), want a header and %d rows", options, len(records), err, len(rows))
			}
			for i, row := range rows {
				for j, name := range records[0] {
					if want := csvText(row[name]); records[i+1][j] != want {
						t.Errorf("download%s: row %d %s: got %q, want %q", options, i, name, records[i+1][j], want)
					}
				}
				if len(records[0]) != len(row) {
					t.Errorf("download%s: header %v, want the properties of %v", options, records[0], row)
				}
			}
		}
	})
}

// csvText is a JSON value as the CSV shows it.
func csvText(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return fmt.Sprint(v)
}
