package server_test

// Tenant isolation: the scenario's tenant (B) never sees nor changes what
// another tenant (A) holds, even when it names A's ids.

import (
	"testing"

	"agentlog/internal/storetest"
)

// withTenantA makes tenant A with events, calls, a user, a status
// definition and keys, and notes their ids and keys as vars a*.
func withTenantA(t *testing.T, f *fixture) {
	a := storetest.MustTenant(t, f.db, f.srv.newSlug("tenant-a"))
	key := storetest.MustKey(t, f.db, a, "*")
	victim := storetest.MustKey(t, f.db, a, "ingest")
	f.vars["aKey"], f.vars["aKeyID"], f.vars["aVictim"], f.vars["aVictimID"] = key, keyID(key), victim, keyID(victim)
	for _, req := range []struct{ method, path, body string }{
		{"POST", "/api/v1/users", `{"login":"alice-of-a","name":"Alice A"}`},
		{"POST", "/api/v1/status-events", jsonArray(statusItems...)},
		{"POST", "/api/v1/session-events", jsonArray(sessionItems...)},
		{"POST", "/api/v1/calls", jsonArray(callItems...)},
		{"PUT", "/api/v1/status-definitions/lunch", `{"category":"away","color":"#aa0000"}`},
	} {
		if r := f.doWithKey(req.method, req.path, key, req.body); r.status != 200 && r.status != 201 {
			t.Fatalf("tenant A: %s %s: got %d, want 200 or 201 (%s)", req.method, req.path, r.status, r.body)
		}
	}
	for _, u := range decode[listPage](t, f.doWithKey("GET", "/api/v1/users", key, "").body).Items {
		f.vars["a:"+u["login"].(string)] = u["id"].(string)
	}
}

// aUnchanged checks, with A's key, that A still holds what withTenantA gave
// it, and that both of A's keys still work.
func aUnchanged(t *testing.T, f *fixture) {
	t.Helper()
	for path, n := range map[string]int{"/api/v1/status-events": 3, "/api/v1/session-events": 3, "/api/v1/calls": 2,
		"/api/v1/users": 4, "/api/v1/status-definitions": 1, "/api/v1/keys": 2} {
		r := f.doWithKey("GET", path, f.vars["aKey"], "")
		if r.status != 200 || len(decode[listPage](t, r.body).Items) != n {
			t.Errorf("tenant A: GET %s: got %d, %s; want 200 with %d items", path, r.status, r.body, n)
		}
	}
	r := f.doWithKey("GET", "/api/v1/users/"+f.vars["a:alice-of-a"], f.vars["aKey"], "")
	wantItems(t, f, "A's user", []item{decode[item](t, r.body)}, []item{{"login": "alice-of-a", "name": "Alice A"}})
	r = f.doWithKey("GET", "/api/v1/status-definitions", f.vars["aKey"], "")
	wantItems(t, f, "A's definitions", decode[listPage](t, r.body).Items, []item{{"name": "lunch", "color": "#aa0000"}})
	for _, k := range decode[listPage](t, f.doWithKey("GET", "/api/v1/keys", f.vars["aKey"], "").body).Items {
		if k["revokedAt"] != nil {
			t.Errorf("tenant A: key %v revoked at %v", k["id"], k["revokedAt"])
		}
	}
	if r := f.doWithKey("POST", "/api/v1/calls", f.vars["aVictim"], "[]"); r.status != 200 {
		t.Errorf("tenant A: POST with its ingest key: got %d, want 200 (%s)", r.status, r.body)
	}
}

// fromB is a scenario of B's all-scopes key against A's data.
func fromB(name, method, path, body string, status int, contains ...string) scenario {
	return scenario{name: name, method: method, path: path, key: "*", body: body, before: withTenantA,
		status: status, contains: contains, after: aUnchanged,
		notContains: []string{"alice", "Alice A", "bob", "#aa0000", "+4930111", `"available"`, uuidB}}
}

// withKeyIDsHidden adds A's key ids to what the answer must not hold.
func withKeyIDsHidden(sc scenario) scenario {
	sc.notContains = append(sc.notContains, "{{aKeyID}}", "{{aVictimID}}")
	return sc
}

