package connector_test

// The harness of the connector tests: server A, the vendor, is the real
// agentlog server over its own SQLite database; the sync writes into B,
// which runs on every database (storetest.ForEachDB) and is served too, so
// that B's vendor answers can be compared with A's. A recording proxy in
// front of A sees every request and can answer some of them itself.

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/connector"
	"agentlog/internal/servertest"
	"agentlog/internal/simulate"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// side is one agentlog: its database, tenant, server and a key of every
// read scope.
type side struct {
	db     *store.DB
	tenant activity.Tenant
	srv    *servertest.Server
	key    string
}

// env is vendor A behind a proxy, and B.
type env struct {
	a, b  side
	proxy *proxy
}

func newEnv(t *testing.T, dbB *store.DB) *env {
	t.Helper()
	dbA, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "vendor.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { dbA.Close() })
	if err := dbA.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	e := &env{a: newSide(t, dbA, "alpha"), b: newSide(t, dbB, "beta")}
	e.proxy = newProxy(t, e.a.srv.URL)
	return e
}

func newSide(t *testing.T, db *store.DB, slug string) side {
	tn := storetest.MustTenant(t, db, slug)
	key := storetest.MustKey(t, db, tn, activity.ScopeStatusesRead, activity.ScopeSessionsRead, activity.ScopeCallsRead, activity.ScopeReportsRead)
	return side{db: db, tenant: tn, srv: servertest.Start(t, db), key: key}
}

// simEnd is the end of the simulated activity, and the sync's "now".
var simEnd = time.Date(2025, 3, 12, 15, 30, 0, 0, time.UTC)

// simulateA fills A with a small simulated contact center: 3 agents, two
// days and the morning of a third.
func (e *env) simulateA(t *testing.T) simulate.Stats {
	t.Helper()
	stats, err := simulate.Run(context.Background(), simulate.Config{Agents: 3, Days: 2, Seed: 7, End: simEnd},
		store.Loader{DB: e.a.db, TenantID: e.a.tenant.ID})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("A: %+v", stats)
	return stats
}

// config is a sync of source from A (through the proxy) into B, with the
// clock at simEnd and back-offs recorded rather than slept.
func (e *env) config(source string) (connector.Config, *waits) {
	w := &waits{}
	u := e.proxy.srv.URL
	if source == "cention" {
		u += "/s/" + e.a.tenant.Slug
	}
	return connector.Config{Source: source, URL: u, Key: e.a.key, DB: e.b.db, Tenant: e.b.tenant,
		Since: simEnd.AddDate(0, 0, -4), Now: func() time.Time { return simEnd },
		Retry: connector.Retry{Base: time.Millisecond, Wait: w.wait}}, w
}

func mustSync(t *testing.T, cfg connector.Config) connector.Stats {
	t.Helper()
	stats, err := connector.Run(context.Background(), cfg)
	if err != nil {
		t.Fatalf("sync %s: %v", cfg.Source, err)
	}
	return stats
}

// waits records the back-offs a sync asked for.
type waits struct {
	mu   sync.Mutex
	list []time.Duration
}

func (w *waits) wait(ctx context.Context, d time.Duration) error {
	w.mu.Lock()
	w.list = append(w.list, d)
	w.mu.Unlock()
	return ctx.Err()
}

// request is what the proxy saw.
type request struct {
	Method string
	URL    *url.URL
	Header http.Header
	Body   []byte
}

// proxy forwards to A and records every request. fault, when set, may
// answer a request itself (n counts from 1).
type proxy struct {
	mu    sync.Mutex
	seen  []request
	fault func(n int, w http.ResponseWriter, r *http.Request) bool
	srv   *httptest.Server
}

func newProxy(t *testing.T, target string) *proxy {
	u, _ := url.Parse(target)
	p := &proxy{}
	rp := httputil.NewSingleHostReverseProxy(u)
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		p.mu.Lock()
		p.seen = append(p.seen, request{Method: r.Method, URL: r.URL, Header: r.Header.Clone(), Body: body})
		n, fault := len(p.seen), p.fault
		p.mu.Unlock()
		if fault != nil && fault(n, w, r) {
			return
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

func (p *proxy) requests() []request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]request(nil), p.seen...)
}

func (p *proxy) reset(fault func(n int, w http.ResponseWriter, r *http.Request) bool) {
	p.mu.Lock()
	p.seen, p.fault = nil, fault
	p.mu.Unlock()
}

// fetch sends a request to a side's server and returns the 200 answer's
// body.
func fetch(t *testing.T, s side, method, path string, header map[string]string, body string) []byte {
	t.Helper()
	req, err := http.NewRequest(method, s.srv.URL+path, bytes.NewReader([]byte(body)))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := s.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("%s %s: status %d, %v: %s", method, path, res.StatusCode, err, out)
	}
	return out
}

func decode[T any](t *testing.T, data []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatalf("decoding %.300s: %v", data, err)
	}
	return v
}
