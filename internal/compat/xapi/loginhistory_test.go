package xapi_test

// GetAgentLoginHistoryData over three days in Berlin around the spring
// daylight-saving change (30 March 2025 lasts 23 hours): sessions that
// cross midnight, that start before the period, whose logout never came
// (closed at the next login, or after the 12-hour timeout), that still run
// at the report's end, a login to no queue closed by a queue's logout, and
// the talk of the agent's calls of each queue and day.

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

const loginPeriod = "startDt=2025-03-28T23%3A00%3A00.000Z,endDt=2025-03-31T22%3A00%3A00.000Z"

var loginEvents = []activity.SessionEvent{
	sessionIn(1, "ann", "800", "2025-03-29T19:00:00Z"), sessionOut(2, "ann", "800", "2025-03-30T01:30:00Z"), // across midnight and the DST change
	sessionIn(3, "ann", "800", "2025-03-30T08:00:00Z"),                                                   // closed by the next login
	sessionIn(4, "ann", "800", "2025-03-30T12:00:00Z"),                                                   // closed by the timeout, 00:00Z the 31st
	sessionIn(5, "ann", "801", "2025-03-31T10:00:00Z"),                                                   // still running at now
	sessionIn(6, "ann", "800", "2025-04-01T08:00:00Z"),                                                   // after the period
	sessionIn(7, "bob", "", "2025-03-31T09:00:00Z"), sessionOut(8, "bob", "800", "2025-03-31T11:00:00Z"), // no queue; closed by a queue's logout
	sessionIn(9, "bob", "801", "2025-03-31T12:00:00Z"), sessionOut(10, "bob", "", "2025-03-31T13:00:00Z"), // closed by a logout of all queues
	sessionIn(11, "cy", "800", "2025-03-28T20:00:00Z"), sessionOut(12, "cy", "800", "2025-03-29T01:00:00Z"), // from before the period
	sessionIn(13, "dee", "800", "2025-03-29T08:00:00Z"), sessionOut(14, "dee", "800", "2025-03-29T09:00:00Z"), // no extension
}

var loginCalls = []rc{
	{n: 1, dir: activity.Inbound, agent: "ann", ext: "101", queue: "800", start: "2025-03-28T22:55:00Z", talk: 10 * time.Minute}, // 5m in the period
	{n: 2, dir: activity.Inbound, ext: "101", queue: "800", start: "2025-03-29T19:30:00Z", talk: 2 * time.Minute},                // Ann's by extension
	{n: 3, dir: activity.Inbound, agent: "ann", ext: "101", queue: "800", start: "2025-03-29T22:50:00Z", talk: 20 * time.Minute}, // across midnight
	{n: 4, dir: activity.Inbound, agent: "ann", ext: "101", queue: "800", start: "2025-03-30T05:00:00Z", talk: 3 * time.Minute},  // logged out
	{n: 5, dir: activity.Inbound, agent: "ann", ext: "101", queue: "800", start: "2025-03-30T09:00:00Z", ring: 30 * time.Second, talk: 5 * time.Minute},
	{n: 6, dir: activity.Inbound, agent: "ann", ext: "101", queue: "800", start: "2025-03-31T05:00:00Z", talk: 4 * time.Minute},
	{n: 7, dir: activity.Inbound, agent: "ann", ext: "101", queue: "801", start: "2025-03-31T15:00:00Z", talk: 6 * time.Minute},
	{n: 8, dir: activity.Inbound, agent: "bob", ext: "102", queue: "800", start: "2025-03-31T10:00:00Z", talk: 9 * time.Minute},  // no session of Bob in 800
	{n: 9, dir: activity.Inbound, agent: "ann", ext: "101", queue: "800", start: "2025-03-30T10:00:00Z", ring: 40 * time.Second}, // unanswered
	{n: 10, dir: activity.Inbound, agent: "bob", ext: "101", queue: "800", start: "2025-03-30T11:00:00Z", talk: 7 * time.Minute}, // Bob's, at Ann's extension
}

