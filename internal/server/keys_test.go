package server_test

// Management of API keys: the whole key appears once, in the answer that
// creates it; lists never show a secret; a revoked key stops working.

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// keyID returns the public id of a whole key string.
func keyID(key string) string {
	id, _, _ := strings.Cut(key, ".")
	return id
}

// secretOf returns the secret part of a whole key string.
func secretOf(key string) string {
	_, secret, _ := strings.Cut(key, ".")
	return secret
}

// withKeys makes an ingest key and a calls:read key, noted as vars.
func withKeys(t *testing.T, f *fixture) {
	for _, name := range []string{"ingest", "calls:read"} {
		k := f.key(name)
		f.vars[name] = k
		f.vars[name+" id"] = keyID(k)
		f.vars[name+" secret"] = secretOf(k)
	}
}

// checkNewKey checks the answer of POST /keys and that its key works with
// its scopes and only with them.
func checkNewKey(name, scopes string) func(*testing.T, *fixture, response) {
	return func(t *testing.T, f *fixture, r response) {
		t.Helper()
		k := decode[map[string]any](t, r.body)
		whole, _ := k["key"].(string)
		if keyID(whole) != k["id"] || !strings.HasPrefix(whole, "al_") || len(secretOf(whole)) < 40 {
			t.Fatalf("new key: got key %q and id %v, want <id>.<secret> with a long secret", whole, k["id"])
		}
		if k["name"] != name || joined(k["scopes"]) != scopes {
			t.Errorf("new key: got name %v, scopes %v; want %q, %q", k["name"], k["scopes"], name, scopes)
		}
		f.vars["new id"], f.vars["new secret"] = keyID(whole), secretOf(whole)
		if r := f.doWithKey("POST", "/api/v1/status-events", whole, "[]"); r.status != 200 {
			t.Errorf("POST with the new key: got %d, want 200 (%s)", r.status, r.body)
		}
		if r := f.doWithKey("GET", "/api/v1/keys", whole, ""); r.status != 403 {
			t.Errorf("GET /keys with the new key: got %d, want 403 (%s)", r.status, r.body)
		}
	}
}

// wantLifetime checks that a new key expires lifetime after its creation.
func wantLifetime(t *testing.T, r response, lifetime time.Duration) {
	t.Helper()
	k := decode[map[string]any](t, r.body)
	created, _ := time.Parse(time.RFC3339, fmt.Sprint(k["createdAt"]))
	expires, err := time.Parse(time.RFC3339, fmt.Sprint(k["expiresAt"]))
	if err != nil || expires.Sub(created) < lifetime-time.Second || expires.Sub(created) > lifetime+time.Second {
		t.Errorf("expiresAt %v after createdAt %v: got %v later, want %v", k["expiresAt"], k["createdAt"], expires.Sub(created), lifetime)
	}
}

// joined writes a JSON array of strings comma-separated.
func joined(v any) string {
	list, _ := v.([]any)
	out := make([]string, len(list))
	for i, s := range list {
		out[i], _ = s.(string)
	}
	return strings.Join(out, ",")
}

// keyItem finds the listed key with id.
func keyItem(t *testing.T, list []item, id string) item {
	t.Helper()
	for _, k := range list {
		if k["id"] == id {
			return k
		}
	}
	t.Fatalf("key %s is not listed in %v", id, list)
	return nil
}

