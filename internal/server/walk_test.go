package server

// The route walker: tests that must cover every route the server has take
// the routes from the route table itself (s.routes()), so that a route added
// later is covered without touching them. A path parameter is filled from
// pathValues by its name; a name missing there fails the test and says
// where to add it.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"agentlog/internal/api"
	"agentlog/internal/store"
	"agentlog/internal/webhook"
)

// walkServer is the real server on a loopback port, with its route table.
type walkServer struct {
	srv    *Server
	db     *store.DB
	base   string
	client *http.Client
	sent   atomic.Int64 // requests sent, for the figures the tests log
}

// walkTiming paces the event stream so that a walk reads its backlog at
// once and is not held up by it.
var walkTiming = api.StreamTiming{Poll: 50 * time.Millisecond, Ping: time.Second, Write: 10 * time.Second, Recheck: time.Second}

// startWalkServer serves db with cfg on 127.0.0.1:0 until the test ends.
func startWalkServer(t *testing.T, db *store.DB, cfg Config) *walkServer {
	t.Helper()
	return startWalkServerOn(t, db, cfg, nil)
}

// startWalkServerOn is startWalkServer with the listener wrapped, when wrap
// is not nil (to shape the server's connections).
func startWalkServerOn(t *testing.T, db *store.DB, cfg Config, wrap func(net.Listener) net.Listener) *walkServer {
	t.Helper()
	if cfg.Stream == (api.StreamTiming{}) {
		cfg.Stream = walkTiming
	}
	if cfg.ShutdownGrace == 0 {
		cfg.ShutdownGrace = 5 * time.Second
	}
	if cfg.Webhooks == (webhook.Timing{}) {
		cfg.Webhooks = webhook.Timing{Scan: 50 * time.Millisecond, Poll: 50 * time.Millisecond}
	}
	if cfg.MetricsToken == "" {
		cfg.MetricsToken = "walk-metrics-token" // /metrics served on the main address, as a route to walk
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if wrap != nil {
		l = wrap(l)
	}
	log := slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv := New(db, log, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l) }()
	transport := &http.Transport{MaxIdleConnsPerHost: 16}
	t.Cleanup(func() {
		transport.CloseIdleConnections()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: got %v, want nil after shutdown", err)
		}
	})
	return &walkServer{srv: srv, db: db, base: "http://" + l.Addr().String(), client: &http.Client{Transport: transport}}
}

// testLog hands the server's log lines to the test log.
type testLog struct{ t *testing.T }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Logf("server log: %s", bytes.TrimSpace(p))
	return len(p), nil
}

// routeCase is one route of the table with its path parameters filled.
type routeCase struct {
	pattern string // as in the route table: "GET /api/v1/users/{id}"
	method  string
	path    string // filled, escaped, without a query
	values  map[string]string
}

func (c routeCase) String() string { return c.method + " " + c.path }

var paramPattern = regexp.MustCompile(`\{([A-Za-z0-9_]+)(\.\.\.)?\}`)

// expandRoutes fills every route's path parameters with each combination of
// the values given for their names. A parameter without values fails the
// test: the walk would otherwise skip the route.
func expandRoutes(t *testing.T, routes []route, pathValues map[string][]string) []routeCase {
	t.Helper()
	var cases []routeCase
	for _, r := range routes {
		method, path, ok := strings.Cut(r.pattern, " ")
		if !ok {
			t.Fatalf("route %q has no method: every route of the table names one", r.pattern)
		}
		path = strings.ReplaceAll(path, "{$}", "") // the end of the path, not a parameter
		combos := []routeCase{{pattern: r.pattern, method: method, path: path, values: map[string]string{}}}
		for _, m := range paramPattern.FindAllStringSubmatch(path, -1) {
			values, ok := pathValues[m[1]]
			if !ok || len(values) == 0 {
				t.Errorf("route %q: path parameter {%s} has no test values: add %q to the pathValues of walk_tenant_test.go "+
					"with tenant A's values for it (ids, names...), so that the route walks cover the route", r.pattern, m[1], m[1])
				combos = nil
				break
			}
			var next []routeCase
			for _, c := range combos {
				for _, v := range values {
					n := routeCase{pattern: c.pattern, method: method, values: map[string]string{m[1]: v}}
					for k, old := range c.values {
						n.values[k] = old
					}
					n.path = strings.Replace(c.path, m[0], escapePathValue(v), 1)
					next = append(next, n)
				}
			}
			combos = next
		}
		cases = append(cases, combos...)
	}
	return cases
}

