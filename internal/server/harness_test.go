package server_test

// The scenario harness: declarative tables of HTTP requests and what their
// answers must hold, in the style of pocketbase's ApiScenario. Every table
// runs on SQLite and PostgreSQL against the real server, started on a
// loopback port and spoken to with net/http.
//
// Each scenario gets a tenant of its own (and keys of it, made on demand),
// so scenarios share a server and a database but never see each other's
// data, and "nothing was stored" can be checked by listing.

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/api"
	"agentlog/internal/server"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// scenario is one request and what its answer must hold. path, headers,
// body, contains and notContains may hold {{name}} placeholders, filled
// from the fixture's vars after before has run.
type scenario struct {
	name      string
	method    string
	path      string            // with its query
	key       string            // scopes (comma-separated) of a fresh key of the scenario's tenant; "" sends none
	keyHeader string            // the header the key goes in as it is; "" sends "Authorization: Bearer <key>"
	headers   map[string]string // sent as written (names are not canonicalised)
	body      string            // sent with Content-Type application/json unless headers name one

	before func(t *testing.T, f *fixture) // runs first: fill the tenant, set vars

	status      int
	contains    []string // substrings the body must hold
	notContains []string // substrings the body must not hold
	check       func(t *testing.T, f *fixture, r response)
	after       func(t *testing.T, f *fixture) // runs last: look at what the request left

}

// response is an answer as the client saw it.
type response struct {
	status int
	header http.Header
	body   []byte
}

// testServer is the real server over one database, serving on loopback.
type testServer struct {
	db      *store.DB
	base    string // http://127.0.0.1:port
	client  *http.Client
	tenants atomic.Int64
}

// testLimits are the limits of tables that do not test limits.
var testLimits = api.Limits{MaxBodyBytes: 1 << 20, MaxBatch: 1000}

// runScenarios runs every scenario of table, in order, on each database.
func runScenarios(t *testing.T, limits api.Limits, table []scenario) {
	t.Helper()
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv := startServer(t, db, limits)
		for _, sc := range table {
			t.Run(sc.name, func(t *testing.T) { sc.run(t, srv) })
		}
	})
}

// startServer starts server.New over db on a free loopback port. It stops
// when the test ends, before the database closes.
func startServer(t *testing.T, db *store.DB, limits api.Limits) *testServer {
	t.Helper()
	srv := servertest.StartConfig(t, db, server.Config{Limits: limits, ShutdownGrace: 5 * time.Second})
	return &testServer{db: db, base: srv.URL, client: srv.Client()}
}

func (sc scenario) run(t *testing.T, srv *testServer) {
	f := srv.newFixture(t)
	if sc.before != nil {
		sc.before(t, f)
	}
	headers := map[string]string{}
	if sc.key != "" {
		if sc.keyHeader == "" {
			headers["Authorization"] = "Bearer " + f.key(sc.key)
		} else {
			headers[sc.keyHeader] = f.key(sc.key)
		}
	}
	for name, v := range sc.headers {
		headers[name] = f.expand(v)
	}
	r := f.request(sc.method, f.expand(sc.path), headers, f.expand(sc.body))
	if r.status != sc.status {
		t.Errorf("%s %s: status: got %d, want %d; body: %s", sc.method, sc.path, r.status, sc.status, r.body)
	}
	for _, s := range sc.contains {
		if s = f.expand(s); !bytes.Contains(r.body, []byte(s)) {
			t.Errorf("%s %s: body: got %s, want it to contain %s", sc.method, sc.path, r.body, s)
		}
	}
	for _, s := range sc.notContains {
		if s = f.expand(s); bytes.Contains(r.body, []byte(s)) {
			t.Errorf("%s %s: body: got %s, want it not to contain %s", sc.method, sc.path, r.body, s)
		}
	}
	if sc.check != nil {
		sc.check(t, f, r)
	}
	if sc.after != nil {
		sc.after(t, f)
	}
}

// fixture is the world of one scenario: its tenant, its keys and the values
// its hooks note for placeholders.
type fixture struct {
	t      *testing.T
	srv    *testServer
	db     *store.DB
	tenant activity.Tenant
	keys   map[string]string // scopes → whole key string
	vars   map[string]string
}

func (srv *testServer) newFixture(t *testing.T) *fixture {
	return &fixture{t: t, srv: srv, db: srv.db, keys: map[string]string{}, vars: map[string]string{},
		tenant: storetest.MustTenant(t, srv.db, srv.newSlug("scenario"))}
}

func (srv *testServer) newSlug(prefix string) string {
	return fmt.Sprintf("%s-%d", prefix, srv.tenants.Add(1))
}

// key returns a key of the scenario's tenant with the comma-separated
// scopes, made on first use.
func (f *fixture) key(scopes string) string {
	if k, ok := f.keys[scopes]; ok {
		return k
	}
	k := storetest.MustKey(f.t, f.db, f.tenant, strings.Split(scopes, ",")...)
	f.keys[scopes] = k
	return k
}

// expand fills {{name}} placeholders from vars. An unknown name is a
// mistake in the table.
func (f *fixture) expand(s string) string {
	for strings.Contains(s, "{{") {
		start := strings.Index(s, "{{")
		end := strings.Index(s[start:], "}}")
		if end < 0 {
			f.t.Fatalf("unclosed placeholder in %q", s)
		}
		name := s[start+2 : start+end]
		v, ok := f.vars[name]
		if !ok {
			f.t.Fatalf("placeholder {{%s}} has no value (vars %v)", name, f.vars)
		}
		s = s[:start] + v + s[start+end+2:]
	}
	return s
}

// request sends one request and reads the whole answer. Any 5xx fails the
// scenario: no request of these tables may reach an internal error.
func (f *fixture) request(method, path string, headers map[string]string, body string) response {
	f.t.Helper()
	req, err := http.NewRequest(method, f.srv.base+path, strings.NewReader(body))
	if err != nil {
		f.t.Fatalf("%s %s: %v", method, path, err)
	}
	for name, v := range headers {
		req.Header[name] = []string{v} // as written: "apikey" stays lower-case on the wire
	}
	if body != "" && req.Header.Get("Content-Type") == "" && headers["content-type"] == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := f.srv.client.Do(req)
	if err != nil {
		f.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		f.t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	if res.StatusCode >= 500 {
		f.t.Errorf("%s %s: status: got %d, want no 5xx from any request; body: %s", method, path, res.StatusCode, b)
	}
	return response{status: res.StatusCode, header: res.Header, body: b}
}

// do sends a request with a key of the given scopes ("" for none) and
// fails unless the answer has the wanted status.
func (f *fixture) do(method, path, scopes, body string, want int) []byte {
	f.t.Helper()
	headers := map[string]string{}
	if scopes != "" {
		headers["Authorization"] = "Bearer " + f.key(scopes)
	}
	r := f.request(method, path, headers, body)
	if r.status != want {
		f.t.Fatalf("%s %s: status: got %d, want %d; body: %s", method, path, r.status, want, r.body)
	}
	return r.body
}

// doWithKey is do with a whole key string, e.g. of another tenant.
func (f *fixture) doWithKey(method, path, key, body string) response {
	f.t.Helper()
	return f.request(method, path, map[string]string{"Authorization": "Bearer " + key}, body)
}
