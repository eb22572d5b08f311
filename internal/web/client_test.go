package web_test

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/api"
	"agentlog/internal/server"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

const testPassword = "correct horse battery"

// browser is a cookie-keeping HTTP client that does not follow redirects,
// so that tests see them.
type browser struct {
	t    testing.TB
	base string
	c    *http.Client
}

func newBrowser(t testing.TB, srv *servertest.Server) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: srv.URL, c: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type page struct {
	Status int
	Header http.Header
	Body   string
}

func (b *browser) do(req *http.Request) page {
	b.t.Helper()
	res, err := b.c.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 500 {
		b.t.Errorf("%s %s: status %d, want no 5xx; body %.300s", req.Method, req.URL, res.StatusCode, body)
	}
	return page{Status: res.StatusCode, Header: res.Header, Body: string(body)}
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	return b.do(req)
}

func (b *browser) post(path string, form url.Values) page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf returns the CSRF token of the forms on path.
func (b *browser) csrf(path string) string {
	b.t.Helper()
	p := b.get(path)
	m := csrfField.FindStringSubmatch(p.Body)
	if m == nil {
		b.t.Fatalf("GET %s (status %d): no CSRF token in the page", path, p.Status)
	}
	return m[1]
}

// signIn signs in and fails the test unless it worked.
func (b *browser) signIn(email, password string) {
	b.t.Helper()
	p := b.post("/login", url.Values{"csrf": {b.csrf("/login")}, "email": {email}, "password": {password}, "next": {"/wallboard"}})
	if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/wallboard" {
		b.t.Fatalf("signing in as %s: got %d to %q, want 303 to /wallboard; body %.300s", email, p.Status, p.Header.Get("Location"), p.Body)
	}
}

// fixture is a server with two tenants, acme and other, each with users,
// an admin and a viewer operator.
type fixture struct {
	db          *store.DB
	srv         *servertest.Server
	acme, other activity.Tenant
	acmeKey     string
	otherKey    string
}

func newFixture(t *testing.T, db *store.DB) *fixture {
	// a fast stream, so that live updates show within a test
	cfg := server.Config{Stream: api.StreamTiming{Poll: 50 * time.Millisecond, Ping: time.Second, Write: 10 * time.Second, Recheck: time.Second}}
	f := &fixture{db: db, srv: servertest.StartConfig(t, db, cfg)}
	f.acme, f.other = storetest.MustTenant(t, db, "acme"), storetest.MustTenant(t, db, "other")
	f.acmeKey = storetest.MustKey(t, db, f.acme, activity.ScopeAll)
	f.otherKey = storetest.MustKey(t, db, f.other, activity.ScopeAll)
	storetest.MustOperator(t, db, f.acme, "admin@acme.test", activity.RoleAdmin, testPassword)
	storetest.MustOperator(t, db, f.acme, "viewer@acme.test", activity.RoleViewer, testPassword)
	storetest.MustOperator(t, db, f.other, "admin@other.test", activity.RoleAdmin, testPassword)
	return f
}

// ingest posts a JSON batch to /api/v1/<kind> with key.
func (f *fixture) ingest(t testing.TB, key, kind, body string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/api/v1/"+kind, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("ingest %s: %v", kind, err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("ingest %s: status %d: %s", kind, res.StatusCode, b)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