// escapePathValue escapes a value for one path segment, leaving what XAPI's
// function calls write as they are: quotes, parentheses, commas and "=".
func escapePathValue(v string) string {
	s := url.PathEscape(v)
	for _, keep := range []string{"'", "(", ")", ",", "="} {
		s = strings.ReplaceAll(s, url.PathEscape(keep), keep)
	}
	return s
}

// credential is one way of presenting a key or token.
type credential struct {
	name   string // for messages: "B * in Key"
	header string // "Authorization", "Key", "ApiKey"
	value  string // the header's value
	key    string // the whole key string; "" for an access token
	scope  string // the one scope of the key or token
	csrf   string // an operator session's form token
}

// headerStyles are the headers a key is accepted in.
var headerStyles = []string{"Authorization", "Key", "ApiKey"}

// keyCredentials presents key in every header style.
func keyCredentials(who, scope, key string) []credential {
	var out []credential
	for _, h := range headerStyles {
		v := key
		if h == "Authorization" {
			v = "Bearer " + key
		}
		out = append(out, credential{name: fmt.Sprintf("%s %s key in %s", who, scope, h), header: h, value: v, key: key, scope: scope})
	}
	return out
}

// tokenCredential presents an access token as XAPI clients do.
func tokenCredential(who, scope, token string) credential {
	return credential{name: who + " " + scope + " token", header: "Authorization", value: "Bearer " + token, scope: scope}
}

// walkRequest is what one request of a walk sends.
type walkRequest struct {
	c           routeCase
	query       string // without "?"
	body        []byte
	contentType string
	cred        *credential   // nil: none
	glance      time.Duration // how long to read an event stream; 0: streamGlance
}

// walkAnswer is an answer of a walk. A stream is read for a moment and
// then cut: its body is what came by then.
type walkAnswer struct {
	status  int
	header  http.Header
	body    []byte
	hung    bool          // no complete answer within the time-out
	elapsed time.Duration // reported, never asserted
	err     error
}

// streamGlance is how long an event stream is read before the walk cuts it.
const streamGlance = 400 * time.Millisecond

// send sends one request with a time-out and reads its answer.
func (w *walkServer) send(req walkRequest, timeout time.Duration) walkAnswer {
	w.sent.Add(1)
	u := w.base + req.c.path
	if req.query != "" {
		u += "?" + req.query
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body)
	}
	hr, err := http.NewRequestWithContext(ctx, req.c.method, u, body)
	if err != nil {
		return walkAnswer{err: err}
	}
	if req.contentType != "" {
		hr.Header.Set("Content-Type", req.contentType)
	}
	if req.cred != nil {
		hr.Header.Set(req.cred.header, req.cred.value)
	}
	start := time.Now()
	res, err := w.client.Do(hr)
	if err != nil {
		return walkAnswer{err: err, hung: ctx.Err() != nil, elapsed: time.Since(start)}
	}
	defer res.Body.Close()
	a := walkAnswer{status: res.StatusCode, header: res.Header}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
		glance := req.glance
		if glance == 0 {
			glance = streamGlance
		}
		timer := time.AfterFunc(glance, cancel)
		defer timer.Stop()
		a.body, _ = io.ReadAll(res.Body) // cut by the glance
	} else {
		a.body, a.err = io.ReadAll(res.Body)
		a.hung = errors.Is(ctx.Err(), context.DeadlineExceeded)
	}
	a.elapsed = time.Since(start)
	return a
}

// clip shortens a body for a message.
func clip(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}
