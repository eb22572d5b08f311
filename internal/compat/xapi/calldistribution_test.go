package xapi_test

// GetCallDistribution over the spring daylight-saving day in Berlin (23
// hourly buckets) and its Download twins.

import (
	"encoding/csv"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

var distributionCalls = []rc{
	{n: 1, dir: activity.Inbound, agent: "ann", ext: "101", start: "2025-03-29T23:30:00Z", talk: time.Minute},  // 00:30 +01:00
	{n: 2, dir: activity.Outbound, agent: "bob", start: "2025-03-30T00:59:00Z", ring: time.Minute},             // 01:59 +01:00
	{n: 3, dir: activity.Inbound, agent: "cy", ext: "103", start: "2025-03-30T01:00:00Z", talk: time.Minute},   // 03:00 +02:00
	{n: 4, dir: activity.Internal, agent: "ann", ext: "101", start: "2025-03-30T01:15:00Z", talk: time.Minute}, // neither
	{n: 5, dir: activity.Inbound, agent: "ann", ext: "101", queue: "800", start: "2025-03-30T08:00:00Z", ring: 5 * time.Second},
	{n: 6, dir: activity.Outbound, agent: "bob", ext: "102", start: "2025-03-30T21:59:59Z", talk: time.Minute},              // 23:59:59 +02:00
	{n: 7, dir: activity.Inbound, agent: "ann", ext: "101", start: "2025-03-30T22:00:00Z", talk: time.Minute},               // the next day
	{n: 8, dir: activity.Outbound, agent: "ann", ext: "101", start: "2025-03-29T22:59:59Z", talk: time.Minute},              // the day before
	{n: 9, dir: activity.Inbound, from: "+4930", to: "800", queue: "800", start: "2025-03-30T09:00:00Z", ring: time.Minute}, // reached no one
}

// distribution is the target of a GetCallDistribution of the 30th in Berlin.
func distribution(function, group, exts, wait string, queueCalls bool, area, grouping int, options string) string {
	return "/xapi/v1/ReportCallDistribution/Pbx." + function + "(clientTimeZone=" + odataString("Europe/Berlin") +
		",periodFrom=2025-03-29T23%3A00%3A00.000Z,periodTo=2025-03-30T22%3A00%3A00.000Z,groupNumber=" + odataString(group) +
		",extensionDns=" + odataString(exts) + ",waitInterval=" + odataString(wait) + ",includeQueueCalls=" + strconv.FormatBool(queueCalls) +
		",callArea=" + strconv.Itoa(area) + ",groupingType=" + strconv.Itoa(grouping) + ")" + options
}

// hourly is the 23 hours of the 30th with the counts at the given UTC hours
// (in, out).
func hourly(counts map[int][2]int) []map[string]any {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	var rows []map[string]any
	for h := range 23 {
		start := instant("2025-03-29T23:00:00Z").Add(time.Duration(h) * time.Hour)
		c := counts[h]
		rows = append(rows, map[string]any{"DateTimeInterval": start.In(berlin).Format("2006-01-02T15:04:05-07:00"),
			"IncomingCount": c[0], "OutgoingCount": c[1]})
	}
	return rows
}

func TestCallDistribution(t *testing.T) {
	all := map[int][2]int{0: {1, 0}, 1: {0, 1}, 2: {1, 0}, 9: {1, 0}, 22: {0, 1}}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newReportEnv(t, db, historyNow)
		e.calls(t, rcCalls(distributionCalls...)...)
		for _, c := range []struct {
			target string
			want   []map[string]any
		}{
			{distribution("GetCallDistribution", "", "", "0:00:00", true, 0, 0, ""), hourly(all)},
			// waitInterval leaves out short abandons from answered and
			// unanswered counts; every call is traffic here
			{distribution("GetCallDistribution", "", "", "0:01:00", true, 2, 0, ""), hourly(all)},
			{distribution("GetCallDistribution", "", "", "0:00:00", false, 0, 0, ""), hourly(map[int][2]int{0: {1, 0}, 1: {0, 1}, 2: {1, 0}, 22: {0, 1}})},
			{distribution("GetCallDistribution", "", "", "0:00:00", true, 1, 0, ""), hourly(nil)},
			{distribution("GetCallDistribution", "", "102", "0:00:00", true, 0, 0, ""), hourly(map[int][2]int{1: {0, 1}, 22: {0, 1}})},
			{distribution("GetCallDistribution", "10", "", "0:00:00", true, 0, 0, ""), hourly(map[int][2]int{0: {1, 0}, 1: {0, 1}, 9: {1, 0}, 22: {0, 1}})},
			{distribution("GetCallDistribution", "", "", "0:00:00", true, 0, 1, ""),
				[]map[string]any{{"DateTimeInterval": "2025-03-30T00:00:00+01:00", "IncomingCount": 3, "OutgoingCount": 2}}},
			{distribution("GetCallDistribution", "", "", "0:00:00", true, 0, 0, "?$filter=IncomingCount+add+OutgoingCount+gt+0&$select=DateTimeInterval"),
				[]map[string]any{{"DateTimeInterval": "2025-03-30T00:00:00+01:00"}, {"DateTimeInterval": "2025-03-30T01:00:00+01:00"},
					{"DateTimeInterval": "2025-03-30T03:00:00+02:00"}, {"DateTimeInterval": "2025-03-30T10:00:00+02:00"},
					{"DateTimeInterval": "2025-03-30T23:00:00+02:00"}}},
		} {
			got, _, _ := readPage(t, c.target, e.get(t, c.target))
			wantJSON(t, c.target, got, c.want)
		}
		_, count, _ := readPage(t, "$count", e.get(t, distribution("GetCallDistribution", "", "", "0:00:00", true, 0, 0, "?$count=true&$top=2")))
		if count != 23 {
			t.Errorf("$count on the 23-hour day: got %d, want 23", count)
		}
		for target, status := range map[string]int{
			distribution("GetCallDistributions", "", "", "0:00:00", true, 0, 0, ""):                                           404,
			distribution("GetCallDistribution", "", "", "0:00:00", true, 3, 0, ""):                                            400,
			strings.Replace(distribution("GetCallDistribution", "", "", "0:00:00", true, 0, 0, ""), ",groupingType=0", "", 1): 400,
		} {
			if a := e.get(t, target); a.status != status {
				t.Errorf("%s: got %d, want %d", target, a.status, status)
			}
		}
	})
}

