package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

func TestPagesWithoutSessionGoToSignIn(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		b := newBrowser(t, f.srv)
		for _, path := range []string{"/", "/wallboard", "/wallboard/events"} {
			p := b.get(path)
			if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/login?next="+url.QueryEscape(path) {
				t.Errorf("GET %s: got %d to %q, want 303 to /login?next=...", path, p.Status, p.Header.Get("Location"))
			}
		}
		if p := b.post("/logout", url.Values{"csrf": {"x"}}); p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/login" {
			t.Errorf("POST /logout without a session: got %d to %q, want 303 to /login", p.Status, p.Header.Get("Location"))
		}
	})
}

func TestSignInSetsAProtectedCookieAndSignOutEndsIt(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		b := newBrowser(t, f.srv)
		p := b.post("/login", url.Values{"csrf": {b.csrf("/login")}, "email": {"Admin@Acme.test "}, "password": {testPassword}, "next": {"/wallboard"}})
		if p.Status != http.StatusSeeOther {
			t.Fatalf("sign in: got %d, want 303; body %.300s", p.Status, p.Body)
		}
		cookie := p.Header.Get("Set-Cookie")
		for _, want := range []string{"agentlog_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
			if !strings.Contains(strings.Join(p.Header.Values("Set-Cookie"), "\n"), want) {
				t.Errorf("Set-Cookie %q: want it to hold %q", cookie, want)
			}
		}
		if strings.Contains(cookie, "Secure") {
			t.Errorf("Set-Cookie %q over plain HTTP: want no Secure", cookie)
		}
		wall := b.get("/wallboard")
		if wall.Status != http.StatusOK || !strings.Contains(wall.Body, "admin@acme.test") {
			t.Fatalf("wallboard after sign-in: got %d; body %.300s", wall.Status, wall.Body)
		}
		for name, want := range map[string]string{"X-Frame-Options": "DENY", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"} {
			if got := wall.Header.Get(name); got != want {
				t.Errorf("%s: got %q, want %q", name, got, want)
			}
		}
		if csp := wall.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("Content-Security-Policy: got %q, want scripts from this site only and no framing", csp)
		}
		if strings.Contains(wall.Body, "<script>") || strings.Contains(wall.Body, "style=") {
			t.Error("the wallboard holds an inline script or style, which the policy forbids")
		}
		csrf := b.csrf("/wallboard")
		if p := b.post("/logout", url.Values{"csrf": {csrf}}); p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/login" {
			t.Fatalf("sign out: got %d to %q", p.Status, p.Header.Get("Location"))
		}
		if p := b.get("/wallboard"); p.Status != http.StatusSeeOther {
			t.Errorf("wallboard after sign-out: got %d, want 303 to sign in", p.Status)
		}
	})
}

func TestCookiesAreSecureBehindATLSProxy(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		b := newBrowser(t, f.srv)
		req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/login", nil)
		req.Header.Set("X-Forwarded-Proto", "https")
		p := b.do(req)
		if c := p.Header.Get("Set-Cookie"); !strings.Contains(c, "; Secure") || !strings.Contains(c, "HttpOnly") {
			t.Errorf("Set-Cookie behind a TLS proxy: got %q, want Secure and HttpOnly", c)
		}
	})
}

func TestFormsWithoutTheirTokenAreRefused(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		b := newBrowser(t, f.srv)
		b.csrf("/login") // sets the sign-in cookie
		for name, form := range map[string]url.Values{
			"no token":    {"email": {"admin@acme.test"}, "password": {testPassword}},
			"wrong token": {"csrf": {"forged"}, "email": {"admin@acme.test"}, "password": {testPassword}},
		} {
			if p := b.post("/login", form); p.Status != http.StatusForbidden {
				t.Errorf("sign-in, %s: got %d, want 403", name, p.Status)
			}
		}
		b.signIn("admin@acme.test", testPassword)
		for name, form := range map[string]url.Values{"no token": {}, "wrong token": {"csrf": {"forged"}}} {
			if p := b.post("/logout", form); p.Status != http.StatusForbidden || !strings.Contains(p.Body, "security token") {
				t.Errorf("sign-out, %s: got %d, want 403 naming the token", name, p.Status)
			}
		}
		// a token of another session is worthless here
		other := newBrowser(t, f.srv)
		other.signIn("viewer@acme.test", testPassword)
		if p := b.post("/logout", url.Values{"csrf": {other.csrf("/wallboard")}}); p.Status != http.StatusForbidden {
			t.Errorf("sign-out with another session's token: got %d, want 403", p.Status)
		}
	})
}

