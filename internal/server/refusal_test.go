package server

// Expired and revoked keys, and the access tokens of such keys or expired
// ones, are refused on every route that needs a key, in every header style,
// each surface answering in its own way.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/storetest"
)

// publicRoutes answer without a key, each for its reason; every other route
// must refuse a dead key. A route the walks count as public (see
// compatScopes and the OpenAPI document) must be listed here.
var publicRoutes = map[string]string{
	"GET /healthz":                          "liveness probe for load balancers: no data",
	"GET /readyz":                           "readiness probe for load balancers: no data",
	"GET /api/v1/openapi.json":              "the API's public description",
	"GET /api/v1/docs":                      "the API's documentation page",
	"GET /login":                            "the sign-in page: email and password, no key",
	"POST /login":                           "signs an operator in with email and password, no key",
	"GET /static/":                          "the pages' style sheets and scripts",
	"GET /metrics":                          "operators' metrics behind their own token, not an API key; no tenant's data",
	"POST /api/call-log":                    "OneUptime's write routes refuse every request, key or not (422)",
	"PUT /api/call-log/{id}":                "OneUptime's write routes refuse every request, key or not (422)",
	"DELETE /api/call-log/{id}":             "OneUptime's write routes refuse every request, key or not (422)",
	"POST /api/call-log/{id}/update-item":   "OneUptime's write routes refuse every request, key or not (422)",
	"GET /api/call-log/{id}/update-item":    "OneUptime's write routes refuse every request, key or not (422)",
	"POST /api/call-log/{id}/delete-item":   "OneUptime's write routes refuse every request, key or not (422)",
	"GET /api/call-log/{id}/delete-item":    "OneUptime's write routes refuse every request, key or not (422)",
	"DELETE /api/call-log/{id}/delete-item": "OneUptime's write routes refuse every request, key or not (422)",
}

// deadCredentials are credentials of tenant A that no route may accept: an
// expired and a revoked all-scopes key in every header style, an expired
// token, and tokens of the expired and the revoked key.
func deadCredentials(t *testing.T, w *walkServer, a *tenantA) []credential {
	t.Helper()
	now := time.Now()
	k, expired, hash := auth.NewKey("expired", []string{activity.ScopeAll}, time.Hour, now.Add(-2*time.Hour))
	if err := w.db.CreateKey(t.Context(), a.tenant.ID, &k, hash); err != nil {
		t.Fatal(err)
	}
	revoked := storetest.MustKey(t, w.db, a.tenant, activity.ScopeAll)
	revokedToken := issueToken(t, w, revoked)
	if err := w.db.RevokeKey(t.Context(), a.tenant.ID, keyIDOf(revoked)); err != nil {
		t.Fatal(err)
	}
	var creds []credential
	creds = append(creds, keyCredentials("expired", "*", expired)...)
	creds = append(creds, keyCredentials("revoked", "*", revoked)...)
	return append(creds,
		tokenCredential("expired", "*", forgeToken(t, w, keyIDOf(a.all), now.Add(-time.Minute))),
		tokenCredential("expired key's", "*", forgeToken(t, w, keyIDOf(expired), now.Add(time.Hour))),
		tokenCredential("revoked key's", "*", revokedToken))
}

// forgeToken signs an access token as /connect/token does (the format is
// auth's: "alt_" base64url(claims) "." base64url(HMAC-SHA256)), with the
// installation's signing secret, for a key and an expiry of the test's
// choosing.
func forgeToken(t *testing.T, w *walkServer, keyID string, expires time.Time) string {
	t.Helper()
	secret, err := w.db.Secret(t.Context(), "access-token-signing")
	if err != nil {
		t.Fatal(err)
	}
	claims, _ := json.Marshal(map[string]any{"kid": keyID, "exp": expires.Unix()})
	payload := base64.RawURLEncoding.EncodeToString(claims)
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(payload))
	return "alt_" + payload + "." + base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}

// unauthorized reports whether an answer is the route's refusal of a
// missing or unusable credential: 401, OneUptime's 400 "Invalid API Key",
// or for a web page a redirect to the sign-in page or the page itself.
func unauthorized(ans walkAnswer) bool {
	switch {
	case signInPage(ans):
		return true
	case ans.status == http.StatusUnauthorized:
		return true
	case ans.status == http.StatusBadRequest && strings.Contains(string(ans.body), "Invalid API Key"):
		return true
	case ans.status >= 300 && ans.status < 400:
		loc := strings.ToLower(ans.header.Get("Location"))
		return strings.Contains(loc, "sign-in") || strings.Contains(loc, "signin") || strings.Contains(loc, "login")
	}
	return false
}

func TestDeadCredentialsRefusedEverywhere(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		db := openWalkDB(t, dsn)
		w := startWalkServer(t, db, Config{})
		a := makeTenantA(t, w)
		dead := deadCredentials(t, w, a)
		doc := documentedScopes(t)
		var reqs []walkRequest
		for _, c := range expandRoutes(t, w.srv.routes(), a.values) {
			_, needsKey := routeScopes(t, c, doc)
			_, listed := publicRoutes[c.pattern]
			if needsKey == listed {
				t.Errorf("%s: needs a key %v, listed in publicRoutes %v: list exactly the routes that need no key, with the reason", c.pattern, needsKey, listed)
			}
			if !needsKey {
				continue
			}
			for i := range dead {
				body, ct := walkBody(c, &dead[i])
				reqs = append(reqs, walkRequest{c: c, query: walkQuery(c.pattern), body: body, contentType: ct, cred: &dead[i]})
			}
		}
		runWalk(w, reqs, func(req walkRequest, ans walkAnswer) {
			if answered(t, req, ans) && !unauthorized(ans) {
				t.Errorf("%s with the %s: got %d, want the route's refusal of an unusable key (401): %s", req.c, req.cred.name, ans.status, clip(ans.body))
			}
			checkNoLeak(t, a, req, ans, doc)
		})
		t.Logf("%s: %d requests with %d dead credentials, all refused", db.Dialect(), len(reqs), len(dead))
	})
}
