package oneuptime_test

// Authentication, the refused writes, malformed bodies and the methods of
// each read route.

import (
	"context"
	"net/http"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/storetest"
)

const (
	msgNoKey   = "Authenticated user or a valid API key is needed to read record of Call Log."
	msgBadKey  = "Invalid API Key"
	msgNoScope = "You do not have permissions to read Call Log. You need one of these permissions: Project Owner, Project Admin, Project Member, Read Call Log, Read All Project Resources"
)

// mustKey makes a key of tenant with scopes (calls:read if none).
func mustKey(t *testing.T, e *env, tenant activity.Tenant, scopes ...string) string {
	t.Helper()
	if len(scopes) == 0 {
		scopes = []string{activity.ScopeCallsRead}
	}
	return storetest.MustKey(t, e.db, tenant, scopes...)
}

func mustRevokedKey(t *testing.T, e *env) string {
	t.Helper()
	key := mustKey(t, e, e.acme)
	id, _, _ := auth.SplitKey(key)
	if err := e.db.RevokeKey(context.Background(), e.acme.ID, id); err != nil {
		t.Fatalf("revoking key %s: %v", id, err)
	}
	return key
}

// mustExpiredKey makes a key with calls:read that expired an hour before
// the server's clock.
func mustExpiredKey(t *testing.T, e *env) string {
	t.Helper()
	k, whole, hash := auth.NewKey("expired", []string{activity.ScopeCallsRead}, time.Hour, e.db.Now().Add(-2*time.Hour))
	if err := e.db.CreateKey(context.Background(), e.acme.ID, &k, hash); err != nil {
		t.Fatalf("creating an expired key: %v", err)
	}
	return whole
}

// reads are the read routes, each with a body they accept.
func reads() []request {
	return []request{
		{method: "POST", target: "/api/call-log/get-list", body: `{"query":{}}`},
		{method: "GET", target: "/api/call-log/get-list?limit=1"},
		{method: "POST", target: "/api/call-log/count", body: `{"query":{}}`},
		{method: "POST", target: "/api/call-log/" + callID(1) + "/get-item", body: `{"select":{"status":true}}`},
		{method: "GET", target: "/api/call-log/" + callID(1) + "/get-item"},
	}
}

func TestAuthentication(t *testing.T) {
	forEachServer(t, small, func(t *testing.T, e *env) {
		wrongKeys := map[string]string{
			"empty":                     "",
			"unknown":                   "al_aaaaaaaaaaaaaaaa.bm90LWEtcmVhbC1zZWNyZXQ",
			"not a key":                 "nope",
			"a known id, wrong secret":  e.key[:len("al_")+16] + ".wrong",
			"revoked":                   mustRevokedKey(t, e),
			"expired":                   mustExpiredKey(t, e),
			"another key's secret":      mustKey(t, e, e.beta)[:19] + e.key[19:],
			"spaces only":               "   ",
			"the key in Bearer clothes": "Bearer " + e.key,
		}
		noScope := mustKey(t, e, e.acme, activity.ScopeStatusesRead, activity.ScopeIngest)
		all := mustKey(t, e, e.acme, activity.ScopeAll)
		var list []scenario
		for _, r := range reads() {
			name := r.method + " " + r.target
			with := func(h map[string]string) request { r.headers = h; return r }
			list = append(list,
				scenario{name: name + ": no ApiKey", req: with(map[string]string{}), status: http.StatusUnauthorized, err: msgNoKey},
				scenario{name: name + ": Authorization Bearer is not ApiKey", req: with(map[string]string{"Authorization": "Bearer " + e.key}),
					status: http.StatusUnauthorized, err: msgNoKey},
				scenario{name: name + ": no calls:read", req: with(map[string]string{"ApiKey": noScope}), status: http.StatusUnprocessableEntity, err: msgNoScope},
				scenario{name: name + ": scope *", req: with(map[string]string{"ApiKey": all})})
			for what, key := range wrongKeys {
				list = append(list, scenario{name: name + ": " + what, req: with(map[string]string{"ApiKey": key}),
					status: http.StatusBadRequest, err: msgBadKey})
			}
			for _, spelling := range []string{"ApiKey", "APIKey", "apikey", "APIKEY", "apiKey"} {
				list = append(list, scenario{name: name + ": header " + spelling, req: with(map[string]string{spelling: e.key})})
			}
		}
		runScenarios(t, e, list)
	})
}

