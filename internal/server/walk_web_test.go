package server

// The web pages in the route walks: pages for people, behind an operator's
// sign-in (a session cookie), not behind API keys. An API key, any key, is
// sent to the sign-in page; an operator of tenant B, signed in and holding
// the form token of its session, sees and changes nothing of tenant A.

import (
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/storetest"
)

// scopeOperator stands for "a signed-in operator" among the scopes of a
// route: no API key admits a key to a page.
const scopeOperator = "operator session"

// notPages are the path prefixes of everything that is not a web page.
var notPages = []string{"/api/", "/xapi/", "/connect/", "/stats/", "/s/", "/healthz", "/readyz", "/metrics"}

// isWebPage reports whether a route is a page for people.
func isWebPage(pattern string) bool {
	_, path, _ := strings.Cut(pattern, " ")
	for _, p := range notPages {
		if strings.HasPrefix(path, p) {
			return false
		}
	}
	return true
}

// signInPage reports whether an answer is the sign-in page, which a page
// shows to a request without a session.
func signInPage(ans walkAnswer) bool {
	return strings.HasPrefix(ans.header.Get("Content-Type"), "text/html") && strings.Contains(string(ans.body), "<title>Sign in")
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// signIn signs an operator in through the sign-in form and returns the
// session as a credential, with the session's form token for POSTs.
func signIn(t *testing.T, w *walkServer, tenant activity.Tenant, who, email string) credential {
	t.Helper()
	const password = "walk-password-1234"
	storetest.MustOperator(t, w.db, tenant, email, "admin", password)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar, Timeout: walkTimeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	page := func(res *http.Response, err error) (int, string) {
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	_, form := page(client.Get(w.base + "/login"))
	m := csrfField.FindStringSubmatch(form)
	if m == nil {
		t.Fatalf("the sign-in form holds no csrf field: %s", clip([]byte(form)))
	}
	status, body := page(client.PostForm(w.base+"/login", url.Values{"email": {email}, "password": {password}, "csrf": {m[1]}}))
	if status != http.StatusSeeOther {
		t.Fatalf("signing in %s: got %d %s", email, status, clip([]byte(body)))
	}
	_, admin := page(client.Get(w.base + "/admin/keys"))
	m = csrfField.FindStringSubmatch(admin)
	if m == nil {
		t.Fatalf("the keys page of %s holds no csrf field: %s", email, clip([]byte(admin)))
	}
	u, _ := url.Parse(w.base)
	var cookies []string
	for _, c := range jar.Cookies(u) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	return credential{name: who + " operator session", header: "Cookie", value: strings.Join(cookies, "; "), scope: scopeOperator, csrf: m[1]}
}

// webBody is a form for a page's POST, with the sender's form token and
// fields every admin form of agentlog reads, naming nothing of A's. Signing
// out gets no token: it would end the session the rest of the walk uses.
// No password: hashing one per request would slow the walks for nothing.
func webBody(c routeCase, cred *credential) ([]byte, string) {
	form := url.Values{"login": {"walker-web"}, "name": {"Walker"}, "status": {"WalkerStatus"}, "category": {"busy"},
		"color": {"#000002"}, "scopes": {"ingest"}, "email": {"walker@b.example"}, "role": {"viewer"}}
	if c.pattern == "POST /admin/statuses/delete" {
		form.Set("name", "ZqLunchA") // A's status: deleting B's of that name, if any, leaves A's
	}
	if cred != nil && cred.csrf != "" && c.pattern != "POST /logout" {
		form.Set("csrf", cred.csrf)
	}
	return []byte(form.Encode()), "application/x-www-form-urlencoded"
}
