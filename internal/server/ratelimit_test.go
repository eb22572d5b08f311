package server

// The per-key rate limit on every route that takes a key: a key's second
// request within its rate is a 429 with Retry-After in whole seconds and
// the surface's JSON error; other keys are not affected; an access token
// counts against its key; each refusal reaches OnLimited.

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/storetest"
)

func TestRateLimitEveryRoute(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		db := openWalkDB(t, dsn)
		a := makeTenantA(t, startWalkServer(t, db, Config{})) // filled through a server without a limit
		var limited atomic.Int64
		w := startWalkServer(t, db, Config{RateLimit: 1.0 / 3600, RateBurst: 1, OnLimited: func(limit string) {
			if limit == "key" {
				limited.Add(1)
			}
		}})
		first := map[string][]string{}
		for name, vs := range a.values {
			first[name] = vs[:1]
		}
		doc := documentedScopes(t)
		refusals := 0
		for _, c := range expandRoutes(t, w.srv.routes(), first) {
			if _, needsKey := routeScopes(t, c, doc); !needsKey || isWebPage(c.pattern) {
				continue // pages take no keys: an operator's sign-in has its own limit of guesses
			}
			cred := freshKeyFor(t, w, a, c)
			body, ct := walkBody(c, cred)
			req := walkRequest{c: c, query: walkQuery(c.pattern), body: body, contentType: ct, cred: cred}
			if ans := w.send(req, walkTimeout); answered(t, req, ans) && ans.status == http.StatusTooManyRequests {
				t.Errorf("%s: a fresh key's first request: got 429, want it served: %s", c, clip(ans.body))
			}
			ans := w.send(req, walkTimeout)
			if !answered(t, req, ans) {
				continue
			}
			refusals++
			if ans.status != http.StatusTooManyRequests || ans.header.Get("Retry-After") != "3600" || !jsonError(ans) {
				t.Errorf("%s: a key's second request within its rate: got %d, Retry-After %q, %s; want 429, Retry-After 3600 and a JSON error",
					c, ans.status, ans.header.Get("Retry-After"), clip(ans.body))
			}
		}
		// A token counts against the key it was issued for.
		key := storetest.MustKey(t, db, a.tenant, activity.ScopeReportsRead)
		token := tokenCredential("A", activity.ScopeReportsRead, issueToken(t, w, key))
		c := routeCase{pattern: "GET /xapi/v1/CallHistoryView", method: "GET", path: "/xapi/v1/CallHistoryView"}
		ans := w.send(walkRequest{c: c, cred: &token}, walkTimeout)
		refusals++
		if ans.status != http.StatusTooManyRequests || !strings.Contains(string(ans.body), `"code":"TooManyRequests"`) {
			t.Errorf("a token of a key that used its rate at /connect/token: got %d %s, want 429 TooManyRequests", ans.status, clip(ans.body))
		}
		if got := limited.Load(); got != int64(refusals) {
			t.Errorf("OnLimited(\"key\") was called %d times, want %d", got, refusals)
		}
		t.Logf("%s: %d requests refused over the rate, one per route that takes a key, and a token's", db.Dialect(), refusals)
	})
}

// freshKeyFor makes a new all-scopes key of A and presents it the way c's
// surface reads keys.
func freshKeyFor(t *testing.T, w *walkServer, a *tenantA, c routeCase) *credential {
	creds := keyCredentials("fresh", "*", storetest.MustKey(t, w.db, a.tenant, activity.ScopeAll))
	if strings.Contains(c.pattern, "/api/call-log") {
		return &creds[2] // ApiKey
	}
	return &creds[0] // Authorization: Bearer
}

// Without a rate, a key may send as much as it likes.
func TestNoRateLimitByDefault(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		w := startWalkServer(t, openWalkDB(t, dsn), Config{})
		tn := storetest.MustTenant(t, w.db, "free")
		cred := keyCredentials("free", "*", storetest.MustKey(t, w.db, tn, activity.ScopeAll))[0]
		c := routeCase{method: "GET", path: "/api/v1/users"}
		for i := range 200 {
			if ans := w.send(walkRequest{c: c, cred: &cred}, walkTimeout); ans.status != 200 {
				t.Fatalf("request %d: got %d %s, want 200", i+1, ans.status, clip(ans.body))
			}
		}
	})
}
