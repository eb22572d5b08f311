package server_test

// Valid batches of every kind, in both encodings, and what reads back.

import (
	"testing"
)

const (
	uuidA = "0b7e4a52-5d38-4c1e-9a59-6f0e0d7f0a01"
	uuidB = "0b7e4a52-5d38-4c1e-9a59-6f0e0d7f0a02"
	uuidC = "0b7e4a52-5d38-4c1e-9a59-6f0e0d7f0a03"
	uuidL = "7d1c2b3a-0000-4000-8000-00000000000f" // a link target
)

// Three status events: alice picks a status, clears it (a fraction beyond
// the millisecond, an offset), bob picks one on a date alone.
var statusItems = []string{
	`{"id":"s1","login":"alice","status":"available","time":"2023-07-19T12:58:19.282Z"}`,
	`{"id":"s2","login":"alice","status":"","time":"2023-07-19T15:00:00.123456+02:00"}`,
	`{"id":"s3","login":"bob","status":"lunch","time":"2023-07-19"}`,
}

var statusReadBack = []item{
	{"id": "s3", "login": "bob", "userId": "{{bob}}", "status": "lunch", "time": "2023-07-19T00:00:00.000Z"},
	{"id": "s1", "login": "alice", "userId": "{{alice}}", "status": "available", "time": "2023-07-19T12:58:19.282Z"},
	{"id": "s2", "login": "alice", "userId": "{{alice}}", "status": "", "time": "2023-07-19T13:00:00.123Z"},
}

var sessionItems = []string{
	`{"id":"x1","login":"alice","action":"login","time":"2023-07-19T08:00:00Z","queue":"sales"}`,
	`{"id":"x2","userId":"` + uuidA + `","action":"login","time":"2023-07-19T08:00:00.5Z"}`,
	`{"id":"x3","login":"alice","action":"logout","time":"2023-07-19T17:00:00+01:00","queue":"sales"}`,
}

var sessionReadBack = []item{
	{"id": "x1", "login": "alice", "userId": "{{alice}}", "action": "login", "queue": "sales", "time": "2023-07-19T08:00:00.000Z"},
	{"id": "x2", "login": uuidA, "userId": uuidA, "action": "login", "queue": "", "time": "2023-07-19T08:00:00.500Z"},
	{"id": "x3", "login": "alice", "userId": "{{alice}}", "action": "logout", "queue": "sales", "time": "2023-07-19T16:00:00.000Z"},
}

var callItems = []string{
	`{"id":"` + uuidB + `","direction":"inbound","fromNumber":"+4930111","toNumber":"+4930222","login":"alice",` +
		`"startedAt":"2023-07-19T12:58:19.282Z","answeredAt":"2023-07-19T12:58:25Z","endedAt":"2023-07-19T13:01:00Z",` +
		`"updatedAt":"2023-07-19T13:01:00Z","status":"ended","queue":"sales","costCents":12,"callData":{"a":1},` +
		`"links":{"incidentId":"` + uuidL + `"}}`,
	`{"direction":"outbound","fromNumber":"100","toNumber":"+49301","userId":"` + uuidA + `",` +
		`"startedAt":"2023-07-19T14:00:00Z","outcome":"busy","status":"ringing"}`,
}

var callReadBack = []item{
	{"id": uuidB, "direction": "inbound", "fromNumber": "+4930111", "toNumber": "+4930222", "login": "alice",
		"userId": "{{alice}}", "startedAt": "2023-07-19T12:58:19.282Z", "answeredAt": "2023-07-19T12:58:25.000Z",
		"endedAt": "2023-07-19T13:01:00.000Z", "updatedAt": "2023-07-19T13:01:00.000Z",
		"createdAt": "2023-07-19T12:58:19.282Z", "status": "ended", "queue": "sales", "outcome": "answered",
		"costCents": 12, "statusMessage": "<nil>"},
	{"id": "<uuid>", "direction": "outbound", "login": uuidA, "userId": uuidA, "startedAt": "2023-07-19T14:00:00.000Z",
		"answeredAt": "<nil>", "createdAt": "2023-07-19T14:00:00.000Z", "outcome": "busy", "status": "ringing",
		"costCents": 0, "callData": "<nil>"},
}

