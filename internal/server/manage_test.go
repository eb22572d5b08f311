package server_test

// Management of users and status definitions.

import (
	"strings"
	"testing"
)

// carol is created with every field before the scenarios that need a user.
const carol = `{"login":"carol","name":"Carol","extension":"201","email":"carol@example.com","groups":["b","a","b"]}`

func withCarol(t *testing.T, f *fixture) {
	f.vars["carol"] = decode[item](t, f.do("POST", "/api/v1/users", "admin", carol, 201))["id"].(string)
}

// wantObject checks the answer is one object with these fields.
func wantObject(want item) func(*testing.T, *fixture, response) {
	return func(t *testing.T, f *fixture, r response) {
		t.Helper()
		wantItems(t, f, "user", []item{decode[item](t, r.body)}, []item{want})
	}
}

func TestUsers(t *testing.T) {
	carolFields := item{"id": "{{carol}}", "login": "carol", "name": "Carol", "extension": "201",
		"email": "carol@example.com", "groups": "[a b]"}
	runScenarios(t, testLimits, []scenario{
		{name: "create", method: "POST", path: "/api/v1/users", key: "admin", body: carol,
			status: 201, check: wantObject(item{"id": "<uuid>", "login": "carol", "name": "Carol", "extension": "201",
				"email": "carol@example.com", "groups": "[a b]"}),
			after: wantList("/api/v1/users", item{"id": "<uuid>", "login": "carol", "groups": "[a b]"})},
		{name: "create with an id", method: "POST", path: "/api/v1/users", key: "*",
			body:   `{"id":"0B7E4A52-5D38-4C1E-9A59-6F0E0D7F0A01","login":"dave"}`,
			status: 201, check: wantObject(item{"id": uuidA, "login": "dave", "email": "<nil>", "groups": "[]"}),
			after: wantList("/api/v1/users", item{"id": uuidA})},
		{name: "create with a login in use", method: "POST", path: "/api/v1/users", key: "admin", before: withCarol,
			body: `{"login":"carol"}`, status: 409, check: wantError("conflict", `login "carol" exists already`),
			after: wantList("/api/v1/users", item{"id": "{{carol}}"})},
		{name: "create with an id in use", method: "POST", path: "/api/v1/users", key: "admin", before: withCarol,
			body: `{"id":"{{carol}}","login":"other"}`, status: 409, check: wantError("conflict", "exists already"),
			after: wantList("/api/v1/users", item{"login": "carol"})},
		{name: "create without a login", method: "POST", path: "/api/v1/users", key: "admin",
			body: `{"name":"Nobody"}`, status: 400, check: wantError("invalid", `login "" is not valid`), after: nothingStored},
		{name: "create with a bad email", method: "POST", path: "/api/v1/users", key: "admin",
			body: `{"login":"x","email":"nowhere"}`, status: 400, check: wantError("invalid", `email "nowhere" is not an address`), after: nothingStored},
		{name: "create with a bad group", method: "POST", path: "/api/v1/users", key: "admin",
			body: `{"login":"x","groups":["a b"]}`, status: 400, check: wantError("invalid", `group "a b" is not valid`), after: nothingStored},
		{name: "create with an unknown field", method: "POST", path: "/api/v1/users", key: "admin",
			body: `{"login":"x","role":"boss"}`, status: 400, check: wantError("invalid", `unknown field "role"`), after: nothingStored},
		{name: "create with a wrong type", method: "POST", path: "/api/v1/users", key: "admin",
			body: `{"login":7}`, status: 400, check: wantError("invalid", "the body is not a valid JSON object"), after: nothingStored},

		{name: "get", method: "GET", path: "/api/v1/users/{{carol}}", key: "statuses:read", before: withCarol,
			status: 200, check: wantObject(carolFields)},
		{name: "get by upper-case id", method: "GET", path: "/api/v1/users/" + "0B7E4A52-5D38-4C1E-9A59-6F0E0D7F0A01", key: "calls:read",
			before: func(t *testing.T, f *fixture) {
				f.do("POST", "/api/v1/users", "admin", `{"id":"`+uuidA+`","login":"x"}`, 201)
			},
			status: 200, check: wantObject(item{"id": uuidA, "login": "x"})},
		{name: "get a non-UUID", method: "GET", path: "/api/v1/users/carol", key: "admin", before: withCarol,
			status: 400, check: wantError("invalid", `user id "carol" is not a UUID`)},
		{name: "get an unknown user", method: "GET", path: "/api/v1/users/" + uuidC, key: "admin", before: withCarol,
			status: 404, check: wantError("not found", "user "+uuidC+" does not exist")},
		{name: "list", method: "GET", path: "/api/v1/users", key: "sessions:read",
			before: func(t *testing.T, f *fixture) {
				withCarol(t, f)
				f.do("POST", "/api/v1/users", "admin", `{"login":"abe"}`, 201)
			},
			status: 200, check: func(t *testing.T, f *fixture, r response) {
				wantItems(t, f, "users", decode[listPage](t, r.body).Items, []item{{"login": "abe", "groups": "[]"}, carolFields})
			}},

		{name: "patch", method: "PATCH", path: "/api/v1/users/{{carol}}", key: "admin", before: withCarol,
			body:   `{"name":"Carol B.","groups":["z"]}`,
			status: 200, check: wantObject(item{"id": "{{carol}}", "login": "carol", "name": "Carol B.", "extension": "201", "groups": "[z]"}),
			after: func(t *testing.T, f *fixture) {
				wantItems(t, f, "user after PATCH", []item{decode[item](t, f.do("GET", f.expand("/api/v1/users/{{carol}}"), "*", "", 200))},
					[]item{{"name": "Carol B.", "extension": "201", "email": "carol@example.com", "groups": "[z]"}})
			}},
		{name: "patch the login", method: "PATCH", path: "/api/v1/users/{{carol}}", key: "admin", before: withCarol,
			body: `{"login":"caroline"}`, status: 200, check: wantObject(item{"login": "caroline", "name": "Carol"}),
			after: wantList("/api/v1/users", item{"id": "{{carol}}", "login": "caroline"})},
		{name: "patch the login to one in use", method: "PATCH", path: "/api/v1/users/{{carol}}", key: "admin",
			before: func(t *testing.T, f *fixture) {
				withCarol(t, f)
				f.do("POST", "/api/v1/users", "admin", `{"login":"abe"}`, 201)
			},
			body: `{"login":"abe"}`, status: 409, check: wantError("conflict", `login "abe" exists already`),
			after: wantList("/api/v1/users", item{"login": "abe"}, item{"login": "carol"})},
		{name: "patch with a bad email", method: "PATCH", path: "/api/v1/users/{{carol}}", key: "admin", before: withCarol,
			body: `{"email":"x"}`, status: 400, check: wantError("invalid", `email "x" is not an address`),
			after: wantList("/api/v1/users", item{"email": "carol@example.com"})},
		{name: "patch the email to null removes it", method: "PATCH", path: "/api/v1/users/{{carol}}", key: "admin", before: withCarol,
			body: `{"email":null}`, status: 200, contains: []string{`"email":null`},
			after: wantList("/api/v1/users", item{"login": "carol", "email": "<nil>", "name": "Carol"})},
		{name: "patch without the email keeps it", method: "PATCH", path: "/api/v1/users/{{carol}}", key: "admin", before: withCarol,
			body: `{"extension":"202"}`, status: 200,
			after: wantList("/api/v1/users", item{"extension": "202", "email": "carol@example.com"})},
		{name: "patch a non-UUID", method: "PATCH", path: "/api/v1/users/carol", key: "admin", before: withCarol,
			body: `{"name":"x"}`, status: 400, check: wantError("invalid", "is not a UUID")},
		{name: "patch an unknown user", method: "PATCH", path: "/api/v1/users/" + uuidC, key: "admin",
			body: `{"name":"x"}`, status: 404, check: wantError("not found", "does not exist"), after: nothingStored},
		{name: "patch with an unknown field", method: "PATCH", path: "/api/v1/users/{{carol}}", key: "admin", before: withCarol,
			body: `{"id":"` + uuidC + `"}`, status: 400, check: wantError("invalid", `unknown field "id"`),
			after: wantList("/api/v1/users", item{"id": "{{carol}}"})},
	})
}

