package cention_test

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// TestLogioInternalErrorShowsNoInternals closes the database under a
// running server: the answer, even for format=csv, is a 500 in the JSON
// error format that says nothing of the database.
func TestLogioInternalErrorShowsNoInternals(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatalf("opening %s: %v", dsn, err)
		}
		if err := db.Migrate(ctx); err != nil {
			t.Fatalf("migrating: %v", err)
		}
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeSessionsRead)
		srv := servertest.Start(t, db)
		if err := db.Close(); err != nil {
			t.Fatalf("closing: %v", err)
		}
		req, _ := http.NewRequest(http.MethodGet, srv.URL+logio("acme", "format=csv"), nil)
		req.Header.Set("Authorization", "Bearer "+key)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("GET: %v", err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusInternalServerError {
			t.Fatalf("status: got %d, want 500; body: %s", res.StatusCode, body)
		}
		if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, jsonType) {
			t.Errorf("Content-Type: got %q, want %s", ct, jsonType)
		}
		msg := servertest.ErrorMessage(t, body)
		for _, internal := range []string{"sql", "closed", "database", "pgx", "sqlite"} {
			if strings.Contains(strings.ToLower(msg), internal) {
				t.Errorf("error message: got %q, want nothing about %q", msg, internal)
			}
		}
	})
}