// readBack checks a list route against want once the users' ids are known.
func readBack(path string, want []item, logins ...string) func(*testing.T, *fixture) {
	return func(t *testing.T, f *fixture) {
		t.Helper()
		for _, l := range logins {
			f.userID(l)
		}
		wantList(path, want...)(t, f)
	}
}

// checkCallDetails checks what wantItems cannot: the nested callData and links.
func checkCallDetails(t *testing.T, f *fixture) {
	items := f.list("/api/v1/calls").Items
	if len(items) != 2 {
		t.Fatalf("calls: got %d, want 2", len(items))
	}
	data, _ := items[0]["callData"].(map[string]any)
	if len(data) != 1 || data["a"] != float64(1) {
		t.Errorf("callData: got %v, want {\"a\":1}", items[0]["callData"])
	}
	links, _ := items[0]["links"].(map[string]any)
	if links["incidentId"] != uuidL || links["teamId"] != nil || len(links) != 11 {
		t.Errorf("links: got %v, want incidentId %s and 10 other keys of null", links, uuidL)
	}
}

func TestIngestValidBatches(t *testing.T) {
	runScenarios(t, testLimits, []scenario{
		{name: "status events as a JSON array", method: "POST", path: "/api/v1/status-events", key: "ingest",
			body: jsonArray(statusItems...), status: 200,
			contains: []string{`"received":3`, `"new":3`, `"known":0`, `"usersCreated":2`}, notContains: []string{"replaced"},
			check: wantAnswer(3, 3, 0, 2), after: readBack("/api/v1/status-events", statusReadBack, "alice", "bob")},
		{name: "status events as NDJSON", method: "POST", path: "/api/v1/status-events", key: "ingest",
			headers: ndjson, body: ndjsonLines(statusItems[0], "", statusItems[1], statusItems[2]), status: 200,
			check: wantAnswer(3, 3, 0, 2), after: readBack("/api/v1/status-events", statusReadBack, "alice", "bob")},
		{name: "status events as NDJSON without a final newline", method: "POST", path: "/api/v1/status-events", key: "ingest",
			headers: map[string]string{"Content-Type": "application/x-ndjson; charset=utf-8"},
			body:    statusItems[0] + "\r\n" + statusItems[1] + "\n" + statusItems[2], status: 200,
			check: wantAnswer(3, 3, 0, 2), after: readBack("/api/v1/status-events", statusReadBack, "alice", "bob")},
		{name: "session events as a JSON array", method: "POST", path: "/api/v1/session-events", key: "ingest",
			body: jsonArray(sessionItems...), status: 200, contains: []string{`"usersCreated":2`},
			check: wantAnswer(3, 3, 0, 2), after: readBack("/api/v1/session-events", sessionReadBack, "alice")},
		{name: "session events as NDJSON", method: "POST", path: "/api/v1/session-events", key: "ingest",
			headers: ndjson, body: ndjsonLines(sessionItems...), status: 200,
			check: wantAnswer(3, 3, 0, 2), after: readBack("/api/v1/session-events", sessionReadBack, "alice")},
		{name: "calls as a JSON array", method: "POST", path: "/api/v1/calls", key: "ingest",
			body: jsonArray(callItems...), status: 200, contains: []string{`"replaced":0`},
			check: wantCallAnswer(2, 2, 0, 0, 2), after: func(t *testing.T, f *fixture) {
				readBack("/api/v1/calls", callReadBack, "alice")(t, f)
				checkCallDetails(t, f)
			}},
		{name: "calls as NDJSON", method: "POST", path: "/api/v1/calls", key: "ingest",
			headers: ndjson, body: ndjsonLines(callItems...), status: 200,
			check: wantCallAnswer(2, 2, 0, 0, 2), after: func(t *testing.T, f *fixture) {
				readBack("/api/v1/calls", callReadBack, "alice")(t, f)
				checkCallDetails(t, f)
			}},
		{name: "an empty array", method: "POST", path: "/api/v1/status-events", key: "ingest",
			body: "[]", status: 200, check: wantAnswer(0, 0, 0, 0), after: nothingStored},
		{name: "an empty NDJSON body", method: "POST", path: "/api/v1/calls", key: "ingest",
			headers: ndjson, body: "\n\n", status: 200, check: wantCallAnswer(0, 0, 0, 0, 0), after: nothingStored},
		{name: "a key of every scope ingests", method: "POST", path: "/api/v1/session-events", key: "*",
			body: jsonArray(sessionItems[0]), status: 200, check: wantAnswer(1, 1, 0, 1)},
	})
}

