package server

// Tenant A of the route walks: data with distinctive markers, keys of every
// scope, the values that fill path parameters, and what each route needs to
// reach its data (query, body, scopes).

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// tenantA is the tenant whose data the walks must never show to anyone
// else.
type tenantA struct {
	tenant  activity.Tenant
	all     string            // its key with scope *
	keys    map[string]string // scope → a key with that scope alone
	token   string            // an access token of its reports:read key
	session credential        // a signed-in admin operator of A
	webhook string            // the id of its webhook
	markers []string          // strings only A's data holds
	values  map[string][]string
}

const (
	aCallID  = "7c3d9a10-1f2e-4d5c-8b7a-a0a0a0a0a001"
	aCallID2 = "7c3d9a10-1f2e-4d5c-8b7a-a0a0a0a0a002"
	aCallID3 = "7c3d9a10-1f2e-4d5c-8b7a-a0a0a0a0a003"
	aFrom    = "2024-03-01"
	aTo      = "2024-04-01"
)

// aData is what A's all-scopes key sends to fill tenant A.
var aData = []struct{ method, path, body string }{
	{"POST", "/api/v1/users", `{"login":"zq-alice","name":"Zebulon Quartz","extension":"73915","email":"zq.alice@a.example","groups":["77881"]}`},
	{"POST", "/api/v1/status-events", `[{"id":"zq-ev-1","login":"zq-alice","status":"ZqLunchA","time":"2024-03-04T09:00:00Z"},` +
		`{"id":"zq-ev-2","login":"zq-alice","status":"ZqTalkA","time":"2024-03-04T10:00:00Z"},` +
		`{"id":"zq-ev-3","login":"zq-bob","status":"ZqLunchA","time":"2024-03-04T11:00:00Z"}]`},
	{"POST", "/api/v1/session-events", `[{"id":"zq-se-1","login":"zq-alice","action":"login","time":"2024-03-04T08:00:00Z","queue":"zqq8801"},` +
		`{"id":"zq-se-2","login":"zq-alice","action":"logout","time":"2024-03-04T17:00:00Z","queue":"zqq8801"}]`},
	{"POST", "/api/v1/calls", "[" + aCall(aCallID, "09:30") + "," + aCall(aCallID2, "09:40") + "," + aCall(aCallID3, "09:50") + "]"},
	{"PUT", "/api/v1/status-definitions/ZqLunchA", `{"category":"away","color":"#a1b2c3"}`},
}

// aCall is one of A's three answered inbound calls of one hour, which
// reports that only count show as a 3 (a sender of the walks makes one call
// at most).
func aCall(id, at string) string {
	return `{"id":"` + id + `","direction":"inbound","fromNumber":"+4930111999","toNumber":"73915","login":"zq-alice",` +
		`"extension":"73915","queue":"zqq8801","startedAt":"2024-03-04T` + at + `:00Z","answeredAt":"2024-03-04T` + at + `:10Z",` +
		`"endedAt":"2024-03-04T` + at + `:50Z","status":"zq-ended","statusMessage":"zq-message","costCents":4242,"callData":{"zqNote":"zq-call-data"}}`
}

// aMarkers are the strings of aData that nothing else holds, and the counts
// of A's calls as the reports that only count show them.
var aMarkers = []string{"zq-alice", "zq-bob", "Zebulon Quartz", "73915", "zq.alice@a.example", "77881", "ZqLunchA", "ZqTalkA",
	"zqq8801", "4930111999", "zq-ended", "zq-message", "zq-call-data", "a1b2c3", "zq-ev-", "zq-se-", aCallID, aCallID2, aCallID3,
	`"AnsweredCount":3`, `"IncomingCount":3`, "+01:00,3,0", `"offered":3`}