func TestRefusedWrites(t *testing.T) {
	forEachServer(t, small, func(t *testing.T, e *env) {
		id := callID(1)
		writes := []struct{ method, target, op string }{
			{"POST", "/api/call-log", "create"},
			{"PUT", "/api/call-log/" + id, "update"},
			{"DELETE", "/api/call-log/" + id, "delete"},
			{"POST", "/api/call-log/" + id + "/update-item", "update"},
			{"GET", "/api/call-log/" + id + "/update-item", "update"},
			{"POST", "/api/call-log/" + id + "/delete-item", "delete"},
			{"GET", "/api/call-log/" + id + "/delete-item", "delete"},
			{"DELETE", "/api/call-log/" + id + "/delete-item", "delete"},
		}
		var list []scenario
		for _, w := range writes {
			want := w.op + " on Call Log is not allowed."
			r := request{method: w.method, target: w.target, body: `{"data":{"status":"Hacked"}}`}
			list = append(list, scenario{name: w.method + " " + w.target, req: r, status: http.StatusUnprocessableEntity, err: want})
			r.headers = map[string]string{}
			list = append(list, scenario{name: w.method + " " + w.target + " without a key", req: r, status: http.StatusUnprocessableEntity, err: want})
		}
		// Nothing was written.
		list = append(list, scenario{name: "call 1 unchanged", req: request{target: "/api/call-log/" + id + "/get-item",
			body: `{"select":{"status":true}}`}, check: func(t *testing.T, e *env, a answer) {
			jsonEqual(t, "get-item", a.body, map[string]any{"_id": id, "status": "Success"})
		}})
		runScenarios(t, e, list)
	})
}

func TestMalformedBodies(t *testing.T) {
	forEachServer(t, small, func(t *testing.T, e *env) {
		var list []scenario
		for _, r := range reads() {
			for _, body := range []string{`{"query":`, `not json`, `{"query":{}} {}`, `{"query":{"status":"Busy",}}`, `[]`, `"query"`} {
				r.body = body
				list = append(list, scenario{name: r.method + " " + r.target + " " + body, req: r,
					status: http.StatusBadRequest, errPrefix: "Invalid JSON body: "})
			}
		}
		runScenarios(t, e, list)
	})
}

func TestMethods(t *testing.T) {
	forEachServer(t, small, func(t *testing.T, e *env) {
		item := "/api/call-log/" + callID(3) + "/get-item"
		selected := func(t *testing.T, e *env, a answer) {
			jsonEqual(t, "get-item", a.body, map[string]any{"_id": callID(3), "status": "success"})
		}
		runScenarios(t, e, []scenario{
			{name: "POST get-list", req: request{target: "/api/call-log/get-list", body: `{"query":{"status":"Busy"}}`}, ids: []int{4}, count: 1},
			{name: "GET get-list with a body", req: request{method: "GET", target: "/api/call-log/get-list", body: `{"query":{"status":"Busy"}}`},
				ids: []int{4}, count: 1},
			{name: "GET get-list without a body", req: request{method: "GET", target: "/api/call-log/get-list"}, ids: []int{6, 5, 4, 3, 2, 1}, count: 6},
			{name: "POST get-list without a body", req: request{target: "/api/call-log/get-list"}, ids: []int{6, 5, 4, 3, 2, 1}, count: 6},
			{name: "POST get-item", req: request{target: item, body: `{"select":{"status":true}}`}, check: selected},
			{name: "GET get-item with a body", req: request{method: "GET", target: item, body: `{"select":{"status":true}}`}, check: selected},
			{name: "POST count without a body", req: request{target: "/api/call-log/count"}, count: 6, countSet: true},
			{name: "POST count ignores select, sort and paging", req: request{target: "/api/call-log/count?limit=1&skip=3",
				body: `{"query":{"callCostInUSDCents":{"_type":"GreaterThan","value":0}},"select":{"status":true},"sort":{"status":"ASC"},"limit":1}`},
				count: 5, countSet: true},
		})
	})
}
