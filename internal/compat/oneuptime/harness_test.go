package oneuptime_test

// The harness of the Call Log scenario tests: the real server (server.New)
// over a fresh SQLite and a fresh PostgreSQL database, a loopback listener,
// and declarative scenarios of one request each. internal/servertest starts
// the server too, but sends no bodies and takes no server.Config, both of
// which these tests need.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/server"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// env is one running server with two tenants: "acme", whose key the
// scenarios send unless they say otherwise, and "beta".
type env struct {
	url    string
	client *http.Client
	db     *store.DB
	acme   activity.Tenant
	beta   activity.Tenant
	key    string // acme's key with calls:read
}

// setup is how a test fills the database before the server starts.
type setup struct {
	cfg  server.Config
	now  time.Time // the server's clock; zero keeps the real one
	fill func(t *testing.T, e *env)
}

// forEachServer runs fn against the real server on each database.
func forEachServer(t *testing.T, s setup, fn func(t *testing.T, e *env)) {
	t.Helper()
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		if !s.now.IsZero() {
			db.Now = func() time.Time { return s.now }
		}
		e := &env{db: db, acme: storetest.MustTenant(t, db, "acme"), beta: storetest.MustTenant(t, db, "beta")}
		e.key = storetest.MustKey(t, db, e.acme, activity.ScopeCallsRead)
		if s.fill != nil {
			s.fill(t, e)
		}
		e.url, e.client = start(t, db, s.cfg)
		fn(t, e)
	})
}

// start serves server.New(db, ...) on 127.0.0.1:0 until the test ends.
func start(t *testing.T, db *store.DB, cfg server.Config) (string, *http.Client) {
	t.Helper()
	srv := servertest.StartConfig(t, db, cfg)
	return srv.URL, srv.Client()
}

// request is one HTTP request. Headers are sent as written; nil headers
// send acme's key as ApiKey, and an empty map sends no key at all.
type request struct {
	method  string // "" is POST
	target  string // path and query, as sent
	body    string // sent as is, with Content-Type: application/json; "" sends none
	headers map[string]string
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

// send sends r. Every answer must be JSON, and none may be a 5xx.
func (e *env) send(t testing.TB, r request) answer {
	t.Helper()
	method := cmpOr(r.method, http.MethodPost)
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(r.body)
	}
	req, err := http.NewRequest(method, e.url+r.target, body)
	if err != nil {
		t.Fatalf("%s %s: %v", method, r.target, err)
	}
	if r.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	headers := r.headers
	if headers == nil {
		headers = map[string]string{"ApiKey": e.key}
	}
	for name, v := range headers {
		req.Header[name] = []string{v}
	}
	res, err := e.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, r.target, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, r.target, err)
	}
	if res.StatusCode >= 500 {
		t.Errorf("%s %s %s: status: got %d, want no 5xx; body: %s", method, r.target, r.body, res.StatusCode, b)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s %s: Content-Type: got %q, want application/json", method, r.target, ct)
	}
	return answer{status: res.StatusCode, header: res.Header, body: b}
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// scenario is one request and what its answer must hold. Unset fields
// check nothing, except status, which defaults to 200.
type scenario struct {
	name      string
	req       request
	status    int
	err       string   // the exact error message
	errPrefix string   // the start of the error message
	errHas    []string // words the error message must contain (the column)
	ids       []int    // get-list: the calls of the page, in order (nil: unchecked)
	count     int      // get-list and count: count, when ids is set or countSet
	countSet  bool
	check     func(t *testing.T, e *env, a answer)
}

func runScenarios(t *testing.T, e *env, list []scenario) {
	t.Helper()
	for _, sc := range list {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, e) })
	}
}

