package server_test

// Re-sent batches: events are recognised by their id, or by the id derived
// from their content; a call is replaced by a newer version only.

import (
	"strings"
	"testing"
)

var (
	statusNoIDs = jsonArray(
		`{"login":"alice","status":"available","time":"2023-07-19T12:58:19.282Z"}`,
		`{"login":"alice","status":"","time":"2023-07-19T12:58:19.282Z"}`,
		`{"userId":"`+uuidA+`","status":"busy","time":"2023-07-19T13:00:00Z"}`)
	sessionNoIDs = jsonArray(
		`{"login":"alice","action":"login","time":"2023-07-19T08:00:00Z","queue":"sales"}`,
		`{"login":"alice","action":"login","time":"2023-07-19T08:00:00Z","queue":"support"}`,
		`{"login":"alice","action":"logout","time":"2023-07-19T08:00:00Z","queue":"sales"}`)
	callsNoIDs = jsonArray(
		`{"direction":"inbound","fromNumber":"1","login":"alice","startedAt":"2023-07-19T08:00:00Z","updatedAt":"2023-07-19T08:05:00Z"}`,
		`{"direction":"inbound","fromNumber":"2","login":"alice","startedAt":"2023-07-19T08:00:00Z","updatedAt":"2023-07-19T08:05:00Z"}`)
)

// callVersion is call uuidB of alice as its sender saw it at updatedAt.
func callVersion(status, updatedAt string) string {
	return callVersionOf(uuidB, `"login":"alice",`, status, updatedAt)
}

// callVersionOf is call id of user (a JSON field and comma, or "") as its
// sender saw it at updatedAt.
func callVersionOf(id, user, status, updatedAt string) string {
	return `{"id":"` + id + `","direction":"inbound","fromNumber":"+4930111",` + user +
		`"startedAt":"2023-07-19T08:00:00Z","updatedAt":"` + updatedAt + `","status":"` + status + `"}`
}

// sent posts body to path with an ingest key before the scenario's request.
func sent(path, body string) func(*testing.T, *fixture) {
	return func(t *testing.T, f *fixture) { f.ingest(path, body) }
}

// wantStatuses checks the status of the tenant's calls, in list order.
func wantCallStatuses(statuses ...string) func(*testing.T, *fixture) {
	return func(t *testing.T, f *fixture) {
		t.Helper()
		var got []string
		for _, c := range f.list("/api/v1/calls").Items {
			got = append(got, c["status"].(string))
		}
		if strings.Join(got, ",") != strings.Join(statuses, ",") {
			t.Errorf("call statuses: got %q, want %q", got, statuses)
		}
	}
}

// wantCounted checks how many items a list route holds.
func wantCounted(path string, n int) func(*testing.T, *fixture) {
	return func(t *testing.T, f *fixture) {
		t.Helper()
		if got := len(f.list(path).Items); got != n {
			t.Errorf("GET %s: got %d items, want %d", path, got, n)
		}
	}
}

