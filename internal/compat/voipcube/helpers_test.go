package voipcube_test

// Helpers of the scenario tests of GET /stats/user-statuses: filling a
// tenant, making keys, and checks of answers. The scenario tables
// themselves are in the *_test.go files by topic.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

const (
	statusesPath = "/stats/user-statuses"
	jsonType     = "application/json"
)

// userID is the n-th test user id.
func userID(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

// at parses a time literal of a test table (RFC 3339 with fraction).
func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(fmt.Sprintf("time literal %q: %v", s, err))
	}
	return t
}

// status is a status event of user n at time s.
func status(n int, name, s string) activity.StatusEvent {
	return activity.StatusEvent{User: activity.UserRef{ID: userID(n), Login: fmt.Sprintf("agent%d", n)}, Status: name, Time: at(s)}
}

// mustIngest stores events as one batch and requires every one to be new.
func mustIngest(t *testing.T, db *store.DB, tenant activity.Tenant, events ...activity.StatusEvent) {
	t.Helper()
	res, err := db.IngestStatusEvents(context.Background(), tenant.ID, events)
	if err != nil {
		t.Fatalf("ingesting %d status events: %v", len(events), err)
	}
	if res.New != len(events) {
		t.Fatalf("ingesting %d status events: got %d new, want %d", len(events), res.New, len(events))
	}
}

// mustSetup makes a tenant and a key of it with statuses:read, and starts
// the server.
func mustSetup(t *testing.T, db *store.DB, slug string) (*servertest.Server, activity.Tenant, map[string]string) {
	t.Helper()
	tenant := storetest.MustTenant(t, db, slug)
	key := storetest.MustKey(t, db, tenant, activity.ScopeStatusesRead)
	return servertest.Start(t, db), tenant, map[string]string{"Key": key}
}

// mustRevokedKey makes a key with scopes and revokes it.
func mustRevokedKey(t *testing.T, db *store.DB, tenant activity.Tenant, scopes ...string) string {
	t.Helper()
	key := storetest.MustKey(t, db, tenant, scopes...)
	id, _, _ := auth.SplitKey(key)
	if err := db.RevokeKey(context.Background(), tenant.ID, id); err != nil {
		t.Fatalf("revoking key %s: %v", id, err)
	}
	return key
}

// mustExpiredKey makes a key with scopes that expired an hour ago.
func mustExpiredKey(t *testing.T, db *store.DB, tenant activity.Tenant, scopes ...string) string {
	t.Helper()
	k, whole, hash := auth.NewKey("expired", scopes, time.Hour, db.Now().Add(-2*time.Hour))
	if err := db.CreateKey(context.Background(), tenant.ID, &k, hash); err != nil {
		t.Fatalf("creating an expired key: %v", err)
	}
	return whole
}

// entry is one log entry as the endpoint answers it.
type entry struct {
	Status string `json:"status"`
	UserID string `json:"userId"`
	Time   string `json:"time"`
}

// mustEntries decodes an answer into its entries.
func mustEntries(t *testing.T, body []byte) []entry {
	t.Helper()
	var list []entry
	if err := json.Unmarshal(body, &list); err != nil {
		t.Fatalf("body: got %q, want a JSON array of entries: %v", body, err)
	}
	return list
}

// wantStatuses checks that the answer lists entries with these statuses,
// in this order.
func wantStatuses(want ...string) func(*testing.T, []byte, http.Header) {
	return func(t *testing.T, body []byte, _ http.Header) {
		t.Helper()
		var got []string
		for _, e := range mustEntries(t, body) {
			got = append(got, e.Status)
		}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("statuses: got %q, want %q", got, want)
		}
	}
}

// wantError checks that the answer is {"error": message} and that the
// message holds each of words as a word.
func wantError(words ...string) func(*testing.T, []byte, http.Header) {
	return func(t *testing.T, body []byte, _ http.Header) {
		t.Helper()
		msg := servertest.ErrorMessage(t, body)
		for _, w := range words {
			if !regexp.MustCompile(`(^|\W)` + regexp.QuoteMeta(w) + `(\W|$)`).MatchString(msg) {
				t.Errorf("error message: got %q, want it to name %q", msg, w)
			}
		}
	}
}

// period is the query of a period, with more parameters after it.
func period(from, to string, more ...string) string {
	q := statusesPath + "?from=" + from + "&to=" + to
	for _, m := range more {
		q += "&" + m
	}
	return q
}

// ok is a scenario answered 200 with entries of these statuses, in this
// order; with none, the body must be exactly [].
func ok(name, path string, headers map[string]string, statuses ...string) servertest.Scenario {
	sc := servertest.Scenario{Name: name, Path: path, Headers: headers, Status: http.StatusOK,
		ContentType: jsonType, Check: wantStatuses(statuses...)}
	if len(statuses) == 0 {
		sc.Body = servertest.Exact("[]")
	}
	return sc
}

// bad is a scenario answered with an error status and {"error": message},
// the message naming each of words.
func bad(name, path string, headers map[string]string, status int, words ...string) servertest.Scenario {
	return servertest.Scenario{Name: name, Path: path, Headers: headers, Status: status,
		ContentType: jsonType, Check: wantError(words...)}
}
