package voipcube_test

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

// TestUserStatusesInternalErrorShowsNoInternals closes the database under a
// running server: the answer is a 500 in the error format that says
// nothing of the database.
func TestUserStatusesInternalErrorShowsNoInternals(t *testing.T) {
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
		key := storetest.MustKey(t, db, tenant, activity.ScopeStatusesRead)
		srv := servertest.Start(t, db)
		if err := db.Close(); err != nil {
			t.Fatalf("closing: %v", err)
		}
		req, _ := http.NewRequest(http.MethodGet, srv.URL+period("2024-03-01", "2024-03-02"), nil)
		req.Header.Set("Key", key)
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