// makeTenantA creates tenant A with keys of every scope and fills it
// through the API.
func makeTenantA(t *testing.T, w *walkServer) *tenantA {
	t.Helper()
	a := &tenantA{tenant: storetest.MustTenant(t, w.db, "zq-tenant-a"), keys: map[string]string{}}
	a.all = storetest.MustKey(t, w.db, a.tenant, activity.ScopeAll)
	for _, s := range activity.AllScopes {
		a.keys[s] = storetest.MustKey(t, w.db, a.tenant, s)
	}
	all := credential{header: "Authorization", value: "Bearer " + a.all}
	a.webhook = makeWebhook(t, w, &all)
	for _, d := range aData {
		ans := w.send(walkRequest{c: routeCase{method: d.method, path: d.path}, body: []byte(d.body), contentType: "application/json", cred: &all}, time.Minute)
		if ans.status != 200 && ans.status != 201 {
			t.Fatalf("filling tenant A: %s %s: got %d %s", d.method, d.path, ans.status, clip(ans.body))
		}
	}
	a.token = issueToken(t, w, a.keys[activity.ScopeReportsRead])
	a.markers = append(slices.Clone(aMarkers), a.tenant.UUID)
	for _, k := range a.keys {
		a.markers = append(a.markers, keyIDOf(k))
	}
	a.markers = append(a.markers, keyIDOf(a.all))
	users, err := w.db.Users(t.Context(), a.tenant.ID)
	if err != nil || len(users) != 2 {
		t.Fatalf("tenant A's users: got %d, %v; want 2", len(users), err)
	}
	var alice string
	for _, u := range users {
		a.markers = append(a.markers, u.ID)
		if u.Login == "zq-alice" {
			alice = u.ID
		}
	}
	a.values = pathValuesOf(a, alice)
	a.markers = append(a.markers, a.webhook, "zq-hooks")
	a.session = signIn(t, w, a.tenant, "A", "zq-operator@a.example")
	a.markers = append(a.markers, "zq-operator@a.example")
	waitForDelivery(t, w, a.webhook, &all)
	return a
}

// makeWebhook subscribes tenant A to its events, delivered to a receiver
// of the test's (its URL holds the marker "zq-hooks"), so that A has a
// webhook and, once the data is in, deliveries to list.
func makeWebhook(t *testing.T, w *walkServer, all *credential) string {
	t.Helper()
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = io.Copy(io.Discard, r.Body) }))
	t.Cleanup(receiver.Close)
	body := `{"url":"` + receiver.URL + `/zq-hooks","kinds":["status-events","session-events","calls"]}`
	ans := w.send(walkRequest{c: routeCase{method: "POST", path: "/api/v1/webhooks"}, body: []byte(body), contentType: "application/json", cred: all}, time.Minute)
	var hook struct {
		ID string `json:"id"`
	}
	if ans.status != 201 || json.Unmarshal(ans.body, &hook) != nil || hook.ID == "" {
		t.Fatalf("tenant A's webhook: got %d %s", ans.status, clip(ans.body))
	}
	return hook.ID
}

// waitForDelivery waits until A's webhook has delivered A's events.
func waitForDelivery(t *testing.T, w *walkServer, id string, all *credential) {
	t.Helper()
	c := routeCase{method: "GET", path: "/api/v1/webhooks/" + id + "/deliveries"}
	for deadline := time.Now().Add(walkTimeout); ; time.Sleep(20 * time.Millisecond) {
		ans := w.send(walkRequest{c: c, cred: all}, time.Minute)
		if strings.Contains(string(ans.body), "zq-ev-") {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("tenant A's webhook delivered nothing within %v: %d %s", walkTimeout, ans.status, clip(ans.body))
		}
	}
}

// pathValuesOf is, for each path parameter name of the route table, the
// values a walk fills it with: tenant A's ids and names. A new parameter
// name needs its entry here.
func pathValuesOf(a *tenantA, aliceID string) map[string][]string {
	period := "periodFrom=2024-03-01T00:00:00.000Z,periodTo=2024-04-01T00:00:00.000Z"
	activity := "clientTimeZone='Europe/Berlin'," + period + ",groupNumber='',extensionDns='',waitInterval='0:00:00',includeQueueCalls=true,callArea=0,groupingType=0"
	login := "clientTimeZone='Europe/Berlin',startDt=2024-03-01T00:00:00.000Z,endDt=2024-04-01T00:00:00.000Z,queueDnStr='',agentDnStr=''"
	ext := period + ",extensionFilter='',callArea=0"
	return map[string][]string{
		"id":        {aliceID, keyIDOf(a.all), aCallID, a.webhook},
		"name":      {"ZqLunchA"},
		"kind":      {"status-events", "session-events", "calls"},
		"workspace": {a.tenant.Slug},
		"function": {
			"Pbx.GetUserActivity(" + activity + ")", "Pbx.DownloadGetUserActivity(" + activity + ")",
			"Pbx.GetCallDistribution(" + activity + ")", "Pbx.DownloadGetCallDistribution(" + activity + ")",
			"Pbx.GetAgentLoginHistoryData(" + login + ")", "Pbx.DownloadAgentLoginHistory(" + login + ")",
			"Pbx.GetExtensionStatisticsData(" + ext + ")", "Pbx.DownloadExtensionStatistics(" + ext + ")",
			"Pbx.DownloadCallHistory()",
		},
	}
}