func TestStatusDefinitions(t *testing.T) {
	lunch := func(t *testing.T, f *fixture) {
		f.do("PUT", "/api/v1/status-definitions/lunch", "admin", `{"category":"away","color":"#AABBCC"}`, 200)
	}
	const defs = "/api/v1/status-definitions"
	runScenarios(t, testLimits, []scenario{
		{name: "put", method: "PUT", path: defs + "/lunch", key: "admin", body: `{"category":"away","color":"#AABBCC"}`,
			status: 200, check: wantObject(item{"name": "lunch", "category": "away", "color": "#AABBCC"}),
			after: wantList(defs, item{"name": "lunch", "category": "away", "color": "#AABBCC"})},
		{name: "put defaults", method: "PUT", path: defs + "/Wrap%20up", key: "admin", body: `{}`,
			status: 200, contains: []string{`"name":"Wrap up"`, `"category":"other"`, `"color":"#888888"`},
			after: wantList(defs, item{"name": "Wrap up", "category": "other", "color": "#888888"})},
		{name: "put again replaces", method: "PUT", path: defs + "/lunch", key: "admin", before: lunch,
			body: `{"category":"offline"}`, status: 200,
			after: wantList(defs, item{"name": "lunch", "category": "offline", "color": "#888888"})},
		{name: "list", method: "GET", path: defs, key: "calls:read",
			before: func(t *testing.T, f *fixture) {
				lunch(t, f)
				f.do("PUT", defs+"/available", "admin", `{"category":"available","color":"#00ff00"}`, 200)
			},
			status: 200, check: func(t *testing.T, f *fixture, r response) {
				wantItems(t, f, "definitions", decode[listPage](t, r.body).Items,
					[]item{{"name": "available", "category": "available"}, {"name": "lunch", "category": "away"}})
			}},
		{name: "list none", method: "GET", path: defs, key: "statuses:read", status: 200, contains: []string{`{"items":[]}`}},
		{name: "a bad category", method: "PUT", path: defs + "/lunch", key: "admin", body: `{"category":"hungry"}`,
			status: 400, check: wantError("invalid", `category "hungry" is not valid: use available, busy, away, offline or other`),
			after: wantList(defs)},
		{name: "a bad color", method: "PUT", path: defs + "/lunch", key: "admin", body: `{"color":"red"}`,
			status: 400, check: wantError("invalid", `color "red" is not valid: use #rrggbb`), after: wantList(defs)},
		{name: "a short color", method: "PUT", path: defs + "/lunch", key: "admin", before: lunch, body: `{"color":"#abc"}`,
			status: 400, check: wantError("invalid", `color "#abc" is not valid`),
			after: wantList(defs, item{"name": "lunch", "color": "#AABBCC"})},
		{name: "a name too long", method: "PUT", path: defs + "/" + strings.Repeat("n", 201), key: "admin", body: `{}`,
			status: 400, check: wantError("invalid", "status name must be 1 to 200 characters"), after: wantList(defs)},
		{name: "an unknown field", method: "PUT", path: defs + "/lunch", key: "admin", body: `{"colour":"#aabbcc"}`,
			status: 400, check: wantError("invalid", `unknown field "colour"`), after: wantList(defs)},
		{name: "delete", method: "DELETE", path: defs + "/lunch", key: "admin", before: lunch,
			status: 204, after: wantList(defs)},
		{name: "delete keeps the events' status", method: "DELETE", path: defs + "/lunch", key: "admin",
			before: func(t *testing.T, f *fixture) {
				lunch(t, f)
				f.ingest("/api/v1/status-events", jsonArray(`{"login":"a","status":"lunch","time":"2023-07-19"}`))
			},
			status: 204, after: wantList("/api/v1/status-events?status=lunch", item{"status": "lunch"})},
		{name: "delete an unknown one", method: "DELETE", path: defs + "/dinner", key: "admin", before: lunch,
			status: 404, check: wantError("not found", `status "dinner" is not defined`),
			after: wantList(defs, item{"name": "lunch"})},
	})
}
