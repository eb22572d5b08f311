// Package servertest starts the real agentlog server for tests and runs
// declarative HTTP scenarios against it, in the style of pocketbase's
// ApiScenario: each scenario is one request and what its answer must hold.
// It is imported by tests only.
//
//	srv := servertest.Start(t, db)
//	servertest.Run(t, srv, []servertest.Scenario{{
//		Name:        "no key",
//		Path:        "/stats/user-statuses?from=2024-01-01&to=2024-02-01",
//		Status:      http.StatusUnauthorized,
//		ContentType: "application/json",
//		Contains:    []string{`"error"`},
//	}})
package servertest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"agentlog/internal/server"
	"agentlog/internal/store"
)

// Server is the real agentlog server over one database, serving on a free
// loopback port until the test that started it ends.
type Server struct {
	URL    string // http://127.0.0.1:port, without a trailing slash
	client *http.Client
}

// Start starts server.New(db, logger, server.Config{}) on 127.0.0.1:0. The
// server's warnings and errors go to t.Log. It is stopped when t ends,
// before the cleanups registered earlier (such as closing db) run.
func Start(t testing.TB, db *store.DB) *Server {
	t.Helper()
	return StartConfig(t, db, server.Config{})
}

// StartConfig is Start with the server's settings.
func StartConfig(t testing.TB, db *store.DB, cfg server.Config) *Server {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen on a loopback port: %v", err)
	}
	log := slog.New(slog.NewTextHandler(logWriter{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv := server.New(db, log, cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l) }()
	transport := &http.Transport{MaxIdleConnsPerHost: 4}
	t.Cleanup(func() {
		transport.CloseIdleConnections()
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: got %v, want nil after shutdown", err)
		}
	})
	return &Server{URL: "http://" + l.Addr().String(),
		client: &http.Client{Transport: transport, Timeout: time.Minute}}
}

// Client is the HTTP client of the server's tests, for requests Do cannot
// make (with a body, say). It keeps connections to the server alive.
func (s *Server) Client() *http.Client { return s.client }

// logWriter hands the server's log lines to the test log.
type logWriter struct{ t testing.TB }

func (w logWriter) Write(p []byte) (int, error) {
	w.t.Logf("server log: %s", bytes.TrimSpace(p))
	return len(p), nil
}

// Response is an answer as the client saw it, with the whole body read.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Do sends one request to path (with its query, sent as written) with the
// headers as written (names are not canonicalised) and reads the whole
// answer. A 5xx answer fails the test: no request may reach an internal
// error.
func (s *Server) Do(t testing.TB, method, path string, headers map[string]string) Response {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	for name, v := range headers {
		req.Header[name] = []string{v}
	}
	res, err := s.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	if res.StatusCode >= 500 {
		t.Errorf("%s %s: status: got %d, want no 5xx; body: %s", method, path, res.StatusCode, clip(body))
	}
	return Response{Status: res.StatusCode, Header: res.Header, Body: body}
}

// Scenario is one request and what its answer must hold. Every field but
// Name, Path and Status is optional: an empty one checks nothing.
type Scenario struct {
	Name    string
	Method  string            // "" is GET
	Path    string            // path and query, as sent
	Headers map[string]string // sent as written

	Status      int      // required
	ContentType string   // the Content-Type must start with it
	Contains    []string // substrings the body must hold
	NotContains []string // substrings the body must not hold
	Body        *string  // the exact body (see Exact); nil checks nothing
	Check       func(t *testing.T, body []byte, header http.Header)
}

// Exact returns a pointer to body, for Scenario.Body: Exact("") requires an
// empty body.
func Exact(body string) *string { return &body }

// Run runs each scenario of table, in order, as a subtest named after it.
func Run(t *testing.T, srv *Server, table []Scenario) {
	t.Helper()
	for _, sc := range table {
		t.Run(sc.Name, func(t *testing.T) { sc.Run(t, srv) })
	}
}

// Run sends the scenario's request to srv and checks the answer.
func (sc Scenario) Run(t *testing.T, srv *Server) {
	t.Helper()
	if sc.Status == 0 {
		t.Fatalf("scenario %q has no Status", sc.Name)
	}
	method := sc.Method
	if method == "" {
		method = http.MethodGet
	}
	r := srv.Do(t, method, sc.Path, sc.Headers)
	what := method + " " + sc.Path
	if r.Status != sc.Status {
		t.Errorf("%s: status: got %d, want %d; body: %s", what, r.Status, sc.Status, clip(r.Body))
	}
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, sc.ContentType) {
		t.Errorf("%s: Content-Type: got %q, want it to start with %q", what, ct, sc.ContentType)
	}
	for _, s := range sc.Contains {
		if !bytes.Contains(r.Body, []byte(s)) {
			t.Errorf("%s: body: got %q, want it to contain %q", what, clip(r.Body), s)
		}
	}
	for _, s := range sc.NotContains {
		if bytes.Contains(r.Body, []byte(s)) {
			t.Errorf("%s: body: got %q, want it not to contain %q", what, clip(r.Body), s)
		}
	}
	if sc.Body != nil && string(r.Body) != *sc.Body {
		t.Errorf("%s: body: got %q, want %q", what, clip(r.Body), *sc.Body)
	}
	if sc.Check != nil {
		sc.Check(t, r.Body, r.Header)
	}
}

// ErrorMessage returns the message of an error answer, failing the test
// unless body is a JSON object with exactly one member, "error", holding a
// non-empty string (a trailing new line is allowed).
func ErrorMessage(t testing.TB, body []byte) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(body, &m); err != nil {
		t.Errorf("error body: got %q, want a JSON object: %v", body, err)
		return ""
	}
	msg, ok := m["error"].(string)
	if len(m) != 1 || !ok || msg == "" {
		t.Errorf(`error body: got %s, want {"error": "<message>"} and nothing else`, body)
	}
	return msg
}

// clip shortens a long body for a failure message.
func clip(body []byte) string {
	const max = 600
	if len(body) <= max {
		return string(body)
	}
	return fmt.Sprintf("%s… (%d bytes)", body[:max], len(body))
}