// walkQuery is the query a route needs to reach tenant A's data; most need
// none.
func walkQuery(pattern string) string {
	switch pattern {
	case "GET /stats/user-statuses", "GET /api/v1/reports/status-time", "GET /api/v1/reports/sessions", "GET /api/v1/reports/calls":
		return "from=" + aFrom + "&to=" + aTo
	case "GET /s/{workspace}/capi/custom/logio":
		from, _ := time.Parse(time.DateOnly, aFrom)
		to, _ := time.Parse(time.DateOnly, aTo)
		return fmt.Sprintf("from=%d&to=%d", from.Unix(), to.Unix())
	case "GET /api/v1/stream":
		return "lastEventId=s0.e0.c0" // from the beginning, not the end
	}
	return ""
}

// oneUptimeRead asks for every column OneUptime's call log has.
const oneUptimeRead = `{"query":{},"select":{"_id":true,"projectId":true,"fromNumber":true,"toNumber":true,"status":true,` +
	`"statusMessage":true,"callData":true,"callCostInUSDCents":true,"createdAt":true},"limit":100}`

// walkBody is the body a route is sent in walks that are not about bodies,
// and its content type: valid input of the sender's own, free of A's
// markers (what a sender writes into its own tenant it may read back).
func walkBody(c routeCase, cred *credential) ([]byte, string) {
	const js = "application/json"
	switch c.pattern {
	case "POST /api/v1/status-events":
		return []byte(`[{"login":"walker","status":"Walking","time":"2024-03-04T09:00:00Z"}]`), js
	case "POST /api/v1/session-events":
		return []byte(`[{"login":"walker","action":"login","time":"2024-03-04T09:00:00Z"}]`), js
	case "POST /api/v1/calls":
		return []byte(`[{"direction":"outbound","fromNumber":"100","toNumber":"+15550001","startedAt":"2024-03-04T09:00:00Z"}]`), js
	case "POST /api/v1/users":
		return []byte(`{"login":"walker-made","name":"Walker"}`), js
	case "PATCH /api/v1/users/{id}":
		return []byte(`{"name":"Mallory"}`), js
	case "PUT /api/v1/status-definitions/{name}":
		return []byte(`{"category":"busy","color":"#000001"}`), js
	case "POST /api/v1/keys":
		return []byte(`{"name":"walker","scopes":["ingest"]}`), js
	case "POST /api/v1/webhooks":
		return []byte(`{"url":"http://127.0.0.1:9/walker","kinds":["calls"]}`), js
	case "PATCH /api/v1/webhooks/{id}":
		return []byte(`{"enabled":false}`), js
	case "POST /connect/token":
		form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"alt"}, "client_secret": {"none"}}
		if cred != nil && cred.key != "" {
			form.Set("client_id", keyIDOf(cred.key))
			form.Set("client_secret", secretOfKey(cred.key))
		}
		return []byte(form.Encode()), "application/x-www-form-urlencoded"
	}
	if strings.HasPrefix(c.pattern, "POST /api/call-log/") {
		return []byte(oneUptimeRead), js
	}
	if isWebPage(c.pattern) && c.method == http.MethodPost {
		return webBody(c, cred)
	}
	if c.method == http.MethodGet || c.method == http.MethodHead || c.method == http.MethodDelete {
		return nil, ""
	}
	return []byte(`{}`), js
}

