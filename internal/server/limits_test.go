package server_test

// Limits: a body over MaxBodyBytes or a batch over MaxBatch items is a 413
// that says which limit, and nothing of it is stored.

import (
	"strings"
	"testing"

	"agentlog/internal/api"
)

// smallLimits are the limits of the server of TestLimits.
var smallLimits = api.Limits{MaxBodyBytes: 2048, MaxBatch: 3}

// padded is an item made long with spaces, which JSON allows between tokens.
func padded(item string, n int) string { return "{" + strings.Repeat(" ", n) + item[1:] }

func TestLimits(t *testing.T) {
	status, session, call := ingestKinds[0].valid, ingestKinds[1].valid, ingestKinds[2].valid
	tooMany := wantError("too large", "the batch holds more than 3 items: send at most 3 per request")
	tooBig := wantError("too large", "body is larger than 2048 bytes")
	runScenarios(t, smallLimits, []scenario{
		{name: "as many items as allowed", method: "POST", path: "/api/v1/status-events", key: "ingest",
			body: jsonArray(status(0), status(1), status(2)), status: 200, check: wantAnswer(3, 3, 0, 3)},
		{name: "as many NDJSON items as allowed", method: "POST", path: "/api/v1/calls", key: "ingest", headers: ndjson,
			body: ndjsonLines(call(0), "", call(1), call(2)), status: 200, check: wantCallAnswer(3, 3, 0, 0, 3)},
		{name: "a body of the largest size", method: "POST", path: "/api/v1/status-events", key: "ingest",
			body: jsonArray(padded(status(0), 2048-len(jsonArray(status(0))))), status: 200, check: wantAnswer(1, 1, 0, 1)},

		{name: "too many status events", method: "POST", path: "/api/v1/status-events", key: "ingest",
			body: jsonArray(status(0), status(1), status(2), status(3)), status: 413, check: tooMany, after: nothingStored},
		{name: "too many session events as NDJSON", method: "POST", path: "/api/v1/session-events", key: "ingest", headers: ndjson,
			body: ndjsonLines(session(0), session(1), session(2), session(3)), status: 413, check: tooMany, after: nothingStored},
		{name: "too many calls", method: "POST", path: "/api/v1/calls", key: "ingest",
			body: jsonArray(call(0), call(1), call(2), call(3), call(4)), status: 413, check: tooMany, after: nothingStored},
		{name: "too many items, the last one bad", method: "POST", path: "/api/v1/status-events", key: "ingest",
			body: jsonArray(status(0), status(1), status(2), "{bad"), status: 413, check: tooMany, after: nothingStored},

		{name: "a body a byte too large", method: "POST", path: "/api/v1/status-events", key: "ingest",
			body: jsonArray(padded(status(0), 2049-len(jsonArray(status(0))))), status: 413, check: tooBig, after: nothingStored},
		{name: "a large body of few items", method: "POST", path: "/api/v1/status-events", key: "ingest",
			body: jsonArray(padded(status(0), 3000), status(1)), status: 413, check: tooBig, after: nothingStored},
		{name: "a large body whose first items fit", method: "POST", path: "/api/v1/session-events", key: "ingest",
			body: jsonArray(session(0), session(1), padded(session(2), 4000)), status: 413, check: tooBig, after: nothingStored},
		{name: "a large NDJSON body", method: "POST", path: "/api/v1/status-events", key: "ingest", headers: ndjson,
			body: ndjsonLines(status(0), padded(status(1), 5000)), status: 413, check: tooBig, after: nothingStored},
		{name: "a large NDJSON line at the end", method: "POST", path: "/api/v1/calls", key: "ingest", headers: ndjson,
			body:   ndjsonLines(call(0), call(1), `{"direction":"inbound","startedAt":"2023-07-19","callData":{"x":"`+strings.Repeat("x", 3000)+`"}}`),
			status: 413, check: tooBig, after: nothingStored},
		{name: "a large body after the array", method: "POST", path: "/api/v1/status-events", key: "ingest",
			body: jsonArray(status(0)) + strings.Repeat(" ", 3000), status: 413, check: tooBig, after: nothingStored},
		{name: "a large management body", method: "POST", path: "/api/v1/users", key: "admin",
			body:   `{"login":"x","name":"` + strings.Repeat("n", 70<<10) + `"}`,
			status: 413, check: wantError("too large", "body is larger than 65536 bytes"), after: nothingStored},
	})
}

// TestPartialLimits configures one limit only: the other keeps its default.
func TestPartialLimits(t *testing.T) {
	status := ingestKinds[0].valid
	t.Run("MaxBatch alone", func(t *testing.T) {
		runScenarios(t, api.Limits{MaxBatch: 3}, []scenario{
			{name: "a small batch", method: "POST", path: "/api/v1/status-events", key: "ingest",
				body: jsonArray(status(0)), status: 200, check: wantAnswer(1, 1, 0, 1)},
			{name: "too many items", method: "POST", path: "/api/v1/status-events", key: "ingest",
				body: jsonArray(status(0), status(1), status(2), status(3)), status: 413,
				check: wantError("too large", "more than 3 items"), after: nothingStored},
		})
	})
	t.Run("MaxBodyBytes alone", func(t *testing.T) {
		runScenarios(t, api.Limits{MaxBodyBytes: 2048}, []scenario{
			{name: "a large body", method: "POST", path: "/api/v1/status-events", key: "ingest",
				body: jsonArray(padded(status(0), 3000)), status: 413,
				check: wantError("too large", "larger than 2048 bytes"), after: nothingStored},
		})
	})
}