func TestDownloadCallDistribution(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newReportEnv(t, db, historyNow)
		e.calls(t, rcCalls(distributionCalls...)...)
		for _, function := range []string{"DownloadGetGetCallDistribution", "DownloadGetCallDistribution"} {
			for _, options := range []string{"", "?$orderby=IncomingCount+desc&$top=3"} {
				want, _, _ := readPage(t, options, e.get(t, distribution("GetCallDistribution", "", "", "0:00:00", true, 0, 0, options)))
				a := send(t, e.srv, "GET", distribution(function, "", "", "0:00:00", true, 0, 0, options),
					[][2]string{{"Authorization", "Bearer " + e.token}}, nil)
				records, err := csv.NewReader(strings.NewReader(string(a.body))).ReadAll()
				if a.status != 200 || err != nil || !strings.HasPrefix(a.header.Get("Content-Type"), "text/csv") {
					t.Fatalf("%s%s: got %d %q %s", function, options, a.status, a.header.Get("Content-Type"), clip(string(a.body)))
				}
				var got []map[string]any
				for _, r := range records[1:] {
					in, _ := strconv.Atoi(r[1])
					out, _ := strconv.Atoi(r[2])
					got = append(got, map[string]any{"DateTimeInterval": r[0], "IncomingCount": in, "OutgoingCount": out})
				}
				if strings.Join(records[0], ",") != "DateTimeInterval,IncomingCount,OutgoingCount" {
					t.Errorf("%s: header %v", function, records[0])
				}
				wantJSON(t, function+options, got, want)
			}
		}
	})
}
