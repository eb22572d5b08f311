package server_test

// Bad batches: a bad item anywhere is a 400 that names the item and the
// problem, and nothing of the batch is stored, no user created.

import (
	"fmt"
	"strings"
	"testing"
)

// wantError checks an error answer: its code and a part of its message.
func wantError(code, message string) func(*testing.T, *fixture, response) {
	return func(t *testing.T, f *fixture, r response) {
		t.Helper()
		got := decode[map[string]string](t, r.body)
		if got["code"] != code || !strings.Contains(got["error"], message) {
			t.Errorf("error: got code %q, message %q; want code %q, a message containing %q", got["code"], got["error"], code, message)
		}
		if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("Content-Type of an error: got %q, want application/json", ct)
		}
	}
}

// badItem is an item that spoils its batch, and what the error says of it.
type badItem struct {
	what, item, message string
}

// ingestKind is a route with a valid item that creates user u<i>.
type ingestKind struct {
	path  string
	valid func(i int) string
	bad   []badItem
}

var ingestKinds = []ingestKind{
	{path: "/api/v1/status-events",
		valid: func(i int) string {
			return fmt.Sprintf(`{"login":"u%d","status":"ok","time":"2023-07-19T10:00:0%dZ"}`, i, i)
		},
		bad: []badItem{
			{"bad time", `{"login":"x","status":"a","time":"yesterday"}`, `time "yesterday" is not a time: accepted are ISO 8601`},
			{"time without offset", `{"login":"x","status":"a","time":"2023-07-19T10:00:00"}`, `time "2023-07-19T10:00:00" is not a time`},
			{"missing time", `{"login":"x","status":"a"}`, `time is missing`},
			{"time out of range", `{"login":"x","status":"a","time":"2300-01-01"}`, `time 2300-01-01T00:00:00.000Z is out of range`},
			{"missing status", `{"login":"x","time":"2023-07-19"}`, `status is missing`},
			{"null status", `{"login":"x","status":null,"time":"2023-07-19"}`, `status is missing`},
			{"status too long", `{"login":"x","status":"` + strings.Repeat("s", 201) + `","time":"2023-07-19"}`, `status is longer than 200 characters`},
			{"unknown field", `{"login":"x","status":"a","time":"2023-07-19","colour":"red"}`, `unknown field "colour"`},
			{"wrong JSON type", `{"login":"x","status":5,"time":"2023-07-19"}`, `field "status" must be a string, not a JSON number`},
			{"not an object", `"available"`, `must be a JSON object, not a JSON string`},
			{"not JSON", `{login:x}`, `not valid JSON`},
			{"missing user", `{"status":"a","time":"2023-07-19"}`, `the user is missing: give userId (a UUID) or login`},
			{"bad userId", `{"userId":"42","status":"a","time":"2023-07-19"}`, `userId "42" is not a UUID`},
			{"login with spaces", `{"login":" x","status":"a","time":"2023-07-19"}`, `login " x" is not valid`},
		}},
	{path: "/api/v1/session-events",
		valid: func(i int) string {
			return fmt.Sprintf(`{"login":"u%d","action":"login","time":"2023-07-19T10:00:0%dZ"}`, i, i)
		},
		bad: []badItem{
			{"bad action", `{"login":"x","action":"sleep","time":"2023-07-19"}`, `action "sleep" is not valid: use "login" or "logout"`},
			{"missing action", `{"login":"x","time":"2023-07-19"}`, `action "" is not valid`},
			{"bad time", `{"login":"x","action":"login","time":"19.07.2023"}`, `time "19.07.2023" is not a time`},
			{"wrong JSON type", `{"login":"x","action":"login","time":"2023-07-19","queue":7}`, `field "queue" must be a string, not a JSON number`},
			{"not an object", `[]`, `must be a JSON object, not a JSON array`},
		}},
	{path: "/api/v1/calls",
		valid: func(i int) string {
			return fmt.Sprintf(`{"direction":"inbound","login":"u%d","startedAt":"2023-07-19T10:00:0%dZ"}`, i, i)
		},
		bad: []badItem{
			{"bad direction", `{"direction":"sideways","startedAt":"2023-07-19"}`, `direction "sideways" is not valid: use inbound, outbound or internal`},
			{"neither id nor startedAt", `{"direction":"inbound"}`, `a call without an id needs startedAt`},
			{"bad id", `{"id":"c1","direction":"inbound"}`, `call id "c1" is not a UUID`},
			{"bad time", `{"direction":"inbound","startedAt":"noon"}`, `startedAt "noon" is not a time`},
			{"ended before started", `{"direction":"inbound","startedAt":"2023-07-19T10:00:00Z","endedAt":"2023-07-19T09:00:00Z"}`, `endedAt is before startedAt`},
			{"outcome against answeredAt", `{"direction":"inbound","startedAt":"2023-07-19T10:00:00Z","answeredAt":"2023-07-19T10:00:01Z","outcome":"busy"}`, `outcome "busy" contradicts answeredAt`},
			{"unknown link", `{"direction":"inbound","startedAt":"2023-07-19","links":{"incident":"x"}}`, `links.incident is unknown`},
			{"unknown link of null", `{"direction":"inbound","startedAt":"2023-07-19","links":{"pagerId":null}}`, `links.pager is unknown`},
			{"negative cost", `{"direction":"inbound","startedAt":"2023-07-19","costCents":-1}`, `costCents is negative`},
			{"wrong JSON type", `{"direction":"inbound","startedAt":"2023-07-19","costCents":"12"}`, `field "costCents" must be a number, not a JSON string`},
			{"callData not an object", `{"direction":"inbound","startedAt":"2023-07-19","callData":[1]}`, `callData is not a JSON object`},
		}},
}