func TestIngestResend(t *testing.T) {
	statuses, sessions := jsonArray(statusItems...), jsonArray(sessionItems...)
	runScenarios(t, testLimits, []scenario{
		{name: "status events with ids", method: "POST", path: "/api/v1/status-events", key: "ingest",
			before: sent("/api/v1/status-events", statuses), body: statuses,
			status: 200, check: wantAnswer(3, 0, 3, 0), after: wantCounted("/api/v1/status-events", 3)},
		{name: "status events with ids as NDJSON after a JSON array", method: "POST", path: "/api/v1/status-events", key: "ingest",
			before: sent("/api/v1/status-events", statuses), headers: ndjson, body: ndjsonLines(statusItems...),
			status: 200, check: wantAnswer(3, 0, 3, 0), after: wantCounted("/api/v1/status-events", 3)},
		{name: "status events without ids", method: "POST", path: "/api/v1/status-events", key: "ingest",
			before: sent("/api/v1/status-events", statusNoIDs), body: statusNoIDs,
			status: 200, check: wantAnswer(3, 0, 3, 0), after: wantCounted("/api/v1/status-events", 3)},
		{name: "status events without ids, twice in one batch", method: "POST", path: "/api/v1/status-events", key: "ingest",
			body:   jsonArray(`{"login":"alice","status":"a","time":"2023-07-19T08:00:00Z"}`, `{"login":"alice","status":"a","time":"2023-07-19T08:00:00.0004Z"}`),
			status: 200, check: wantAnswer(2, 1, 1, 1), after: wantCounted("/api/v1/status-events", 1)},
		{name: "a known id keeps its first content", method: "POST", path: "/api/v1/status-events", key: "ingest",
			before: sent("/api/v1/status-events", statuses),
			body:   jsonArray(`{"id":"s1","login":"zoe","status":"changed","time":"2023-07-20T00:00:00Z"}`, `{"id":"s4","login":"alice","status":"new","time":"2023-07-20T00:00:00Z"}`),
			status: 200, check: wantAnswer(2, 1, 1, 1),
			after: func(t *testing.T, f *fixture) {
				wantCounted("/api/v1/status-events", 4)(t, f)
				wantList("/api/v1/status-events?status=available", item{"id": "s1", "login": "alice"})(t, f)
			}},
		{name: "session events with ids", method: "POST", path: "/api/v1/session-events", key: "ingest",
			before: sent("/api/v1/session-events", sessions), body: sessions,
			status: 200, check: wantAnswer(3, 0, 3, 0), after: wantCounted("/api/v1/session-events", 3)},
		{name: "session events without ids", method: "POST", path: "/api/v1/session-events", key: "ingest",
			before: sent("/api/v1/session-events", sessionNoIDs), headers: ndjson,
			body:   ndjsonLines(strings.Split(strings.Trim(sessionNoIDs, "[]"), ",\n")...),
			status: 200, check: wantAnswer(3, 0, 3, 0), after: wantCounted("/api/v1/session-events", 3)},
		{name: "session events without ids, by userId the second time", method: "POST", path: "/api/v1/session-events", key: "ingest",
			before: func(t *testing.T, f *fixture) {
				sent("/api/v1/session-events", sessionNoIDs)(t, f)
				f.userID("alice")
			},
			body:   jsonArray(`{"userId":"{{alice}}","action":"login","time":"2023-07-19T08:00:00Z","queue":"sales"}`),
			status: 200, check: wantAnswer(1, 0, 1, 0), after: wantCounted("/api/v1/session-events", 3)},
		{name: "calls with ids", method: "POST", path: "/api/v1/calls", key: "ingest",
			before: sent("/api/v1/calls", jsonArray(callItems[0])), body: jsonArray(callItems[0]),
			status: 200, contains: []string{`"new":0`, `"known":1`},
			after: wantCounted("/api/v1/calls", 1)},
		{name: "calls without ids", method: "POST", path: "/api/v1/calls", key: "ingest",
			before: sent("/api/v1/calls", callsNoIDs), body: callsNoIDs,
			status: 200, contains: []string{`"received":2`, `"new":0`, `"known":2`, `"usersCreated":0`},
			after: wantCounted("/api/v1/calls", 2)},
		{name: "a call with a newer updatedAt replaces", method: "POST", path: "/api/v1/calls", key: "ingest",
			before: sent("/api/v1/calls", jsonArray(callVersion("ringing", "2023-07-19T08:00:01Z"))),
			body:   jsonArray(callVersion("ended", "2023-07-19T08:10:00Z")),
			status: 200, check: wantCallAnswer(1, 0, 1, 1, 0),
			after: func(t *testing.T, f *fixture) {
				wantCallStatuses("ended")(t, f)
				wantList("/api/v1/calls", item{"updatedAt": "2023-07-19T08:10:00.000Z"})(t, f)
			}},
		{name: "a call with an older updatedAt does not replace", method: "POST", path: "/api/v1/calls", key: "ingest",
			before: sent("/api/v1/calls", jsonArray(callVersion("ended", "2023-07-19T08:10:00Z"))),
			body:   jsonArray(callVersion("ringing", "2023-07-19T08:00:01Z")),
			status: 200, check: wantCallAnswer(1, 0, 1, 0, 0),
			after: func(t *testing.T, f *fixture) {
				wantCallStatuses("ended")(t, f)
				wantList("/api/v1/calls", item{"updatedAt": "2023-07-19T08:10:00.000Z"})(t, f)
			}},
		{name: "versions of a call in one batch: the newest wins", method: "POST", path: "/api/v1/calls", key: "ingest",
			headers: ndjson,
			body: ndjsonLines(callVersion("talking", "2023-07-19T08:05:00Z"), callVersion("ended", "2023-07-19T08:10:00Z"),
				callVersion("ringing", "2023-07-19T08:00:01Z")),
			status: 200, check: wantCallAnswer(3, 1, 2, 0, 1), after: wantCallStatuses("ended")},
	})
}
