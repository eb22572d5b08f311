package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// The calls of these tests, on Europe/Amsterdam's spring change day
// (2025-03-30: 02:00 local does not exist, the day has 23 hours):
//
//	A  00:30Z = 01:30+01:00  inbound, ann on 101, queue 800, answered after 10 s, talks 50 s
//	B  01:30Z = 03:30+02:00  inbound, bob on 102, queue 800, answered after 15 s, talks 90 s
//	C  01:40Z = 03:40+02:00  inbound, queue 800, abandoned after 25 s
//	D  01:50Z = 03:50+02:00  inbound, queue 801, abandoned after 3 s
//	E  01:45Z = 03:45+02:00  outbound, ann on 101, answered after 4 s, talks 60 s
//
// and, in another tenant, an inbound call at 01:30Z that is never counted.
func reportCalls(start string, answer, talk, end float64, dir, login, ext, queue, outcome string) activity.Call {
	s, err := time.Parse(time.RFC3339, start)
	if err != nil {
		panic(err)
	}
	at := func(sec float64) *time.Time { t := s.Add(time.Duration(sec * float64(time.Second))); return &t }
	c := activity.Call{Direction: dir, User: activity.UserRef{Login: login}, Extension: ext, Queue: queue, StartedAt: &s, Outcome: outcome}
	if answer >= 0 {
		c.AnsweredAt, c.EndedAt = at(answer), at(answer+talk)
	} else {
		c.EndedAt = at(end)
	}
	return c
}

type callsServer struct {
	srv                      *servertest.Server
	key, callsOnly, otherKey string
}

func startCallsServer(t *testing.T, db *store.DB) callsServer {
	t.Helper()
	db.Now = func() time.Time { return time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC) }
	acme, other := storetest.MustTenant(t, db, "acme"), storetest.MustTenant(t, db, "other")
	for tenant, calls := range map[int64][]activity.Call{
		acme.ID: {
			reportCalls("2025-03-30T00:30:00Z", 10, 50, 0, activity.Inbound, "ann", "101", "800", ""),
			reportCalls("2025-03-30T01:30:00Z", 15, 90, 0, activity.Inbound, "bob", "102", "800", ""),
			reportCalls("2025-03-30T01:40:00Z", -1, 0, 25, activity.Inbound, "", "", "800", activity.Abandoned),
			reportCalls("2025-03-30T01:50:00Z", -1, 0, 3, activity.Inbound, "", "", "801", activity.Abandoned),
			reportCalls("2025-03-30T01:45:00Z", 4, 60, 0, activity.Outbound, "ann", "101", "", ""),
		},
		other.ID: {reportCalls("2025-03-30T01:30:00Z", 1, 1, 0, activity.Inbound, "ann", "101", "800", "")},
	} {
		if _, err := db.IngestCalls(t.Context(), tenant, calls); err != nil {
			t.Fatal(err)
		}
	}
	return callsServer{srv: servertest.Start(t, db), key: storetest.MustKey(t, db, acme, activity.ScopeReportsRead),
		callsOnly: storetest.MustKey(t, db, acme, activity.ScopeCallsRead),
		otherKey:  storetest.MustKey(t, db, other, activity.ScopeReportsRead)}
}

const springDay = "from=2025-03-29T23:00:00Z&to=2025-03-30T22:00:00Z&tz=Europe%2FAmsterdam"

func (cs callsServer) rows(t *testing.T, key, query string) []map[string]any {
	t.Helper()
	res := cs.srv.Do(t, "GET", "/api/v1/reports/calls?"+query, map[string]string{"Key": key})
	if res.Status != http.StatusOK {
		t.Fatalf("?%s: status %d: %s", query, res.Status, res.Body)
	}
	var answer struct{ Rows []map[string]any }
	if err := json.Unmarshal(res.Body, &answer); err != nil {
		t.Fatal(err)
	}
	return answer.Rows
}

// show writes the named fields of each row as "a=1 b=2", rows separated by
// " | ".
func show(rows []map[string]any, fields ...string) string {
	var out []string
	for _, r := range rows {
		var parts []string
		for _, f := range fields {
			parts = append(parts, fmt.Sprintf("%s=%v", f, r[f]))
		}
		out = append(out, strings.Join(parts, " "))
	}
	return strings.Join(out, " | ")
}

