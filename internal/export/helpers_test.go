package export_test

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
)

// The users of the fixture, named by id and login so that every exported
// row is known in advance.
const (
	annID = "0d00ae63-5b5d-45b9-a7c0-88f9cfb26b5e"
	bobID = "7c9e6679-7425-40de-944b-e07fc1f90ae7"
)

func at(s string) time.Time {
	t, ok := activity.ParseTime(s)
	if !ok {
		panic("bad time in a test: " + s)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

// fill stores the fixture: texts that CSV must quote (commas, double
// quotes, line breaks), the cleared status "", and a call with JSON data,
// links and a message, beside one without any.
func fill(t *testing.T, db *store.DB, tenantID int64) {
	t.Helper()
	ann, bob := activity.UserRef{ID: annID, Login: "ann"}, activity.UserRef{ID: bobID, Login: "bob"}
	ctx := context.Background()
	_, err := db.IngestStatusEvents(ctx, tenantID, []activity.StatusEvent{
		{ID: "e1", User: ann, Status: "Available", Time: at("2024-03-01T08:00:00Z")},
		{ID: "e2", User: bob, Status: "Lunch, long", Time: at("2024-03-01T09:00:00.5Z")},
		{ID: "e3", User: ann, Status: `Say "hi"`, Time: at("2024-03-01T10:00:00Z")},
		{ID: "e4", User: bob, Status: "two\nlines", Time: at("2024-03-02T08:00:00Z")},
		{ID: "e5", User: ann, Status: "", Time: at("2024-03-02T09:00:00Z")},
		{ID: "e6", User: bob, Status: "Café <b>&", Time: at("2024-03-03T00:00:00Z")},
	})
	if err != nil {
		t.Fatalf("storing status events: %v", err)
	}
	_, err = db.IngestSessionEvents(ctx, tenantID, []activity.SessionEvent{
		{ID: "s1", User: ann, Action: activity.Login, Time: at("2024-03-01T07:59:00Z"), Queue: "800"},
		{ID: "s2", User: bob, Action: activity.Login, Time: at("2024-03-01T08:30:00Z"), Queue: "sales, EU"},
		{ID: "s3", User: ann, Action: activity.Logout, Time: at("2024-03-01T17:00:00Z")},
		{ID: "s4", User: bob, Action: activity.Logout, Time: at("2024-03-02T17:00:00Z"), Queue: `q"1`},
	})
	if err != nil {
		t.Fatalf("storing session events: %v", err)
	}
	_, err = db.IngestCalls(ctx, tenantID, []activity.Call{{
		ID: "5f0d2a9e-1b7e-4a7d-9d9b-3c6a3c2f1a11", Direction: activity.Inbound, FromNumber: "+15559998888", ToNumber: "+15551234567",
		User: activity.UserRef{ID: annID}, Extension: "101", Queue: "800",
		StartedAt: ptr(at("2024-03-01T08:10:00.123Z")), AnsweredAt: ptr(at("2024-03-01T08:10:12Z")), EndedAt: ptr(at("2024-03-01T08:15:00Z")),
		UpdatedAt: at("2024-03-01T08:15:01Z"), Status: "Completed", StatusMessage: ptr("left a note, \"urgent\"\nsee CRM"),
		CostCents: 150, CallData: json.RawMessage(`{"note": "a,b"}`),
		Links: map[string]string{"incident": "11111111-1111-4111-8111-111111111111", "user": "22222222-2222-4222-8222-222222222222"},
	}, {
		ID: "6a1e3b0f-2c8e-4b8e-8eac-4d7b4d3a2b22", Direction: activity.Outbound, FromNumber: "102", ToNumber: "+15550001111",
		StartedAt: ptr(at("2024-03-02T12:00:00Z")), UpdatedAt: at("2024-03-02T12:00:30Z"), Status: "Failed", Outcome: activity.Failed,
	}})
	if err != nil {
		t.Fatalf("storing calls: %v", err)
	}
}

// get sends GET path with key (none when "") and extra headers.
func get(t *testing.T, srv *servertest.Server, path, key string, headers ...string) servertest.Response {
	t.Helper()
	h := map[string]string{}
	if key != "" {
		h["Key"] = key
	}
	for i := 0; i+1 < len(headers); i += 2 {
		h[headers[i]] = headers[i+1]
	}
	return srv.Do(t, http.MethodGet, path, h)
}

// mustGet is get that requires a 200.
func mustGet(t *testing.T, srv *servertest.Server, path, key string, headers ...string) servertest.Response {
	t.Helper()
	r := get(t, srv, path, key, headers...)
	if r.Status != http.StatusOK {
		t.Fatalf("GET %s: status: got %d, want 200; body: %s", path, r.Status, r.Body)
	}
	return r
}

// ids returns the ids of an NDJSON export, in order.
func ids(t *testing.T, body []byte) []string {
	t.Helper()
	out := []string{}
	for _, line := range lines(body) {
		var item struct{ ID string }
		if err := json.Unmarshal([]byte(line), &item); err != nil {
			t.Fatalf("line %q is not JSON: %v", line, err)
		}
		out = append(out, item.ID)
	}
	return out
}

// lines splits an NDJSON body, which must end with a new line unless empty.
func lines(body []byte) []string {
	s := string(body)
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(s, "\n"), "\n")
}
