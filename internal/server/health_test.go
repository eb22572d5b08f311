package server_test

// Probes, paths no route serves, and malformed bodies of the management
// routes.

import (
	"strings"
	"testing"
)

// wantHeader checks a header of the answer.
func wantHeader(name, prefix string) func(*testing.T, *fixture, response) {
	return func(t *testing.T, f *fixture, r response) {
		t.Helper()
		if got := r.header.Get(name); !strings.HasPrefix(got, prefix) {
			t.Errorf("header %s: got %q, want %q...", name, got, prefix)
		}
	}
}

func TestHealthAndRouting(t *testing.T) {
	notFound := wantError("not found", "matches no route of this API")
	runScenarios(t, testLimits, []scenario{
		{name: "healthz", method: "GET", path: "/healthz", status: 200, contains: []string{"ok"}},
		{name: "readyz", method: "GET", path: "/readyz", status: 200, contains: []string{"ready"}},
		{name: "healthz ignores a bad key", method: "GET", path: "/healthz", headers: map[string]string{"Authorization": "Bearer x.y"}, status: 200},
		{name: "a request id is made", method: "GET", path: "/healthz", status: 200, check: func(t *testing.T, f *fixture, r response) {
			if id := r.header.Get("X-Request-Id"); len(id) != 16 {
				t.Errorf("X-Request-Id: got %q, want 16 hex digits", id)
			}
		}},
		{name: "a request id is kept", method: "GET", path: "/readyz", headers: map[string]string{"X-Request-Id": "abc-123"},
			status: 200, check: wantHeader("X-Request-Id", "abc-123")},

		{name: "an unknown API path", method: "GET", path: "/api/v1/nothing", status: 404, check: notFound},
		{name: "an unknown API path with a key", method: "GET", path: "/api/v1/nothing", key: "*", status: 404,
			contains: []string{`"code":"not found"`, "/api/v1/nothing matches no route"}},
		{name: "an unknown API version", method: "POST", path: "/api/v2/status-events", key: "ingest", body: "[]", status: 404, check: notFound},
		{name: "the API root", method: "GET", path: "/api/", status: 404, check: notFound},
		{name: "a user path without an id", method: "GET", path: "/api/v1/users/", key: "*", status: 404, check: notFound},
		{name: "a path below a user", method: "GET", path: "/api/v1/users/" + uuidA + "/events", key: "*", status: 404, check: notFound},
		{name: "a method the path does not have", method: "PUT", path: "/api/v1/status-events", key: "*", body: "[]", status: 405,
			check: func(t *testing.T, f *fixture, r response) {
				wantError("method not allowed", "PUT is not allowed on /api/v1/status-events: use GET or POST")(t, f, r)
				wantHeader("Allow", "GET, POST")(t, f, r)
			}, after: nothingStored},
		{name: "a method a user does not have", method: "DELETE", path: "/api/v1/users/" + uuidA, key: "*", status: 405,
			check: wantHeader("Allow", "GET, PATCH")},
		{name: "a path outside the API", method: "GET", path: "/nothing", status: 404},

		{name: "create a user: malformed JSON", method: "POST", path: "/api/v1/users", key: "admin", body: `{"login":`,
			status: 400, check: wantError("invalid", "the body is not a valid JSON object"), after: nothingStored},
		{name: "create a user: not JSON", method: "POST", path: "/api/v1/users", key: "admin", body: `login=x`,
			status: 400, check: wantError("invalid", "the body is not a valid JSON object"), after: nothingStored},
		{name: "create a user: an array", method: "POST", path: "/api/v1/users", key: "admin", body: `[{"login":"x"}]`,
			status: 400, check: wantError("invalid", "the body is not a valid JSON object"), after: nothingStored},
		{name: "create a user: an empty body", method: "POST", path: "/api/v1/users", key: "admin",
			status: 400, check: wantError("invalid", "the body is empty: send a JSON object"), after: nothingStored},
		{name: "create a user: two objects", method: "POST", path: "/api/v1/users", key: "admin", body: `{"login":"x"} {"login":"y"}`,
			status: 400, check: wantError("invalid", "JSON object"), after: nothingStored},
		{name: "patch a user: malformed JSON", method: "PATCH", path: "/api/v1/users/{{carol}}", key: "admin", before: withCarol,
			body: `{"name":"x"`, status: 400, check: wantError("invalid", "the body is not a valid JSON object"),
			after: wantList("/api/v1/users", item{"name": "Carol"})},
		{name: "patch a user: an empty body", method: "PATCH", path: "/api/v1/users/{{carol}}", key: "admin", before: withCarol,
			status: 400, check: wantError("invalid", "the body is empty")},
		{name: "define a status: malformed JSON", method: "PUT", path: "/api/v1/status-definitions/lunch", key: "admin",
			body: `{"color":}`, status: 400, check: wantError("invalid", "the body is not a valid JSON object"),
			after: wantList("/api/v1/status-definitions")},
		{name: "define a status: a wrong type", method: "PUT", path: "/api/v1/status-definitions/lunch", key: "admin",
			body: `{"color":1}`, status: 400, check: wantError("invalid", "the body is not a valid JSON object"),
			after: wantList("/api/v1/status-definitions")},
		{name: "create a key: malformed JSON", method: "POST", path: "/api/v1/keys", key: "admin",
			body: `{"scopes":["ingest"]`, status: 400, check: wantError("invalid", "the body is not a valid JSON object"),
			after: func(t *testing.T, f *fixture) {
				if n := len(f.list("/api/v1/keys").Items); n != 2 {
					t.Errorf("keys: got %d, want 2, the scenario's own", n)
				}
			}},
		{name: "create a key: scopes as a string", method: "POST", path: "/api/v1/keys", key: "admin",
			body: `{"name":"x","scopes":"ingest"}`, status: 400, check: wantError("invalid", "the body is not a valid JSON object")},
	})
}
