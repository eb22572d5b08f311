package xapi_test

// The requests 3CX's official TypeScript client made, captured on the wire
// (shared/fixtures/xapi-client-requests.json, beside the repository),
// replayed byte for byte against the real server after a token request
// made the way the client makes it. Every GetUserActivity request must be
// accepted and answered with the rows the model counts, to which each
// case's query options are applied by hand below.
//
// The captured requests of the other operations (GetCallDistribution,
// GetAgentLoginHistoryData, ListCallHistoryView, GetExtensionStatisticsData)
// are checked with their expected rows in reportfixture_test.go; here they
// must only answer 200.

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

const fixtureFile = "../../../../shared/fixtures/xapi-client-requests.json"

// captured is the fixture file.
type captured struct {
	TokenRequest struct {
		Method     string            `json:"method"`
		Target     string            `json:"target"`
		Fields     []string          `json:"body_field_names_in_order"`
		GrantType  string            `json:"grant_type_value"`
		Headers    map[string]string `json:"other_headers"`
		BodyFormat string            `json:"body_encoding"`
	} `json:"token_request"`
	Requests []struct {
		Name, Operation, Method, Target string
		Params                          map[string]any
	} `json:"requests"`
}

// byHand applies each GetUserActivity case's query options to the model's
// rows, as the contract states them, and gives @odata.count when asked.
var byHand = map[string]func(rows []uaRow) ([]map[string]any, *int){
	"ua_berlin_all_defaults": func(rows []uaRow) ([]map[string]any, *int) { return render(rows), nil },
	// $top=100&$skip=0
	"ua_jerusalem_ext101_top_skip": func(rows []uaRow) ([]map[string]any, *int) {
		return render(rows[:min(100, len(rows))]), nil
	},
	// $count=true: the number of rows, all of them shown
	"ua_offset0800_group10_plus0200_periods_count": func(rows []uaRow) ([]map[string]any, *int) {
		n := len(rows)
		return render(rows), &n
	},
	// $top=25&$orderby=DateTimeInterval desc: by instant, the latest first
	"ua_newyork_two_exts_orderby_desc": func(rows []uaRow) ([]map[string]any, *int) {
		sorted := slices.Clone(rows)
		slices.SortStableFunc(sorted, func(a, b uaRow) int { return b.start.Compare(a.start) })
		return render(sorted[:min(25, len(sorted))]), nil
	},
	// $filter=AnsweredCount gt 0&$select=DateTimeInterval,AnsweredCount
	"ua_berlin_filter_select": func(rows []uaRow) ([]map[string]any, *int) {
		var kept []uaRow
		for _, r := range rows {
			if r.answered > 0 {
				kept = append(kept, r)
			}
		}
		return render(kept, "DateTimeInterval", "AnsweredCount"), nil
	},
	// $top=24&$skip=24&$search=101: rows with "101" in the text of a value
	"ua_berlin_search_paging": func(rows []uaRow) ([]map[string]any, *int) {
		var kept []uaRow
		for _, r := range rows {
			texts := []string{r.interval, strconv.Itoa(r.answered), strconv.Itoa(r.unanswered)}
			if slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, "101") }) {
				kept = append(kept, r)
			}
		}
		kept = kept[min(24, len(kept)):]
		return render(kept[:min(24, len(kept))]), nil
	},
}

// bucketsOf is the number of rows of each case, counted on a calendar.
var bucketsOf = map[string]int{
	"ua_berlin_all_defaults": 24, "ua_jerusalem_ext101_top_skip": 24, "ua_offset0800_group10_plus0200_periods_count": 8,
	"ua_newyork_two_exts_orderby_desc": 25, "ua_berlin_filter_select": 24, "ua_berlin_search_paging": 1,
}

func readFixture(t *testing.T) captured {
	t.Helper()
	data, err := os.ReadFile(fixtureFile)
	if err != nil {
		t.Fatal(err)
	}
	var f captured
	if err := json.Unmarshal(data, &f); err != nil {
		t.Fatalf("%s: %v", fixtureFile, err)
	}
	return f
}

// fixtureQuery reads a case's params: strings come with their quotes.
func fixtureQuery(t *testing.T, p map[string]any) query {
	t.Helper()
	text := func(name string) string {
		s, ok := p[name].(string)
		if name == "periodFrom" || name == "periodTo" {
			return s
		}
		if !ok || len(s) < 2 || s[0] != '\'' || s[len(s)-1] != '\'' {
			t.Fatalf("param %s: got %v, want a quoted string", name, p[name])
		}
		return s[1 : len(s)-1]
	}
	return query{zone: text("clientTimeZone"), from: text("periodFrom"), to: text("periodTo"), group: text("groupNumber"),
		exts: text("extensionDns"), wait: text("waitInterval"), queueCalls: p["includeQueueCalls"] == true,
		area: int(p["callArea"].(float64)), grouping: int(p["groupingType"].(float64))}
}

