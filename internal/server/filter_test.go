package server_test

// Filters of the list routes: the half-open period, users, statuses,
// actions, queues, directions, and the parameters they refuse.

import (
	"strings"
	"testing"
)

// filterData gives the tenant a day of alice and bob, and notes their ids.
func filterData(t *testing.T, f *fixture) {
	f.ingest("/api/v1/status-events", jsonArray(
		`{"id":"a1","login":"alice","status":"available","time":"2023-07-19T10:00:00Z"}`,
		`{"id":"a2","login":"alice","status":"","time":"2023-07-19T11:00:00Z"}`,
		`{"id":"a3","login":"alice","status":"busy","time":"2023-07-19T12:00:00Z"}`,
		`{"id":"b1","login":"bob","status":"available","time":"2023-07-19T10:30:00Z"}`,
		`{"id":"b2","login":"bob","status":"","time":"2023-07-19T11:30:00Z"}`))
	f.ingest("/api/v1/session-events", jsonArray(
		`{"id":"i1","login":"alice","action":"login","time":"2023-07-19T09:00:00Z","queue":"sales"}`,
		`{"id":"i2","login":"bob","action":"login","time":"2023-07-19T09:30:00Z","queue":"support"}`,
		`{"id":"i3","login":"alice","action":"logout","time":"2023-07-19T17:00:00Z","queue":"sales"}`,
		`{"id":"i4","login":"bob","action":"logout","time":"2023-07-19T17:30:00Z"}`))
	f.ingest("/api/v1/calls", jsonArray(
		`{"id":"`+uuidA+`","direction":"inbound","login":"alice","startedAt":"2023-07-19T10:00:00Z","status":"ended","queue":"sales"}`,
		`{"id":"`+uuidB+`","direction":"outbound","login":"bob","startedAt":"2023-07-19T11:00:00Z","status":"ended"}`,
		`{"id":"`+uuidC+`","direction":"internal","startedAt":"2023-07-19T12:00:00Z","status":""}`))
	f.userID("alice")
	f.userID("bob")
}

// wantIDs checks the ids of a list answer, in order.
func wantIDs(want ...string) func(*testing.T, *fixture, response) {
	return func(t *testing.T, f *fixture, r response) {
		t.Helper()
		got := ids(decode[listPage](t, r.body).Items)
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("ids: got %v, want %v", got, want)
		}
	}
}

// filtered is a scenario that lists path on filterData with an all-scopes key.
func filtered(name, path string, want ...string) scenario {
	return scenario{name: name, method: "GET", path: path, key: "*", before: filterData, status: 200, check: wantIDs(want...)}
}

// refused is a scenario of a list request refused with a 400.
func refused(name, path, message string) scenario {
	return scenario{name: name, method: "GET", path: path, key: "*", before: filterData, status: 400, check: wantError("invalid", message)}
}

func TestFilters(t *testing.T) {
	const st, se, ca = "/api/v1/status-events", "/api/v1/session-events", "/api/v1/calls"
	runScenarios(t, testLimits, []scenario{
		filtered("no filter", st, "a1", "b1", "a2", "b2", "a3"),
		filtered("from and to are half-open", st+"?from=2023-07-19T10:00:00Z&to=2023-07-19T12:00:00Z", "a1", "b1", "a2", "b2"),
		filtered("from alone", st+"?from=2023-07-19T12:00:00Z", "a3"),
		filtered("to alone excludes its instant", st+"?to=2023-07-19T10:00:00Z"),
		filtered("to a millisecond later", st+"?to=2023-07-19T10:00:00.001Z", "a1"),
		filtered("from equal to to", st+"?from=2023-07-19T11:00:00Z&to=2023-07-19T11:00:00Z"),
		filtered("dates alone", st+"?from=2023-07-19&to=2023-07-20", "a1", "b1", "a2", "b2", "a3"),
		filtered("an offset", st+"?from=2023-07-19T13:00:00%2B02:00", "a2", "b2", "a3"),
		filtered("a day without events", st+"?from=2023-07-20&to=2023-07-21"),
		refused("to before from", st+"?from=2023-07-19T12:00:00Z&to=2023-07-19T11:00:00Z", "to is before from"),
		refused("a bad from", st+"?from=today", `from "today" is not a time`),
		refused("a bad to", se+"?to=2023-07-19T10:00:00", `to "2023-07-19T10:00:00" is not a time`),
		refused("calls: to before from", ca+"?from=2023-07-20&to=2023-07-19", "to is before from"),

		refused("a queue of status events", st+"?queue=sales", "queue does not apply to status events"),

		filtered("one user", st+"?userIds={{alice}}", "a1", "a2", "a3"),
		filtered("users comma-separated", st+"?userIds={{bob}},{{alice}}", "a1", "b1", "a2", "b2", "a3"),
		filtered("users repeated", st+"?userIds={{bob}}&userIds={{alice}}", "a1", "b1", "a2", "b2", "a3"),
		filtered("users with brackets", se+"?userIds[]={{bob}}", "i2", "i4"),
		filtered("userId", ca+"?userId={{bob}}", uuidB),
		filtered("an unknown user", st+"?userIds="+uuidC),
		refused("a user that is not a UUID", st+"?userIds=42", `userIds: "42" is not a UUID`),
		refused("an empty user", st+"?userIds={{alice}},", `userIds: "" is not a UUID`),
		refused("calls: a bad user", ca+"?userIds=alice", `userIds: "alice" is not a UUID`),

		filtered("a status", st+"?status=available", "a1", "b1"),
		filtered("the cleared status", st+"?status=", "a2", "b2"),
		filtered("a status and the cleared status", st+"?status=busy&status=", "a2", "b2", "a3"),
		filtered("a status of a user", st+"?status=available&userIds={{bob}}", "b1"),
		filtered("a status nobody has", st+"?status=lunch"),
		filtered("calls: a status", ca+"?status=ended", uuidA, uuidB),
		filtered("calls: the empty status", ca+"?status=", uuidC),

		filtered("an action", se+"?action=logout", "i3", "i4"),
		filtered("a queue", se+"?queue=sales", "i1", "i3"),
		filtered("the empty queue", se+"?queue=", "i4"),
		filtered("an action in a period", se+"?action=login&from=2023-07-19T09:15:00Z", "i2"),
		refused("a bad action", se+"?action=sleep", `action "sleep" is not valid: use login or logout`),

		filtered("a direction", ca+"?direction=outbound", uuidB),
		filtered("another direction", ca+"?direction=internal", uuidC),
		filtered("calls: a queue", ca+"?queue=sales", uuidA),
		filtered("calls: a period", ca+"?from=2023-07-19T11:00:00Z&to=2023-07-19T12:00:00Z", uuidB),
		refused("a bad direction", ca+"?direction=sideways", `direction "sideways" is not valid: use inbound, outbound or internal`),
		refused("a direction in capitals", ca+"?direction=INBOUND", `direction "INBOUND" is not valid`),
	})
}
