package server_test

// Authentication and scopes: no key or a bad one is a 401, a key without
// the scope a 403 that does nothing; every header style is accepted.

import (
	"context"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/storetest"
)

// apiRoutes are every route of /api/v1 that needs a key, with a body that
// would succeed.
var apiRoutes = []struct{ method, path, body string }{
	{"POST", "/api/v1/status-events", "[]"},
	{"POST", "/api/v1/session-events", "[]"},
	{"POST", "/api/v1/calls", "[]"},
	{"GET", "/api/v1/status-events", ""},
	{"GET", "/api/v1/session-events", ""},
	{"GET", "/api/v1/calls", ""},
	{"GET", "/api/v1/users", ""},
	{"POST", "/api/v1/users", `{"login":"x"}`},
	{"GET", "/api/v1/users/" + uuidA, ""},
	{"PATCH", "/api/v1/users/" + uuidA, `{"name":"x"}`},
	{"GET", "/api/v1/status-definitions", ""},
	{"PUT", "/api/v1/status-definitions/lunch", `{}`},
	{"DELETE", "/api/v1/status-definitions/lunch", ""},
	{"GET", "/api/v1/keys", ""},
	{"POST", "/api/v1/keys", `{"name":"x","scopes":["ingest"]}`},
	{"DELETE", "/api/v1/keys/al_aaaaaaaaaaaaaaaa", ""},
}

// badKeys are keys that must get a 401, made by their function.
var badKeys = []struct {
	name string
	make func(t *testing.T, f *fixture) string
}{
	{"a wrong secret", func(t *testing.T, f *fixture) string { return keyID(f.key("*")) + ".wrong-secret" }},
	{"an unknown id", func(t *testing.T, f *fixture) string { return "al_aaaaaaaaaaaaaaaa." + secretOf(f.key("*")) }},
	{"no dot", func(t *testing.T, f *fixture) string { return "al_aaaaaaaaaaaaaaaa" }},
	{"no secret", func(t *testing.T, f *fixture) string { return keyID(f.key("*")) + "." }},
	{"no id", func(t *testing.T, f *fixture) string { return "." + secretOf(f.key("*")) }},
	{"the key twice", func(t *testing.T, f *fixture) string { return f.key("*") + "." + f.key("*") }},
	{"a revoked key", func(t *testing.T, f *fixture) string {
		k := storetest.MustKey(t, f.db, f.tenant, activity.ScopeAll)
		if err := f.db.RevokeKey(context.Background(), f.tenant.ID, keyID(k)); err != nil {
			t.Fatalf("RevokeKey: %v", err)
		}
		return k
	}},
	{"an expired key", func(t *testing.T, f *fixture) string { return keyExpiring(t, f, -time.Minute) }},
}

// keyExpiring makes an all-scopes key with a lifetime of an hour that
// expires in d (in the past for a negative d): the database clock is set
// back while it is made. No request is in flight meanwhile.
func keyExpiring(t *testing.T, f *fixture, d time.Duration) string {
	clock := f.db.Now
	defer func() { f.db.Now = clock }()
	made := time.Now().Add(d - time.Hour)
	f.db.Now = func() time.Time { return made }
	k, whole, hash := auth.NewKey("expiring", []string{activity.ScopeAll}, time.Hour, f.db.Now())
	if err := f.db.CreateKey(context.Background(), f.tenant.ID, &k, hash); err != nil {
		t.Fatalf("CreateKey: %v", err)
	}
	return whole
}

func TestAuthentication(t *testing.T) {
	var table []scenario
	for _, r := range apiRoutes {
		route := r.method + " " + r.path
		table = append(table,
			scenario{name: route + "/no key", method: r.method, path: r.path, body: r.body,
				status: 401, check: wantError("unauthorized", `an API key is needed: send it as "Authorization: Bearer <key>"`), after: nothingStored},
			scenario{name: route + "/another scheme", method: r.method, path: r.path, body: r.body,
				headers: map[string]string{"Authorization": "Basic {{basic}}"},
				before:  func(t *testing.T, f *fixture) { f.vars["basic"] = f.key("*") },
				status:  401, check: wantError("unauthorized", "an API key is needed"), after: nothingStored},
		)
		for _, b := range badKeys {
			table = append(table, scenario{name: route + "/" + b.name, method: r.method, path: r.path, body: r.body,
				headers: map[string]string{"Authorization": "Bearer {{bad}}"},
				before:  func(t *testing.T, f *fixture) { f.vars["bad"] = b.make(t, f) },
				status:  401, check: wantError("unauthorized", "the API key is unknown, revoked or expired"), after: nothingStored})
		}
	}
	table = append(table,
		scenario{name: "a key that expires later", method: "GET", path: "/api/v1/users", status: 200,
			headers: map[string]string{"Authorization": "Bearer {{k}}"},
			before:  func(t *testing.T, f *fixture) { f.vars["k"] = keyExpiring(t, f, time.Minute) }},
		scenario{name: "a bad Key header beats a good Authorization", method: "GET", path: "/api/v1/users", key: "*", status: 401,
			headers: map[string]string{"Key": "al_aaaaaaaaaaaaaaaa.x"}},
	)
	for _, h := range []string{"Key", "ApiKey", "apikey", "APIKEY", "key"} {
		table = append(table, scenario{name: "header " + h, method: "GET", path: "/api/v1/users", key: "statuses:read", keyHeader: h,
			before: withCarol, status: 200, contains: []string{`"login":"carol"`}})
	}
	withCarolAndKey := func(t *testing.T, f *fixture) { withCarol(t, f); f.vars["k"] = f.key("statuses:read") }
	table = append(table,
		scenario{name: "header Authorization: Bearer", method: "GET", path: "/api/v1/users", key: "statuses:read",
			before: withCarol, status: 200, contains: []string{`"login":"carol"`}},
		scenario{name: "header authorization: bearer", method: "GET", path: "/api/v1/users", before: withCarolAndKey,
			headers: map[string]string{"authorization": "bearer {{k}}"}, status: 200, contains: []string{`"login":"carol"`}},
		scenario{name: "header with spaces around the key", method: "GET", path: "/api/v1/users", before: withCarolAndKey,
			headers: map[string]string{"ApiKey": "  {{k}} "}, status: 200, contains: []string{`"login":"carol"`}},
	)
	runScenarios(t, testLimits, table)
}