func TestKeys(t *testing.T) {
	runScenarios(t, testLimits, []scenario{
		{name: "create", method: "POST", path: "/api/v1/keys", key: "admin",
			body:   `{"name":"collector","scopes":["ingest","statuses:read","ingest"]}`,
			status: 201, contains: []string{`"key":"al_`, `"expiresAt":null`, `"revokedAt":null`},
			check: checkNewKey("collector", "ingest,statuses:read"),
			after: func(t *testing.T, f *fixture) {
				r := f.do("GET", "/api/v1/keys", "admin", "", 200)
				for _, s := range []string{f.vars["new secret"], `"key"`} {
					if strings.Contains(string(r), s) {
						t.Errorf("GET /keys: got %s, want no %s", r, s)
					}
				}
				wantItems(t, f, "keys", []item{keyItem(t, decode[listPage](t, r).Items, f.vars["new id"])},
					[]item{{"id": "{{new id}}", "name": "collector", "scopes": "[ingest statuses:read]", "revokedAt": "<nil>"}})
			}},
		{name: "create with a lifetime", method: "POST", path: "/api/v1/keys", key: "*",
			body: `{"name":"temp","scopes":["ingest"],"expires":"720h"}`, status: 201, notContains: []string{`"expiresAt":null`},
			check: func(t *testing.T, f *fixture, r response) {
				checkNewKey("temp", "ingest")(t, f, r)
				wantLifetime(t, r, 720*time.Hour)
			}},
		{name: "create with a lifetime in days", method: "POST", path: "/api/v1/keys", key: "admin",
			body: `{"name":"month","scopes":["ingest"],"expires":"30d"}`, status: 201,
			check: func(t *testing.T, f *fixture, r response) { wantLifetime(t, r, 30*24*time.Hour) }},
		{name: "create without scopes", method: "POST", path: "/api/v1/keys", key: "admin", body: `{"name":"x","scopes":[]}`,
			status: 400, check: wantError("invalid", "no scope given: accepted are statuses:read")},
		{name: "create with an unknown scope", method: "POST", path: "/api/v1/keys", key: "admin", body: `{"name":"x","scopes":["root"]}`,
			status: 400, check: wantError("invalid", `scope "root" is unknown`)},
		{name: "create with a bad lifetime", method: "POST", path: "/api/v1/keys", key: "admin", body: `{"name":"x","scopes":["ingest"],"expires":"soon"}`,
			status: 400, check: wantError("invalid", `expires "soon" is not valid`)},
		{name: "create with a lifetime too long", method: "POST", path: "/api/v1/keys", key: "admin",
			body: `{"name":"x","scopes":["ingest"],"expires":"213504d"}`, status: 400, check: wantError("invalid", `expires "213504d" is not valid`)},
		{name: "create with a negative lifetime", method: "POST", path: "/api/v1/keys", key: "admin", body: `{"name":"x","scopes":["ingest"],"expires":"-1h"}`,
			status: 400, check: wantError("invalid", `expires "-1h" is not valid`),
			after: func(t *testing.T, f *fixture) {
				if n := len(f.list("/api/v1/keys").Items); n != 2 { // the admin key and the list's own
					t.Errorf("keys after refused creations: got %d, want 2", n)
				}
			}},
		{name: "list", method: "GET", path: "/api/v1/keys", key: "admin", before: withKeys,
			status: 200, contains: []string{`"id":"{{ingest id}}"`, `"id":"{{calls:read id}}"`, `"scopes":["calls:read"]`},
			notContains: []string{"{{ingest secret}}", "{{calls:read secret}}", `"key"`, "secret"},
			check:       wantCount(3)},
		{name: "list shows the last use", method: "GET", path: "/api/v1/keys", key: "admin",
			before: func(t *testing.T, f *fixture) {
				withKeys(t, f)
				f.do("POST", "/api/v1/calls", "ingest", "[]", 200)
			},
			status: 200, check: func(t *testing.T, f *fixture, r response) {
				for _, k := range decode[listPage](t, r.body).Items {
					used := k["lastUsedAt"] != nil
					if want := k["id"] != f.vars["calls:read id"]; used != want {
						t.Errorf("key %v (%v): lastUsedAt %v, want set %v", k["id"], k["scopes"], k["lastUsedAt"], want)
					}
				}
			}},
		{name: "revoke", method: "DELETE", path: "/api/v1/keys/{{ingest id}}", key: "admin", before: withKeys,
			status: 204, after: func(t *testing.T, f *fixture) {
				if r := f.doWithKey("POST", "/api/v1/status-events", f.vars["ingest"], "[]"); r.status != 401 {
					t.Errorf("POST with a revoked key: got %d, want 401 (%s)", r.status, r.body)
				}
				if r := f.doWithKey("GET", "/api/v1/calls", f.vars["calls:read"], ""); r.status != 200 {
					t.Errorf("GET with another key: got %d, want 200 (%s)", r.status, r.body)
				}
				for _, k := range f.list("/api/v1/keys").Items {
					if revoked := k["revokedAt"] != nil; revoked != (k["id"] == f.vars["ingest id"]) {
						t.Errorf("key %v: revokedAt %v", k["id"], k["revokedAt"])
					}
				}
			}},
		{name: "revoke twice", method: "DELETE", path: "/api/v1/keys/{{ingest id}}", key: "admin",
			before: func(t *testing.T, f *fixture) {
				withKeys(t, f)
				f.do("DELETE", f.expand("/api/v1/keys/{{ingest id}}"), "admin", "", 204)
			},
			status: 204},
		{name: "revoke its own key", method: "DELETE", path: "/api/v1/keys/{{admin id}}", key: "admin",
			before: func(t *testing.T, f *fixture) { f.vars["admin id"] = keyID(f.key("admin")) },
			status: 204, after: func(t *testing.T, f *fixture) {
				if r := f.doWithKey("GET", "/api/v1/keys", f.key("admin"), ""); r.status != 401 {
					t.Errorf("GET with the revoked key: got %d, want 401", r.status)
				}
			}},
		{name: "revoke an unknown key", method: "DELETE", path: "/api/v1/keys/al_aaaaaaaaaaaaaaaa", key: "admin",
			status: 404, check: wantError("not found", `key "al_aaaaaaaaaaaaaaaa" does not exist`)},
	})
}