func TestCallsReport(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		cs := startCallsServer(t, db)

		t.Run("spring change day, hourly: 23 rows", func(t *testing.T) {
			rows := cs.rows(t, cs.key, springDay+"&bucket=1h")
			if len(rows) != 23 {
				t.Fatalf("got %d rows, want 23: %s", len(rows), show(rows, "bucket"))
			}
			if got, want := show(rows[:4], "bucket", "offered", "answered", "abandoned"),
				"bucket=2025-03-30T00:00:00+01:00 offered=0 answered=0 abandoned=0 | "+
					"bucket=2025-03-30T01:00:00+01:00 offered=1 answered=1 abandoned=0 | "+ // A
					"bucket=2025-03-30T03:00:00+02:00 offered=3 answered=1 abandoned=2 | "+ // B, C, D
					"bucket=2025-03-30T04:00:00+02:00 offered=0 answered=0 abandoned=0"; got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
			if last := rows[22]["bucket"]; last != "2025-03-30T23:00:00+02:00" {
				t.Errorf("last bucket %v", last)
			}
			if rows[0]["serviceLevel"] != nil || rows[0]["averageHandleSeconds"] != nil || rows[1]["serviceLevel"] != 1.0 {
				t.Errorf("service levels: %s", show(rows[:2], "serviceLevel", "averageHandleSeconds"))
			}
		})

		t.Run("half-hour zone, a period not on its hours", func(t *testing.T) {
			// 00:00Z–02:00Z is 05:30–07:30 at +05:30: hours from 05:00 local. A
			// starts at 06:00 local exactly, so it is in the 06:00 bucket.
			rows := cs.rows(t, cs.key, "from=2025-03-30T00:00:00Z&to=2025-03-30T02:00:00Z&tz=%2B05:30&bucket=1h")
			if got, want := show(rows, "bucket", "offered"), "bucket=2025-03-30T05:00:00+05:30 offered=0 | "+
				"bucket=2025-03-30T06:00:00+05:30 offered=1 | bucket=2025-03-30T07:00:00+05:30 offered=3"; got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
		})

		t.Run("the day as one bucket", func(t *testing.T) {
			rows := cs.rows(t, cs.key, springDay+"&bucket=1d")
			// A and B wait 10 + 15 s and talk 50 + 90 s; C and D ring 25 + 3 s.
			want := "bucket=2025-03-30T00:00:00+01:00 offered=4 answered=2 unanswered=2 abandoned=2 handled=2 talkSeconds=140 " +
				"ringSeconds=53 averageHandleSeconds=70 averageSpeedOfAnswerSeconds=12.5 abandonRate=0.5"
			if got := show(rows, "bucket", "offered", "answered", "unanswered", "abandoned", "handled", "talkSeconds",
				"ringSeconds", "averageHandleSeconds", "averageSpeedOfAnswerSeconds", "abandonRate"); got != want {
				t.Errorf("got  %s\nwant %s", got, want)
			}
			// A period from mid-quarter: C and D, not B (5 minutes before it).
			rows = cs.rows(t, cs.key, "from=2025-03-30T01:35:00Z&to=2025-03-30T02:00:00Z&tz=Europe%2FAmsterdam")
			if got := show(rows, "bucket", "offered"); got != "bucket=2025-03-30T03:35:00+02:00 offered=2" {
				t.Errorf("from mid-quarter: %s", got)
			}
		})

		t.Run("presets", func(t *testing.T) {
			for _, c := range []struct {
				query string
				want  float64
			}{
				// Threshold 20 s, D a short abandon (3 s < 5 s):
				// genesys: ≤ 20 s: A, B = 2 ÷ (answered 2 + abandoned 1, C) = 2/3
				{"&shortAbandon=5", 2.0 / 3},
				// connect: < 20 s: A, B, D = 3 ÷ queued 4 (D counts: no exclusion)
				{"&shortAbandon=5&preset=connect", 3.0 / 4},
				// wazo: ≤ 20 s: 2 ÷ answered 2
				{"&shortAbandon=5&preset=wazo", 1},
				// Threshold 10 s, no short abandons:
				// genesys: A (10 ≤ 10) = 1 ÷ (2 + 2) = 1/4
				{"&serviceLevel=10&preset=genesys", 1.0 / 4},
				// connect: < 10 s: D only = 1 ÷ 4
				{"&serviceLevel=10&preset=connect", 1.0 / 4},
				// wazo: A = 1 ÷ 2
				{"&serviceLevel=10&preset=wazo", 1.0 / 2},
				// Threshold 9.999 s: A misses it too; connect still has D.
				{"&serviceLevel=9.999", 0},
				{"&serviceLevel=9.999&preset=connect", 1.0 / 4},
			} {
				rows := cs.rows(t, cs.key, springDay+c.query)
				if len(rows) != 1 || rows[0]["serviceLevel"] != c.want {
					t.Errorf("%s: got %s, want serviceLevel=%v", c.query, show(rows, "serviceLevel"), c.want)
				}
			}
			rows := cs.rows(t, cs.key, springDay+"&shortAbandon=5")
			if got, want := show(rows, "offered", "abandoned", "shortAbandoned", "abandonRate"),
				fmt.Sprintf("offered=3 abandoned=1 shortAbandoned=1 abandonRate=%v", 1.0/3); got != want {
				t.Errorf("short abandons: got %s, want %s", got, want)
			}
		})

		t.Run("groupBy", func(t *testing.T) {
			for query, want := range map[string]string{
				"&groupBy=user":                     "userId=ann login=ann offered=1 | userId=bob login=bob offered=1 | userId=<nil> login=<nil> offered=2",
				"&groupBy=queue":                    "group=800 offered=3 | group=801 offered=1",
				"&groupBy=extension":                "group= offered=2 | group=101 offered=1 | group=102 offered=1",
				"&groupBy=extension&direction=all":  "group= offered=2 | group=101 offered=2 | group=102 offered=1",
				"&groupBy=queue&direction=outbound": "group= offered=1",
				"&groupBy=user&bucket=1h":           "userId=ann login=ann offered=1 | userId=bob login=bob offered=1 | userId=<nil> login=<nil> offered=2",
				"&groupBy=none&direction=internal":  "bucket=2025-03-30T00:00:00+01:00 offered=0",
			} {
				rows := cs.rows(t, cs.key, springDay+query)
				for _, r := range rows {
					if id, ok := r["userId"].(string); ok {
						r["userId"] = r["login"] // ids are random: show the login
						if !activity.IsUUID(id) {
							t.Errorf("%s: userId %q", query, id)
						}
					}
				}
				fields := []string{"group", "offered"}
				if strings.Contains(query, "user") {
					fields = []string{"userId", "login", "offered"}
				} else if strings.Contains(query, "none") {
					fields = []string{"bucket", "offered"}
				}
				if got := show(rows, fields...); got != want {
					t.Errorf("%s:\ngot  %s\nwant %s", query, got, want)
				}
			}
			rows := cs.rows(t, cs.key, springDay+"&groupBy=user&bucket=1h")
			if got := show(rows, "bucket"); !strings.HasPrefix(got, "bucket=2025-03-30T01:00:00+01:00 | bucket=2025-03-30T03:00:00+02:00") {
				t.Errorf("grouped hourly rows: %s", got)
			}
		})

		t.Run("userIds", func(t *testing.T) {
			all := cs.rows(t, cs.key, springDay+"&groupBy=user")
			ann := all[0]["userId"].(string)
			rows := cs.rows(t, cs.key, springDay+"&direction=all&userIds="+strings.ToUpper(ann))
			if got := show(rows, "offered", "answered"); got != "offered=2 answered=2" { // A and E
				t.Errorf("ann's calls: %s", got)
			}
		})

		t.Run("tenant isolation", func(t *testing.T) {
			rows := cs.rows(t, cs.otherKey, springDay+"&groupBy=queue")
			if got := show(rows, "group", "offered", "answered"); got != "group=800 offered=1 answered=1" {
				t.Errorf("the other tenant sees %s", got)
			}
		})

		servertest.Run(t, cs.srv, []servertest.Scenario{
			{Name: "CSV", Path: "/api/v1/reports/calls?" + springDay + "&groupBy=user&format=csv", Headers: map[string]string{"Key": cs.key},
				Status: 200, ContentType: "text/csv",
				Contains: []string{"bucket,userId,login,offered,answered,unanswered,abandoned,shortAbandoned,handled,talkSeconds,ringSeconds," +
					"averageHandleSeconds,averageSpeedOfAnswerSeconds,abandonRate,serviceLevel\n",
					"2025-03-30T00:00:00+01:00,,,2,0,2,2,0,0,0,28,,,1,0\n"}},
			{Name: "a key without reports:read", Path: "/api/v1/reports/calls?" + springDay, Headers: map[string]string{"Key": cs.callsOnly}, Status: 403},
			{Name: "no key", Path: "/api/v1/reports/calls?" + springDay, Status: 401},
		})
		for _, bad := range []string{"&preset=avaya", "&preset=Genesys", "&serviceLevel=-1", "&serviceLevel=NaN", "&serviceLevel=604801",
			"&shortAbandon=-0.5", "&shortAbandon=5s", "&groupBy=status", "&groupBy=users", "&direction=in", "&bucket=2h"} {
			servertest.Scenario{Name: bad, Path: "/api/v1/reports/calls?" + springDay + bad, Headers: map[string]string{"Key": cs.key},
				Status: 400, Contains: []string{`"error"`}}.Run(t, cs.srv)
		}
	})
}
