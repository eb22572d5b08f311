package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

	"agentlog/internal/activity"
)

// testValidationCanFail takes real answers, spoils them, and requires the
// validation to refuse each: the check above is able to fail.
func testValidationCanFail(t *testing.T, cl *client, keys map[string]string) {
	ctx := context.Background()
	calls := cl.send(t, 200, "GET", "/api/v1/calls?limit=1", keys[activity.ScopeCallsRead], "", "")
	ingested := cl.send(t, 200, "POST", "/api/v1/status-events", keys[activity.ScopeIngest], "", "[]")
	invalid := cl.send(t, 400, "GET", "/api/v1/calls?limit=0", keys[activity.ScopeCallsRead], "", "")
	created := cl.send(t, 201, "POST", "/api/v1/keys", keys[activity.ScopeAdmin], "", `{"scopes":["ingest"]}`)

	edit := func(a answer, change func(v map[string]any)) []byte {
		var v map[string]any
		if err := json.Unmarshal(a.body, &v); err != nil {
			t.Fatal(err)
		}
		change(v)
		b, _ := json.Marshal(v)
		return b
	}
	item := func(v map[string]any) map[string]any { return v["items"].([]any)[0].(map[string]any) }
	without := func(h http.Header, name string) http.Header {
		h = h.Clone()
		h.Del(name)
		return h
	}
	with := func(h http.Header, name, value string) http.Header {
		h = h.Clone()
		h.Set(name, value)
		return h
	}
	for _, tc := range []struct {
		name   string
		method string
		path   string
		status int
		header http.Header
		body   []byte
	}{
		{"an extra field in a call", "GET", "/api/v1/calls", 200, calls.header, edit(calls, func(v map[string]any) { item(v)["extra"] = 1 })},
		{"a link key missing", "GET", "/api/v1/calls", 200, calls.header, edit(calls, func(v map[string]any) { delete(item(v)["links"].(map[string]any), "teamId") })},
		{"an unknown link key", "GET", "/api/v1/calls", 200, calls.header, edit(calls, func(v map[string]any) { item(v)["links"].(map[string]any)["fooId"] = nil })},
		{"callData a string", "GET", "/api/v1/calls", 200, calls.header, edit(calls, func(v map[string]any) { item(v)["callData"] = "x" })},
		{"a time without milliseconds", "GET", "/api/v1/calls", 200, calls.header, edit(calls, func(v map[string]any) { item(v)["createdAt"] = "2024-05-06T07:08:09Z" })},
		{"nextCursor missing", "GET", "/api/v1/calls", 200, calls.header, edit(calls, func(v map[string]any) { delete(v, "nextCursor") })},
		{"replaced in an event answer", "POST", "/api/v1/status-events", 200, ingested.header, edit(ingested, func(v map[string]any) { v["replaced"] = 0 })},
		{"the key missing from a new key", "POST", "/api/v1/keys", 201, created.header, edit(created, func(v map[string]any) { delete(v, "key") })},
		{"an unknown error code", "GET", "/api/v1/calls", 400, invalid.header, edit(invalid, func(v map[string]any) { v["code"] = "oops" })},
		{"the code of another status", "GET", "/api/v1/calls", 400, invalid.header, edit(invalid, func(v map[string]any) { v["code"] = "forbidden" })},
		{"an extra field in an error", "GET", "/api/v1/calls", 400, invalid.header, edit(invalid, func(v map[string]any) { v["detail"] = "x" })},
		{"an undocumented status", "GET", "/api/v1/calls", 418, invalid.header, invalid.body},
		{"a 409 where none is documented", "GET", "/api/v1/calls", 409, invalid.header, invalid.body},
		{"a text answer", "GET", "/api/v1/calls", 200, with(calls.header, "Content-Type", "text/plain"), calls.body},
		{"no X-Request-Id", "GET", "/api/v1/calls", 200, without(calls.header, "X-Request-Id"), calls.body},
	} {
		if _, err := cl.c.validateResponse(ctx, tc.method, cl.base+tc.path, tc.status, tc.header, tc.body); err == nil {
			t.Errorf("%s: the spoilt answer passed validation: %s", tc.name, clip(tc.body))
		}
	}
	// Requests too: what the server refuses, the document refuses.
	for _, tc := range [][3]string{
		{"POST", "/api/v1/status-events", `[{"login":"a","status":"x","time":"2023-07-19","colour":"red"}]`},
		{"POST", "/api/v1/status-events", `[{"status":"x","time":"2023-07-19"}]`},
		{"POST", "/api/v1/calls", `[{"direction":"inbound"}]`},
		{"POST", "/api/v1/calls", `[{"direction":"inbound","startedAt":"2024-05-06","links":{"fooId":"6f1c1f9e-2b47-4c59-9a53-1c2d3e4f5a6b"}}]`},
		{"GET", "/api/v1/calls?limit=0", ""},
		{"GET", "/api/v1/session-events?action=in", ""},
		{"POST", "/api/v1/keys", `{"scopes":["root"]}`},
		{"PUT", "/api/v1/status-definitions/x", `{"category":"sleeping"}`},
	} {
		if err := cl.c.validateRequest(ctx, tc[0], cl.base+tc[1], "application/json", []byte(tc[2])); err == nil {
			t.Errorf("%s %s %s: openapi.json accepts a request the server refuses", tc[0], tc[1], tc[2])
		}
	}
}
