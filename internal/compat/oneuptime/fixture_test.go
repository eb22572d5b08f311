package oneuptime_test

// The request bodies OneUptime's own client sends
// (shared/fixtures/oneuptime-client-bodies.json), sent as captured to the
// real server over the fixture data set, each answer compared with what
// the case's meaning selects, worked out in Go by fixtureExpectations.

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"agentlog/internal/activity"
)

const fixturePath = "../../../../shared/fixtures/oneuptime-client-bodies.json"

type fixtureCase struct {
	Name     string          `json:"name"`
	Endpoint string          `json:"endpoint"`
	Request  string          `json:"request"`
	Body     json.RawMessage `json:"body"`
	Meaning  string          `json:"meaning"`
}

func loadFixture(t *testing.T) []fixtureCase {
	t.Helper()
	b, err := os.ReadFile(fixturePath)
	if errors.Is(err, fs.ErrNotExist) {
		t.Skipf("the fixture %s is missing: check out shared/ beside the repository to run this test", fixturePath)
	}
	if err != nil {
		t.Fatalf("reading the fixture: %v", err)
	}
	var f struct{ Cases []fixtureCase }
	if err := json.Unmarshal(b, &f); err != nil || len(f.Cases) == 0 {
		t.Fatalf("the fixture %s: got %d cases, %v; want cases", fixturePath, len(f.Cases), err)
	}
	return f.Cases
}

func TestFixtureClientBodies(t *testing.T) {
	cases := loadFixture(t)
	data := fixtureData()
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.Name] = true
		if fixtureExpectations[c.Name] == nil {
			t.Errorf("fixture case %q (%s) has no expectation: write one in fixtureExpectations", c.Name, c.Meaning)
		}
	}
	for name := range fixtureExpectations {
		if !seen[name] {
			t.Errorf("expectation %q has no fixture case: the fixture changed", name)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	fill := func(t *testing.T, e *env) {
		calls := make([]activity.Call, len(data))
		for i, c := range data {
			calls[i] = c.call()
		}
		mustIngest(t, e.db, e.acme, calls)
		mustIngest(t, e.db, e.beta, betaFixtureCalls())
	}
	forEachServer(t, setup{fill: fill}, func(t *testing.T, e *env) {
		for _, c := range cases {
			t.Run(c.Name, func(t *testing.T) { runFixtureCase(t, e, c, data) })
		}
	})
}

func runFixtureCase(t *testing.T, e *env, c fixtureCase, data []fx) {
	want := fixtureExpectations[c.Name](t, data)
	// The data set must decide the case: some calls match and some do not.
	if c.Name != "all_newest_first" && (want.count == 0 || want.count == len(data)) {
		t.Fatalf("data set: %d of %d calls match %q, want some but not all", want.count, len(data), c.Meaning)
	}
	if want.ids != nil && len(want.ids) == 0 {
		t.Fatalf("data set: the page of %q is empty", c.Meaning)
	}
	method, target, ok := strings.Cut(c.Request, " ")
	if !ok {
		t.Fatalf("request %q: want METHOD TARGET", c.Request)
	}
	var body bytes.Buffer
	if err := json.Compact(&body, c.Body); err != nil {
		t.Fatalf("body of %s: %v", c.Name, err)
	}
	a := e.send(t, request{method: method, target: target, body: body.String()})
	if a.status != 200 {
		t.Fatalf("%s: status: got %d, want 200; body: %s", c.Request, a.status, a.body)
	}
	switch c.Endpoint {
	case "count":
		jsonEqual(t, c.Name+" count", a.body, map[string]int{"count": want.count})
	case "get-list":
		checkFixtureList(t, c, target, a.body, want, data)
	default:
		t.Fatalf("endpoint %q: want get-list or count", c.Endpoint)
	}
}

func checkFixtureList(t *testing.T, c fixtureCase, target string, body []byte, want fixtureWant, data []fx) {
	t.Helper()
	l := decodeList(t, body)
	if got := l.ids(t); !slices.Equal(got, want.ids) {
		t.Errorf("%s: calls: got %v, want %v (%s)", c.Name, got, want.ids, c.Meaning)
	}
	if *l.Count != want.count {
		t.Errorf("%s: count: got %d, want %d", c.Name, *l.Count, want.count)
	}
	u, err := url.Parse(target)
	if err != nil {
		t.Fatalf("target %q: %v", target, err)
	}
	for name, got := range map[string]int{"limit": *l.Limit, "skip": *l.Skip} {
		if w, _ := strconv.Atoi(u.Query().Get(name)); got != w {
			t.Errorf("%s: %s: got %d, want %d", c.Name, name, got, w)
		}
	}
	var req struct{ Select map[string]bool }
	if err := json.Unmarshal(c.Body, &req); err != nil {
		t.Fatalf("%s: select: %v", c.Name, err)
	}
	byN := map[string]fx{}
	for _, d := range data {
		byN[callID(d.n)] = d
	}
	for _, it := range l.Data {
		id, _ := it["_id"].(string)
		m := map[string]any{}
		for name, on := range req.Select {
			if on {
				m[name] = byN[id].column(name)
			}
		}
		got, _ := json.Marshal(it)
		jsonEqual(t, c.Name+" item "+id, got, m)
	}
}