// forbidden lists, for each route, keys that lack its scope.
var forbidden = []struct {
	method, path, body string
	scopes             []string
}{
	{"POST", "/api/v1/status-events", `[{"login":"x","status":"a","time":"2023-07-19"}]`, []string{"statuses:read", "admin", "sessions:read,calls:read,reports:read"}},
	{"POST", "/api/v1/session-events", `[{"login":"x","action":"login","time":"2023-07-19"}]`, []string{"sessions:read", "admin"}},
	{"POST", "/api/v1/calls", `[{"direction":"inbound","login":"x","startedAt":"2023-07-19"}]`, []string{"calls:read"}},
	{"GET", "/api/v1/status-events", "", []string{"ingest", "sessions:read", "admin", "reports:read"}},
	{"GET", "/api/v1/session-events", "", []string{"statuses:read", "calls:read", "ingest"}},
	{"GET", "/api/v1/calls", "", []string{"statuses:read", "reports:read", "ingest"}},
	{"GET", "/api/v1/users", "", []string{"ingest"}},
	{"POST", "/api/v1/users", `{"login":"x"}`, []string{"statuses:read", "ingest", "statuses:read,sessions:read,calls:read,reports:read,ingest"}},
	{"GET", "/api/v1/users/" + uuidA, "", []string{"ingest"}},
	{"PATCH", "/api/v1/users/" + uuidA, `{"name":"x"}`, []string{"statuses:read", "ingest"}},
	{"GET", "/api/v1/status-definitions", "", []string{"ingest"}},
	{"PUT", "/api/v1/status-definitions/lunch", `{}`, []string{"statuses:read,sessions:read,calls:read,reports:read", "ingest"}},
	{"DELETE", "/api/v1/status-definitions/lunch", "", []string{"ingest", "reports:read"}},
	{"GET", "/api/v1/keys", "", []string{"statuses:read", "ingest"}},
	{"POST", "/api/v1/keys", `{"name":"x","scopes":["*"]}`, []string{"ingest", "statuses:read"}},
	{"DELETE", "/api/v1/keys/{{victim}}", "", []string{"calls:read", "ingest"}},
}

func TestScopes(t *testing.T) {
	var table []scenario
	for _, r := range forbidden {
		for _, scopes := range r.scopes {
			table = append(table, scenario{name: r.method + " " + r.path + "/" + scopes, method: r.method, path: r.path, body: r.body,
				key: scopes, status: 403, check: wantError("forbidden", "this key lacks the scope for this request: it needs one of"),
				before: func(t *testing.T, f *fixture) {
					f.do("PUT", "/api/v1/status-definitions/lunch", "admin", `{"color":"#123456"}`, 200)
					f.vars["victim"] = keyID(f.key("admin"))
				},
				after: func(t *testing.T, f *fixture) {
					nothingStored(t, f)
					wantList("/api/v1/status-definitions", item{"name": "lunch", "color": "#123456"})(t, f)
					if n := len(f.list("/api/v1/keys").Items); n != len(f.keys) {
						t.Errorf("keys: got %d, want %d, the ones the scenario made", n, len(f.keys))
					}
					if r := f.doWithKey("GET", "/api/v1/keys", f.key("admin"), ""); r.status != 200 {
						t.Errorf("the admin key after a refused DELETE: got %d, want 200", r.status)
					}
				}})
		}
	}
	table = append(table,
		scenario{name: "the message names the scope", method: "GET", path: "/api/v1/calls", key: "ingest",
			status: 403, check: wantError("forbidden", "it needs one of calls:read")},
		scenario{name: "reports:read reads users", method: "GET", path: "/api/v1/users", key: "reports:read", status: 200},
		scenario{name: "a key of two scopes", method: "POST", path: "/api/v1/status-events", key: "statuses:read,ingest",
			body: `[{"login":"x","status":"a","time":"2023-07-19"}]`, status: 200, check: wantAnswer(1, 1, 0, 1),
			after: func(t *testing.T, f *fixture) {
				if r := f.doWithKey("GET", "/api/v1/status-events", f.key("statuses:read,ingest"), ""); r.status != 200 {
					t.Errorf("GET with the same key: got %d, want 200", r.status)
				}
			}},
	)
	runScenarios(t, testLimits, table)
}