// loginRow is a row: queue, agent number and name, day, login, logout (""
// for null), then the six durations.
func loginRow(queue, no, agent, day, in, out string, d ...string) map[string]any {
	var logout any = out
	if out == "" {
		logout = nil
	}
	return map[string]any{"QueueNo": queue, "AgentNo": no, "Agent": agent, "Day": day, "loggedInDt": in, "LoggedOutDt": logout,
		"LoggedInInterval": d[0], "LoggedInDayInterval": d[1], "LoggedInTotalInterval": d[2],
		"TalkingInterval": d[3], "TalkingDayInterval": d[4], "TalkingTotalInterval": d[5]}
}

const (
	mar29, mar30, mar31 = "2025-03-29T00:00:00+01:00", "2025-03-30T00:00:00+01:00", "2025-03-31T00:00:00+02:00"
)

var loginRows = map[string]map[string]any{
	"bob-":    loginRow("", "102", "Bob Jones", mar31, "2025-03-31T11:00:00+02:00", "2025-03-31T13:00:00+02:00", "PT2H", "PT2H", "PT2H", "PT0S", "PT0S", "PT0S"),
	"dee800":  loginRow("800", "", "Dee Dee", mar29, "2025-03-29T09:00:00+01:00", "2025-03-29T10:00:00+01:00", "PT1H", "PT1H", "PT1H", "PT0S", "PT0S", "PT0S"),
	"ann800a": loginRow("800", "101", "Ann Smith", mar29, "2025-03-29T20:00:00+01:00", mar30, "PT4H", "PT4H", "PT22H30M", "PT12M", "PT17M", "PT39M"),
	"ann800b": loginRow("800", "101", "Ann Smith", mar30, mar30, mar31, "PT23H", "PT16H30M", "PT22H30M", "PT18M", "PT18M", "PT39M"),
	"ann800c": loginRow("800", "101", "Ann Smith", mar31, mar31, "2025-03-31T02:00:00+02:00", "PT2H", "PT2H", "PT22H30M", "PT0S", "PT4M", "PT39M"),
	"cy800":   loginRow("800", "103", "Cy Young", mar29, mar29, "2025-03-29T02:00:00+01:00", "PT2H", "PT2H", "PT2H", "PT0S", "PT0S", "PT0S"),
	"ann801":  loginRow("801", "101", "Ann Smith", mar31, "2025-03-31T12:00:00+02:00", "", "PT10H", "PT10H", "PT10H", "PT6M", "PT6M", "PT6M"),
	"bob801":  loginRow("801", "102", "Bob Jones", mar31, "2025-03-31T14:00:00+02:00", "2025-03-31T15:00:00+02:00", "PT1H", "PT1H", "PT1H", "PT0S", "PT0S", "PT0S"),
}

func loginRowsOf(names ...string) []map[string]any {
	out := []map[string]any{}
	for _, n := range names {
		out = append(out, loginRows[n])
	}
	return out
}

func loginTarget(function, zone, queues, agents, options string) string {
	return "/xapi/v1/ReportAgentLoginHistory/Pbx." + function + "(clientTimeZone=" + odataString(zone) + "," + loginPeriod +
		",queueDnStr=" + odataString(queues) + ",agentDnStr=" + odataString(agents) + ")" + options
}

func newLoginEnv(t *testing.T, db *store.DB) *reportEnv {
	e := newReportEnv(t, db, instant("2025-03-31T20:00:00Z"))
	e.sessions(t, loginEvents...)
	e.calls(t, rcCalls(loginCalls...)...)
	return e
}