// spreadCalls makes n calls in [from-2h, to+2h), of every kind, a quarter
// of them on a whole hour, and calls at from and to and just before each.
func spreadCalls(seed uint64, from, to time.Time, n int) []tcall {
	g := rand.New(rand.NewPCG(seed, 7))
	rings := []time.Duration{0, 10 * time.Second, 29 * time.Second, 30 * time.Second, 31 * time.Second, 45 * time.Second, 2 * time.Minute}
	dirs := []string{activity.Inbound, activity.Outbound, activity.Internal}
	span := to.Sub(from) + 4*time.Hour
	var out []tcall
	for i := range n + 4 {
		c := tcall{agent: g.IntN(len(agents) + 1), dir: dirs[g.IntN(3)], answered: g.IntN(2) == 0, ring: rings[g.IntN(len(rings))]}
		if c.agent == 0 {
			c.ext = []string{"101", "102", "103", "104", "105"}[g.IntN(5)]
		} else if g.IntN(4) > 0 {
			c.ext = agents[c.agent-1].ext
		}
		if g.IntN(3) == 0 {
			c.queue = "q10"
		}
		c.start = from.Add(-2*time.Hour + time.Duration(g.Int64N(int64(span/time.Millisecond)))*time.Millisecond)
		if g.IntN(4) == 0 {
			c.start = c.start.Truncate(time.Hour)
		}
		switch i - n {
		case 0, 1, 2, 3:
			c.start = []time.Time{from, to, from.Add(-time.Millisecond), to.Add(-time.Millisecond)}[i-n]
		}
		out = append(out, c)
	}
	return out
}

func TestClientFixtureRequests(t *testing.T) {
	f := readFixture(t)
	tr := f.TokenRequest
	if tr.Method != "POST" || tr.Target != "/connect/token" || strings.Join(tr.Fields, ",") != "client_id,client_secret,grant_type" ||
		tr.GrantType != "client_credentials" || !strings.HasPrefix(tr.BodyFormat, "multipart/form-data") {
		t.Fatalf("the captured token request changed: %+v; update postToken", tr)
	}
	var calls []tcall
	for i, r := range f.Requests {
		if r.Operation == "GetUserActivity" {
			q := fixtureQuery(t, r.Params)
			from, to := q.period()
			calls = append(calls, spreadCalls(uint64(i), from, to, 30+int(to.Sub(from)/time.Hour)*4)...)
		}
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.ingest(t, calls)
		id, secret, _ := strings.Cut(e.key, ".")
		ct, body := multipartForm([2]string{tr.Fields[0], id}, [2]string{tr.Fields[1], secret}, [2]string{tr.Fields[2], tr.GrantType})
		token := wantToken(t, send(t, e.srv, tr.Method, tr.Target,
			[][2]string{{"Content-Type", ct}, {"Accept", tr.Headers["accept"]}, {"User-Agent", tr.Headers["user-agent"]}}, body))
		served := 0
		for _, r := range f.Requests {
			if r.Method != "GET" {
				t.Fatalf("%s: method %s; the client sends GET only", r.Name, r.Method)
			}
			if r.Operation != "GetUserActivity" {
				a := send(t, e.srv, r.Method, r.Target, [][2]string{{"Accept", "application/json"},
					{"Authorization", "Bearer " + token}, {"User-Agent", "axios/1.17.0"}}, nil)
				if a.status != 200 {
					t.Errorf("%s (%s): status %d, want 200", r.Name, r.Operation, a.status)
				}
				continue
			}
			apply, ok := byHand[r.Name]
			if !ok {
				t.Fatalf("%s: a GetUserActivity case without its options applied by hand: add it to byHand", r.Name)
			}
			q := fixtureQuery(t, r.Params)
			if path, _, _ := strings.Cut(r.Target, "?"); path != q.target("GetUserActivity", "") {
				t.Fatalf("%s: the client's target is\n%s\nthe tests make\n%s", r.Name, path, q.target("GetUserActivity", ""))
			}
			rows := q.expect(calls)
			if len(rows) != bucketsOf[r.Name] {
				t.Fatalf("%s: the model makes %d buckets, the calendar %d", r.Name, len(rows), bucketsOf[r.Name])
			}
			if a, u := totals(rows); a+u == 0 {
				t.Fatalf("%s: the test data gives this case nothing to count", r.Name)
			}
			want, count := apply(rows)
			wantRows(t, r.Name, e.get(t, r.Target, token), want, count)
			served++
		}
		if served != len(byHand) {
			t.Errorf("GetUserActivity cases: got %d in %s, want the %d of byHand", served, fixtureFile, len(byHand))
		}
	})
}