// compatScopes are the scopes the routes outside /api/v1 admit (those of
// /api/v1 are read from its OpenAPI document); nil: the route needs no key.
// A route missing here fails the walks.
var compatScopes = map[string][]string{
	"GET /healthz":                         nil,
	"GET /readyz":                          nil,
	"GET /stats/user-statuses":             {activity.ScopeStatusesRead},
	"GET /s/{workspace}/capi/custom/logio": {activity.ScopeSessionsRead},
	"POST /api/call-log/get-list":          {activity.ScopeCallsRead},
	"GET /api/call-log/get-list":           {activity.ScopeCallsRead},
	"POST /api/call-log/{id}/get-item":     {activity.ScopeCallsRead},
	"GET /api/call-log/{id}/get-item":      {activity.ScopeCallsRead},
	"POST /api/call-log/count":             {activity.ScopeCallsRead},
	"POST /connect/token":                  {activity.ScopeReportsRead},
	// Operators' metrics, behind their own token: no API key opens them.
	"GET /metrics": nil,
	// The web pages that need no sign-in; the others need an operator's
	// session (isWebPage).
	"GET /login":   nil,
	"POST /login":  nil,
	"GET /static/": nil,
	// OneUptime's write routes refuse every request, key or not.
	"POST /api/call-log":                    nil,
	"PUT /api/call-log/{id}":                nil,
	"POST /api/call-log/{id}/update-item":   nil,
	"GET /api/call-log/{id}/update-item":    nil,
	"DELETE /api/call-log/{id}":             nil,
	"POST /api/call-log/{id}/delete-item":   nil,
	"GET /api/call-log/{id}/delete-item":    nil,
	"DELETE /api/call-log/{id}/delete-item": nil,
}

// routeScopes returns the scopes that admit a key to c's route (* always
// does) and whether the route needs a key at all. An unknown route fails
// the test.
func routeScopes(t *testing.T, c routeCase, doc map[string][]string) ([]string, bool) {
	t.Helper()
	scopes, known := compatScopes[c.pattern]
	if strings.HasPrefix(c.pattern, "GET /xapi/") {
		scopes, known = []string{activity.ScopeReportsRead}, true
	}
	if s, ok := doc[c.pattern]; ok {
		scopes, known = s, true
	}
	if !known && isWebPage(c.pattern) {
		scopes, known = []string{scopeOperator}, true
	}
	if !known {
		t.Errorf("route %q: the walks do not know which scopes it needs: document them in openapi.json (x-agentlog-scopes) "+
			"for /api/v1, or add the route to compatScopes in walk_tenant_test.go (or to notPages of walk_web_test.go)", c.pattern)
		return nil, false
	}
	if c.pattern == "GET /api/v1/export/{kind}" { // the route admits every read scope; each kind needs its own
		scopes = map[string][]string{"status-events": {activity.ScopeStatusesRead}, "session-events": {activity.ScopeSessionsRead},
			"calls": {activity.ScopeCallsRead}}[c.values["kind"]]
	}
	return append(slices.Clone(scopes), activity.ScopeAll), scopes != nil
}

// documentedScopes reads x-agentlog-scopes of every operation of the
// OpenAPI document, by route pattern; an operation with none is public.
func documentedScopes(t *testing.T) map[string][]string {
	t.Helper()
	raw, err := os.ReadFile("../api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			var o struct {
				Scopes []string `json:"x-agentlog-scopes"`
			}
			if json.Unmarshal(op, &o) == nil {
				out[strings.ToUpper(method)+" "+path] = o.Scopes
			}
		}
	}
	return out
}

// issueToken gets an access token for key at /connect/token.
func issueToken(t *testing.T, w *walkServer, key string) string {
	t.Helper()
	c := routeCase{pattern: "POST /connect/token", method: "POST", path: "/connect/token"}
	body, ct := walkBody(c, &credential{key: key})
	ans := w.send(walkRequest{c: c, body: body, contentType: ct}, time.Minute)
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if ans.status != 200 || json.Unmarshal(ans.body, &tok) != nil || tok.AccessToken == "" {
		t.Fatalf("POST /connect/token: got %d %s", ans.status, clip(ans.body))
	}
	return tok.AccessToken
}

func keyIDOf(key string) string {
	id, _, _ := strings.Cut(key, ".")
	return id
}

func secretOfKey(key string) string {
	_, s, _ := strings.Cut(key, ".")
	return s
}

// openWalkDB opens and migrates dsn for a walk.
func openWalkDB(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return db
}