func TestAgentLoginHistory(t *testing.T) {
	all := []string{"bob-", "dee800", "ann800a", "ann800b", "ann800c", "cy800", "ann801", "bob801"}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newLoginEnv(t, db)
		for _, c := range []struct {
			queues, agents, options string
			want                    []string
		}{
			{"", "", "", all},
			{"", "", "?$top=1000&$skip=0", all},
			{"", "101", "", []string{"ann800a", "ann800b", "ann800c", "ann801"}},
			{"801", "", "", []string{"ann801", "bob801"}},
			{"800 801", "102,103", "", []string{"cy800", "bob801"}},
			{"", "", "?$filter=LoggedInDayInterval+gt+duration'PT3H'", []string{"ann800a", "ann800b", "ann801"}},
			{"", "", "?$filter=LoggedOutDt+eq+null+or+TalkingInterval+ne+TalkingDayInterval", []string{"ann800a", "ann800c", "ann801"}},
			{"", "", "?$orderby=LoggedInDayInterval+desc&$top=2", []string{"ann800b", "ann801"}},
			{"", "", "?$filter=Day+ge+2025-03-30T22:00:00Z&$orderby=Agent,QueueNo+desc", []string{"ann801", "ann800c", "bob801", "bob-"}},
			{"", "", "?$search=Young", []string{"cy800"}},
			{"", "104", "", nil},
		} {
			target := loginTarget("GetAgentLoginHistoryData", "Europe/Berlin", c.queues, c.agents, c.options)
			got, _, _ := readPage(t, target, e.get(t, target))
			wantJSON(t, target, got, loginRowsOf(c.want...))
		}
		got, count, _ := readPage(t, "$select", e.get(t, loginTarget("GetAgentLoginHistoryData", "Europe/Berlin", "", "101", "?$select=Day,loggedInDt&$count=true&$top=1")))
		wantJSON(t, "$select", got, []map[string]any{{"Day": mar29, "loggedInDt": "2025-03-29T20:00:00+01:00"}})
		if count != 4 {
			t.Errorf("$count: got %d, want 4", count)
		}
		for _, options := range []string{"", "?$select=Agent,LoggedOutDt,TalkingDayInterval&$orderby=Day+desc"} {
			want, _, _ := readPage(t, options, e.get(t, loginTarget("GetAgentLoginHistoryData", "Europe/Berlin", "", "", options)))
			a := send(t, e.srv, "GET", loginTarget("DownloadAgentLoginHistory", "Europe/Berlin", "", "", options),
				[][2]string{{"Authorization", "Bearer " + e.token}}, nil)
			records, err := csv.NewReader(strings.NewReader(string(a.body))).ReadAll()
			if a.status != 200 || err != nil || len(records) != len(want)+1 || len(records[0]) != len(want[0]) {
				t.Fatalf("download%s: got %d %s (%v), want a header and %d rows", options, a.status, clip(string(a.body)), err, len(want))
			}
			for i, row := range want {
				for j, name := range records[0] {
					if records[i+1][j] != csvText(row[name]) {
						t.Errorf("download%s: row %d %s: got %q, want %q", options, i, name, records[i+1][j], csvText(row[name]))
					}
				}
			}
		}
	})
}

// TestAgentLoginHistoryZones cuts the same sessions at the midnights of
// other zones: in UTC the session ended by the timeout at midnight has no
// part on the 31st; at +08:00 the session of the 29th lies within one day.
func TestAgentLoginHistoryZones(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newLoginEnv(t, db)
		for _, c := range []struct{ zone, want string }{
			{"UTC", "2025-03-29T00:00:00+00:00 2025-03-29T19:00:00+00:00 2025-03-30T00:00:00+00:00 PT5H|" +
				"2025-03-30T00:00:00+00:00 2025-03-30T00:00:00+00:00 2025-03-31T00:00:00+00:00 PT17H30M"},
			{"+08:00", "2025-03-30T00:00:00+08:00 2025-03-30T03:00:00+08:00 2025-03-31T00:00:00+08:00 PT14H30M|" +
				"2025-03-31T00:00:00+08:00 2025-03-31T00:00:00+08:00 2025-03-31T08:00:00+08:00 PT8H"},
		} {
			target := loginTarget("GetAgentLoginHistoryData", c.zone, "800", "101", "")
			rows, _, _ := readPage(t, target, e.get(t, target))
			var got []string
			for _, r := range rows {
				got = append(got, r["Day"].(string)+" "+r["loggedInDt"].(string)+" "+r["LoggedOutDt"].(string)+" "+r["LoggedInDayInterval"].(string))
			}
			if strings.Join(got, "|") != c.want {
				t.Errorf("%s:\ngot  %s\nwant %s", c.zone, strings.Join(got, "|"), c.want)
			}
		}
	})
}