func (sc scenario) run(t *testing.T, e *env) {
	t.Helper()
	a := e.send(t, sc.req)
	what := cmpOr(sc.req.method, "POST") + " " + sc.req.target + " " + sc.req.body
	want := sc.status
	if want == 0 {
		want = http.StatusOK
	}
	if a.status != want {
		t.Fatalf("%s: status: got %d, want %d; body: %s", what, a.status, want, a.body)
	}
	if a.status >= 400 {
		msg := errorMessage(t, a.body)
		if sc.err != "" && msg != sc.err {
			t.Errorf("%s: error: got %q, want %q", what, msg, sc.err)
		}
		if !strings.HasPrefix(msg, sc.errPrefix) {
			t.Errorf("%s: error: got %q, want it to start with %q", what, msg, sc.errPrefix)
		}
		for _, w := range sc.errHas {
			if !strings.Contains(msg, w) {
				t.Errorf("%s: error: got %q, want it to name %q", what, msg, w)
			}
		}
	}
	if sc.ids != nil {
		l := decodeList(t, a.body)
		if got := l.ids(t); !slices.Equal(got, sc.ids) {
			t.Errorf("%s: calls: got %v, want %v", what, got, sc.ids)
		}
	}
	if sc.ids != nil || sc.countSet {
		var c struct{ Count *int }
		if err := json.Unmarshal(a.body, &c); err != nil || c.Count == nil || *c.Count != sc.count {
			t.Errorf("%s: count: got %s, want %d", what, a.body, sc.count)
		}
	}
	if sc.check != nil {
		sc.check(t, e, a)
	}
}

// errorMessage is the message of an error answer, which must be
// {"error": "<message>"} and nothing else.
func errorMessage(t *testing.T, body []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Fatalf("error body: got %q, want a JSON object: %v", body, err)
	}
	msg, ok := m["error"].(string)
	if len(m) != 1 || !ok || msg == "" {
		t.Fatalf(`error body: got %s, want {"error": "<message>"} only`, body)
	}
	return msg
}

// list is get-list's answer.
type list struct {
	Count *int             `json:"count"`
	Limit *int             `json:"limit"`
	Skip  *int             `json:"skip"`
	Data  []map[string]any `json:"data"`
}

func decodeList(t *testing.T, body []byte) list {
	t.Helper()
	var l list
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&l); err != nil || l.Count == nil || l.Limit == nil || l.Skip == nil || l.Data == nil {
		t.Fatalf("get-list answer: got %s, want {count, limit, skip, data} (%v)", body, err)
	}
	return l
}

// ids numbers the calls of a page by callNumber.
func (l list) ids(t *testing.T) []int {
	t.Helper()
	got := []int{}
	for _, item := range l.Data {
		id, _ := item["_id"].(string)
		got = append(got, callNumber(t, id))
	}
	return got
}

// callID is the id of test call n; callNumber reads n back.
func callID(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

func callNumber(t *testing.T, id string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscanf(id, "00000000-0000-4000-8000-%012d", &n); err != nil || callID(n) != id {
		t.Fatalf("call id: got %q, want one of the test's ids", id)
	}
	return n
}

func mustIngest(t *testing.T, db *store.DB, tenant activity.Tenant, calls []activity.Call) {
	t.Helper()
	for start := 0; start < len(calls); start += 1000 {
		batch := calls[start:min(start+1000, len(calls))]
		res, err := db.IngestCalls(context.Background(), tenant.ID, batch)
		if err != nil || res.New != len(batch) {
			t.Fatalf("ingesting %d calls: got %+v, %v; want all new", len(batch), res, err)
		}
	}
}

// jsonEqual compares a JSON answer with want (any value json.Marshal
// takes) by meaning: both are decoded and encoded again, which sorts keys.
func jsonEqual(t *testing.T, what string, got []byte, want any) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("%s: got %s, not JSON: %v", what, got, err)
	}
	wb, err := json.Marshal(want)
	if err != nil {
		t.Fatalf("%s: want %v: %v", what, want, err)
	}
	_ = json.Unmarshal(wb, &w)
	gb, _ := json.Marshal(g)
	wb, _ = json.Marshal(w)
	if !bytes.Equal(gb, wb) {
		t.Errorf("%s:\n got %s\nwant %s", what, gb, wb)
	}
}
