package xapi_test

// GetExtensionStatisticsData and its Download twin.

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

var statisticsCalls = []rc{
	{n: 1, dir: activity.Inbound, agent: "ann", ext: "101", start: "2025-05-02T08:00:00Z", ring: 10 * time.Second, talk: 2 * time.Minute},
	{n: 2, dir: activity.Inbound, agent: "ann", ext: "101", start: "2025-05-03T08:00:00Z", talk: 3 * time.Minute},
	{n: 3, dir: activity.Inbound, agent: "ann", ext: "101", start: "2025-05-04T08:00:00Z", ring: 30 * time.Second},
	{n: 4, dir: activity.Outbound, agent: "ann", ext: "101", start: "2025-05-05T08:00:00Z", talk: time.Minute},
	{n: 5, dir: activity.Outbound, agent: "bob", start: "2025-05-06T08:00:00Z", ring: 20 * time.Second}, // Bob's extension, 102
	{n: 6, dir: activity.Outbound, agent: "bob", ext: "102", start: "2025-05-07T08:00:00Z", talk: 10*time.Minute + 500*time.Millisecond},
	{n: 7, dir: activity.Internal, from: "101", to: "102", agent: "ann", ext: "101", start: "2025-05-08T08:00:00Z", talk: time.Minute}, // made by 101
	{n: 8, dir: activity.Internal, from: "103", to: "101", agent: "ann", ext: "101", start: "2025-05-09T08:00:00Z", ring: time.Minute}, // reached 101
	{n: 9, dir: activity.Inbound, ext: "105", start: "2025-05-10T08:00:00Z", talk: 45 * time.Second},                                   // no agent has 105
	{n: 10, dir: activity.Inbound, agent: "dee", start: "2025-05-11T08:00:00Z", talk: time.Minute},                                     // no extension at all
	{n: 11, dir: activity.Inbound, agent: "ann", ext: "101", start: "2025-04-30T23:59:59Z", talk: time.Minute},                         // before the period
	{n: 12, dir: activity.Inbound, agent: "ann", ext: "101", start: "2025-05-12T08:00:00Z", talk: time.Minute, open: true},             // answered, not ended
	{n: 13, dir: activity.Inbound, agent: "bob", ext: "101", start: "2025-05-13T08:00:00Z", talk: 4 * time.Minute},                     // at 101
}

func statistics(function, exts string, area int, options string) string {
	return "/xapi/v1/ReportExtensionStatistics/Pbx." + function + "(periodFrom=2025-05-01T00%3A00%3A00.000Z," +
		"periodTo=2025-06-01T00%3A00%3A00.000Z,extensionFilter=" + odataString(exts) + ",callArea=" + string(rune('0'+area)) + ")" + options
}

// statRow is a row: inbound answered, its talk, inbound unanswered,
// outbound answered, its talk, outbound unanswered.
func statRow(dn string, name any, ia int, it string, iu, oa int, ot string, ou int) map[string]any {
	return map[string]any{"Dn": dn, "DisplayName": name, "InboundAnsweredCount": ia, "InboundAnsweredTalkingDur": it,
		"InboundUnansweredCount": iu, "OutboundAnsweredCount": oa, "OutboundAnsweredTalkingDur": ot, "OutboundUnansweredCount": ou}
}

func TestExtensionStatistics(t *testing.T) {
	ann := statRow("101", "Ann Smith", 4, "PT9M", 2, 2, "PT2M", 0)
	bob := statRow("102", "Bob Jones", 0, "PT0S", 0, 1, "PT10M0.5S", 1)
	cy := statRow("103", "Cy Young", 0, "PT0S", 0, 0, "PT0S", 0)
	x105 := statRow("105", nil, 1, "PT45S", 0, 0, "PT0S", 0)
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newReportEnv(t, db, historyNow)
		e.calls(t, rcCalls(statisticsCalls...)...)
		for _, c := range []struct {
			target string
			want   []map[string]any
		}{
			{statistics("GetExtensionStatisticsData", "", 0, ""), []map[string]any{ann, bob, cy, x105}},
			{statistics("GetExtensionStatisticsData", "", 0, "?$top=100&$skip=0"), []map[string]any{ann, bob, cy, x105}},
			{statistics("GetExtensionStatisticsData", "", 1, ""), []map[string]any{
				statRow("101", "Ann Smith", 0, "PT0S", 1, 1, "PT1M", 0), bob0(), cy}},
			{statistics("GetExtensionStatisticsData", "", 2, ""), []map[string]any{
				statRow("101", "Ann Smith", 4, "PT9M", 1, 1, "PT1M", 0), bob, cy, x105}},
			{statistics("GetExtensionStatisticsData", "101,105", 0, ""), []map[string]any{ann, x105}},
			{statistics("GetExtensionStatisticsData", "104", 0, ""), []map[string]any{}},
			{statistics("GetExtensionStatisticsData", "", 0, "?$orderby=InboundAnsweredCount+desc&$top=2"), []map[string]any{ann, x105}},
			{statistics("GetExtensionStatisticsData", "", 0, "?$filter=DisplayName+eq+null+or+OutboundAnsweredTalkingDur+gt+duration'PT5M'"),
				[]map[string]any{bob, x105}},
		} {
			got, _, _ := readPage(t, c.target, e.get(t, c.target))
			wantJSON(t, c.target, got, c.want)
		}
		for target, status := range map[string]int{
			statistics("GetExtensionStatisticsData", "", 5, ""):                                           400,
			statistics("GetExtensionStatistics", "", 0, ""):                                               404,
			strings.Replace(statistics("GetExtensionStatisticsData", "", 0, ""), "2025-06", "2025-04", 1): 400,
		} {
			if a := e.get(t, target); a.status != status {
				t.Errorf("%s: got %d, want %d", target, a.status, status)
			}
		}
		want, _, _ := readPage(t, "json", e.get(t, statistics("GetExtensionStatisticsData", "", 0, "")))
		a := send(t, e.srv, "GET", statistics("DownloadExtensionStatistics", "", 0, ""), [][2]string{{"Authorization", "Bearer " + e.token}}, nil)
		records, err := csv.NewReader(strings.NewReader(string(a.body))).ReadAll()
		if a.status != 200 || err != nil || len(records) != len(want)+1 {
			t.Fatalf("download: got %d %s (%v), want %d rows", a.status, clip(string(a.body)), err, len(want))
		}
		for i, row := range want {
			for j, name := range records[0] {
				if records[i+1][j] != csvText(row[name]) {
					t.Errorf("download: row %d %s: got %q, want %q", i, name, records[i+1][j], csvText(row[name]))
				}
			}
		}
	})
}

func bob0() map[string]any { return statRow("102", "Bob Jones", 0, "PT0S", 0, 0, "PT0S", 0) }