// badBatch is a batch of five items with bad at position pos.
func badBatch(k ingestKind, bad string, pos int) []string {
	items := make([]string, 5)
	for i := range items {
		items[i] = k.valid(i)
	}
	items[pos] = bad
	return items
}

func TestIngestBadItems(t *testing.T) {
	var table []scenario
	for _, k := range ingestKinds {
		kind := strings.TrimPrefix(k.path, "/api/v1/")
		for _, b := range k.bad {
			for _, pos := range []int{0, 2, 4} {
				table = append(table, scenario{
					name:   fmt.Sprintf("%s/%s/JSON item %d", kind, b.what, pos),
					method: "POST", path: k.path, key: "ingest", body: jsonArray(badBatch(k, b.item, pos)...),
					status: 400, check: wantError("invalid", fmt.Sprintf("item %d: %s", pos, b.message)), after: nothingStored,
				})
			}
			table = append(table, scenario{
				name:   fmt.Sprintf("%s/%s/NDJSON item 3", kind, b.what),
				method: "POST", path: k.path, key: "ingest", headers: ndjson, body: ndjsonLines(badBatch(k, b.item, 3)...),
				status: 400, check: wantError("invalid", "item 3: "+b.message), after: nothingStored,
			})
		}
	}
	runScenarios(t, testLimits, table)
}

func TestIngestBadBatches(t *testing.T) {
	status := ingestKinds[0]
	valid := jsonArray(status.valid(0), status.valid(1))
	runScenarios(t, testLimits, []scenario{
		{name: "not JSON", method: "POST", path: "/api/v1/status-events", key: "ingest", body: "hello",
			status: 400, check: wantError("invalid", "the body is not a JSON array: not valid JSON"), after: nothingStored},
		{name: "an object, not an array", method: "POST", path: "/api/v1/session-events", key: "ingest", body: status.valid(0),
			status: 400, check: wantError("invalid", "the body is not a JSON array: send [ {...}, ... ], or NDJSON"), after: nothingStored},
		{name: "an empty body", method: "POST", path: "/api/v1/calls", key: "ingest", body: "",
			status: 400, check: wantError("invalid", "the body is not a JSON array"), after: nothingStored},
		{name: "an array not closed", method: "POST", path: "/api/v1/status-events", key: "ingest", body: strings.TrimSuffix(valid, "]"),
			status: 400, check: wantError("invalid", "the JSON array is not closed"), after: nothingStored},
		{name: "a trailing comma", method: "POST", path: "/api/v1/status-events", key: "ingest", body: strings.TrimSuffix(valid, "]") + ",]",
			status: 400, check: wantError("invalid", "item 2: not valid JSON"), after: nothingStored},
		{name: "a second array", method: "POST", path: "/api/v1/status-events", key: "ingest", body: valid + valid,
			status: 400, check: wantError("invalid", "there is more after the JSON array"), after: nothingStored},
		{name: "NDJSON sent as JSON", method: "POST", path: "/api/v1/status-events", key: "ingest", body: ndjsonLines(status.valid(0), status.valid(1)),
			status: 400, check: wantError("invalid", "the body is not a JSON array"), after: nothingStored},
		{name: "a JSON array sent as NDJSON", method: "POST", path: "/api/v1/status-events", key: "ingest", headers: ndjson, body: valid,
			status: 400, check: wantError("invalid", "item 0: "), after: nothingStored},
		{name: "two items on one NDJSON line", method: "POST", path: "/api/v1/status-events", key: "ingest", headers: ndjson,
			body:   ndjsonLines(status.valid(0), status.valid(1)+" "+status.valid(2)),
			status: 400, check: wantError("invalid", "item 1: more than one JSON value on the line"), after: nothingStored},
		{name: "an unknown userId whose login is another user's", method: "POST", path: "/api/v1/status-events", key: "ingest",
			body: jsonArray(`{"login":"alice","status":"a","time":"2023-07-19T10:00:00Z"}`, status.valid(1),
				`{"userId":"`+uuidA+`","login":"alice","status":"b","time":"2023-07-19T10:00:01Z"}`, status.valid(3)),
			status: 400, check: wantError("invalid", `item 2: userId `+uuidA+` is unknown, but login "alice" belongs to user`), after: nothingStored},
		{name: "an unknown userId whose login is a stored user's", method: "POST", path: "/api/v1/calls", key: "ingest",
			before: func(t *testing.T, f *fixture) { f.do("POST", "/api/v1/users", "admin", `{"login":"alice"}`, 201) },
			body:   jsonArray(ingestKinds[2].valid(0), `{"direction":"inbound","userId":"`+uuidA+`","login":"alice","startedAt":"2023-07-19"}`),
			status: 400, check: wantError("invalid", `item 1: userId `+uuidA+` is unknown, but login "alice" belongs to user`),
			after: func(t *testing.T, f *fixture) {
				wantList("/api/v1/users", item{"login": "alice"})(t, f)
				wantList("/api/v1/calls")(t, f)
			}},
	})
}
