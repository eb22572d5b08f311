package cention_test

// Helpers of the scenario tests of GET /s/{workspace}/capi/custom/logio:
// filling a tenant, making keys, and checks of answers. The scenario tables
// themselves are in the *_test.go files by topic.

import (
	"context"
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
	csvType  = "text/csv; charset=utf-8"
	jsonType = "application/json"
)

// logio is the path of the endpoint on workspace with a query of
// name=value pairs, sent as written.
func logio(workspace string, query ...string) string {
	p := "/s/" + workspace + "/capi/custom/logio"
	if len(query) > 0 {
		p += "?" + strings.Join(query, "&")
	}
	return p
}

// period is the from and to parameters of unix seconds.
func period(from, to int64) []string {
	return []string{fmt.Sprintf("from=%d", from), fmt.Sprintf("to=%d", to)}
}

// with appends more parameters to a query.
func with(query []string, more ...string) []string {
	return append(append([]string{}, query...), more...)
}

// unixMilli is the time of unix seconds sec plus ms milliseconds.
func unixMilli(sec int64, ms int) time.Time {
	return time.UnixMilli(sec*1000 + int64(ms)).UTC()
}

// session is a login or logout of the agent with that login.
func session(login, action string, t time.Time) activity.SessionEvent {
	return activity.SessionEvent{User: activity.UserRef{Login: login}, Action: action, Time: t}
}

// mustIngest stores events as one batch and requires every one to be new.
func mustIngest(t *testing.T, db *store.DB, tenant activity.Tenant, events ...activity.SessionEvent) {
	t.Helper()
	res, err := db.IngestSessionEvents(context.Background(), tenant.ID, events)
	if err != nil {
		t.Fatalf("ingesting %d session events: %v", len(events), err)
	}
	if res.New != len(events) {
		t.Fatalf("ingesting %d session events: got %d new, want %d", len(events), res.New, len(events))
	}
}

// mustSetup makes a tenant with the slug and a key of it with
// sessions:read, and starts the server. It returns the Authorization
// header of the key.
func mustSetup(t *testing.T, db *store.DB, slug string) (*servertest.Server, activity.Tenant, map[string]string) {
	t.Helper()
	tenant := storetest.MustTenant(t, db, slug)
	key := storetest.MustKey(t, db, tenant, activity.ScopeSessionsRead)
	return servertest.Start(t, db), tenant, bearer(key)
}

func bearer(key string) map[string]string { return map[string]string{"Authorization": "Bearer " + key} }

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

// csvOK is a scenario answered 200 in CSV with exactly body.
func csvOK(name, path string, headers map[string]string, body string) servertest.Scenario {
	return servertest.Scenario{Name: name, Path: path, Headers: headers, Status: http.StatusOK,
		ContentType: csvType, Body: servertest.Exact(body)}
}

// jsonOK is a scenario answered 200 in JSON with exactly body.
func jsonOK(name, path string, headers map[string]string, body string) servertest.Scenario {
	return servertest.Scenario{Name: name, Path: path, Headers: headers, Status: http.StatusOK,
		ContentType: jsonType, Body: servertest.Exact(body)}
}

// bad is a scenario answered with an error status and {"error": message}
// as JSON, the message naming each of words.
func bad(name, path string, headers map[string]string, status int, words ...string) servertest.Scenario {
	return servertest.Scenario{Name: name, Path: path, Headers: headers, Status: status,
		ContentType: jsonType, Check: func(t *testing.T, body []byte, _ http.Header) {
			t.Helper()
			msg := servertest.ErrorMessage(t, body)
			for _, w := range words {
				if !regexp.MustCompile(`(^|\W)` + regexp.QuoteMeta(w) + `(\W|$)`).MatchString(msg) {
					t.Errorf("error message: got %q, want it to name %q", msg, w)
				}
			}
		}}
}