func TestWrongPasswordsSlowDown(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		b := newBrowser(t, f.srv)
		try := func(password string) int {
			return b.post("/login", url.Values{"csrf": {b.csrf("/login")}, "email": {"admin@acme.test"}, "password": {password}}).Status
		}
		for i := 0; i < 3; i++ {
			if got := try("wrong password"); got != http.StatusUnauthorized {
				t.Fatalf("wrong password %d: got %d, want 401", i+1, got)
			}
		}
		if got := try(testPassword); got != http.StatusTooManyRequests {
			t.Errorf("right password right after 3 failures: got %d, want 429 until the wait is over", got)
		}
		if got := b.post("/login", url.Values{"csrf": {b.csrf("/login")}, "email": {"nobody@acme.test"}, "password": {"x"}}).Status; got != http.StatusUnauthorized {
			t.Errorf("unknown email: got %d, want 401 like a wrong password", got)
		}
	})
}

func TestSignInRedirectStaysOnSite(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
			b := newBrowser(t, f.srv)
			p := b.post("/login", url.Values{"csrf": {b.csrf("/login")}, "email": {"admin@acme.test"}, "password": {testPassword}, "next": {next}})
			if p.Header.Get("Location") != "/" {
				t.Errorf("next %q: redirected to %q, want /", next, p.Header.Get("Location"))
			}
		}
	})
}

func TestGlobalOperatorSwitchesTenants(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.fillDay(t)
		f.ingest(t, f.otherKey, "status-events", `[{"login":"olga","status":"Available","time":"2024-03-01T08:00:00Z"}]`)
		storetest.MustOperator(t, db, activity.Tenant{}, "root@example.test", activity.RoleViewer, testPassword)
		b := newBrowser(t, f.srv)
		b.signIn("root@example.test", testPassword)
		wall := b.get("/wallboard")
		if !strings.Contains(wall.Body, `id="tenant-switch"`) || !strings.Contains(wall.Body, ">ann<") || strings.Contains(wall.Body, "olga") {
			t.Fatalf("a global operator's first tenant (acme): want the switcher and ann only; %.400s", wall.Body)
		}
		csrf := b.csrf("/wallboard")
		if p := b.post("/tenant", url.Values{"csrf": {csrf}, "tenant": {strconv.FormatInt(f.other.ID, 10)}, "next": {"/wallboard"}}); p.Status != http.StatusSeeOther {
			t.Fatalf("switching to other: got %d", p.Status)
		}
		wall = b.get("/wallboard")
		if !strings.Contains(wall.Body, "olga") || strings.Contains(wall.Body, ">ann<") {
			t.Error("after switching to other: want olga and not ann")
		}
		if p := b.post("/tenant", url.Values{"csrf": {csrf}, "tenant": {"999999"}}); p.Status != http.StatusBadRequest {
			t.Errorf("switching to an unknown tenant: got %d, want 400", p.Status)
		}
		a := newBrowser(t, f.srv)
		a.signIn("admin@acme.test", testPassword)
		if strings.Contains(a.get("/wallboard").Body, `id="tenant-switch"`) {
			t.Error("a tenant's operator sees the tenant switcher")
		}
		if p := a.post("/tenant", url.Values{"csrf": {a.csrf("/wallboard")}, "tenant": {strconv.FormatInt(f.other.ID, 10)}}); p.Status != http.StatusForbidden {
			t.Errorf("a tenant's operator switching tenants: got %d, want 403", p.Status)
		}
		if strings.Contains(a.get("/wallboard").Body, "olga") {
			t.Error("a tenant's operator sees another tenant's agent")
		}
	})
}