func TestIngestUnknownUsers(t *testing.T) {
	runScenarios(t, testLimits, []scenario{
		{name: "by login", method: "POST", path: "/api/v1/status-events", key: "ingest",
			body:   jsonArray(`{"login":"carol","status":"a","time":"2023-07-19T10:00:00Z"}`, `{"login":"carol","status":"b","time":"2023-07-19T10:01:00Z"}`),
			status: 200, check: wantAnswer(2, 2, 0, 1),
			after: wantList("/api/v1/users", item{"id": "<uuid>", "login": "carol", "name": "", "email": "<nil>"})},
		{name: "by userId", method: "POST", path: "/api/v1/session-events", key: "ingest",
			body:   jsonArray(`{"userId":"` + uuidA + `","action":"login","time":"2023-07-19T10:00:00Z"}`),
			status: 200, check: wantAnswer(1, 1, 0, 1),
			after: wantList("/api/v1/users", item{"id": uuidA, "login": uuidA})},
		{name: "by upper-case userId", method: "POST", path: "/api/v1/status-events", key: "ingest",
			body:   jsonArray(`{"userId":"0B7E4A52-5D38-4C1E-9A59-6F0E0D7F0A01","status":"x","time":"2023-07-19T10:00:00Z"}`, `{"userId":"`+uuidA+`","status":"y","time":"2023-07-19T10:00:01Z"}`),
			status: 200, check: wantAnswer(2, 2, 0, 1),
			after: wantList("/api/v1/users", item{"id": uuidA, "login": uuidA})},
		{name: "by both", method: "POST", path: "/api/v1/calls", key: "ingest",
			body:   jsonArray(`{"direction":"internal","userId":"` + uuidC + `","login":"dave","startedAt":"2023-07-19T10:00:00Z"}`),
			status: 200, check: wantCallAnswer(1, 1, 0, 0, 1),
			after: func(t *testing.T, f *fixture) {
				wantList("/api/v1/users", item{"id": uuidC, "login": "dave"})(t, f)
				wantItems(t, f, "user", []item{decode[item](t, f.do("GET", "/api/v1/users/"+uuidC, "*", "", 200))},
					[]item{{"id": uuidC, "login": "dave", "groups": "[]"}})
			}},
		{name: "known and unknown users mixed", method: "POST", path: "/api/v1/status-events", key: "ingest",
			before: func(t *testing.T, f *fixture) {
				f.do("POST", "/api/v1/users", "admin", `{"login":"erin"}`, 201)
			},
			body: jsonArray(`{"login":"erin","status":"a","time":"2023-07-19T10:00:00Z"}`,
				`{"login":"frank","status":"a","time":"2023-07-19T10:00:00Z"}`,
				`{"userId":"`+uuidB+`","login":"gina","status":"a","time":"2023-07-19T10:00:00Z"}`),
			status: 200, check: wantAnswer(3, 3, 0, 2),
			after: wantList("/api/v1/users", item{"login": "erin"}, item{"login": "frank"}, item{"login": "gina", "id": uuidB})},
		{name: "a call without a user creates none", method: "POST", path: "/api/v1/calls", key: "ingest",
			body:   jsonArray(`{"direction":"inbound","fromNumber":"1","startedAt":"2023-07-19T10:00:00Z"}`),
			status: 200, check: wantCallAnswer(1, 1, 0, 0, 0),
			after: func(t *testing.T, f *fixture) {
				wantList("/api/v1/users")(t, f)
				wantList("/api/v1/calls", item{"userId": "<nil>", "login": "<nil>", "outcome": "unanswered"})(t, f)
			}},
	})
}