func TestTenantIsolation(t *testing.T) {
	const empty = `"items":[]`
	runScenarios(t, testLimits, []scenario{
		fromB("status events", "GET", "/api/v1/status-events", "", 200, empty),
		fromB("status events of A's users", "GET", "/api/v1/status-events?userIds={{a:alice}},{{a:bob}}", "", 200, empty),
		fromB("session events", "GET", "/api/v1/session-events", "", 200, empty),
		fromB("session events of A's user", "GET", "/api/v1/session-events?userIds={{a:alice}}", "", 200, empty),
		fromB("session events of A's user by id", "GET", "/api/v1/session-events?userId="+uuidA, "", 200, empty),
		fromB("calls", "GET", "/api/v1/calls", "", 200, empty),
		fromB("calls of A's user", "GET", "/api/v1/calls?userIds={{a:alice}}&direction=inbound", "", 200, empty),
		fromB("users", "GET", "/api/v1/users", "", 200, empty),
		fromB("A's user", "GET", "/api/v1/users/{{a:alice}}", "", 404, `"code":"not found"`),
		fromB("A's user known by id", "GET", "/api/v1/users/"+uuidA, "", 404, `"code":"not found"`),
		fromB("status definitions", "GET", "/api/v1/status-definitions", "", 200, empty),
		withKeyIDsHidden(fromB("keys", "GET", "/api/v1/keys", "", 200, `"items":[{`)),
		fromB("patch A's user", "PATCH", "/api/v1/users/{{a:alice-of-a}}", `{"name":"Mallory"}`, 404, "does not exist"),
		fromB("revoke A's key", "DELETE", "/api/v1/keys/{{aVictimID}}", "", 404, "does not exist"),
		fromB("revoke A's own key", "DELETE", "/api/v1/keys/{{aKeyID}}", "", 404, "does not exist"),
		fromB("delete A's status definition", "DELETE", "/api/v1/status-definitions/lunch", "", 404, "is not defined"),
		{name: "define a status A has", method: "PUT", path: "/api/v1/status-definitions/lunch", key: "*", before: withTenantA,
			body: `{"color":"#00bb00"}`, status: 200, after: func(t *testing.T, f *fixture) {
				aUnchanged(t, f)
				wantList("/api/v1/status-definitions", item{"name": "lunch", "color": "#00bb00"})(t, f)
			}},
		{name: "create A's user in B", method: "POST", path: "/api/v1/users", key: "*", before: withTenantA,
			body: `{"id":"{{a:alice-of-a}}","login":"alice-of-a"}`, status: 201, after: func(t *testing.T, f *fixture) {
				aUnchanged(t, f)
				wantList("/api/v1/users", item{"id": "{{a:alice-of-a}}", "login": "alice-of-a", "name": ""})(t, f)
			}},
		{name: "events of A's user ids and logins", method: "POST", path: "/api/v1/status-events", key: "*", before: withTenantA,
			body:   jsonArray(`{"id":"s1","userId":"{{a:alice}}","status":"b","time":"2023-07-19T10:00:00Z"}`, `{"id":"s2","login":"bob","status":"b","time":"2023-07-19T10:00:00Z"}`),
			status: 200, check: wantAnswer(2, 2, 0, 2), after: func(t *testing.T, f *fixture) {
				aUnchanged(t, f)
				wantList("/api/v1/status-events", item{"id": "s1", "status": "b"}, item{"id": "s2", "login": "bob", "status": "b"})(t, f)
			}},
		{name: "calls of A's call id", method: "POST", path: "/api/v1/calls", key: "*", before: withTenantA,
			body:   jsonArray(`{"id":"` + uuidB + `","direction":"outbound","startedAt":"2023-07-19T10:00:00Z","updatedAt":"2030-01-01T00:00:00Z","status":"mine"}`),
			status: 200, check: wantCallAnswer(1, 1, 0, 0, 0), after: func(t *testing.T, f *fixture) {
				aUnchanged(t, f)
				r := f.doWithKey("GET", "/api/v1/calls?status=ended", f.vars["aKey"], "")
				wantItems(t, f, "A's call", decode[listPage](t, r.body).Items, []item{{"id": uuidB, "direction": "inbound"}})
			}},
		{name: "revoking B's key leaves A's", method: "DELETE", path: "/api/v1/keys/{{bKeyID}}", key: "*",
			before: func(t *testing.T, f *fixture) {
				withTenantA(t, f)
				f.vars["bKeyID"] = keyID(f.key("ingest"))
			},
			status: 204, after: aUnchanged},
	})
}
