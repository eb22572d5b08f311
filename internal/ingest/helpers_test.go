package ingest

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// skipped is one reported line.
type skipped struct {
	line   int64
	reason string
}

// importFile imports path with dec and returns the counts and the reported
// lines.
func importFile(t *testing.T, db *store.DB, tenantID int64, dec LineDecoder, path string, strict bool) (Stats, []skipped, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var skips []skipped
	im := &Importer{DB: db, TenantID: tenantID, Decoder: dec, Strict: strict, BatchSize: 4,
		Skip: func(line int64, reason string) { skips = append(skips, skipped{line, reason}) }}
	err = im.Run(context.Background(), f)
	return im.Stats, skips, err
}

// counts are the rows a tenant holds.
type counts struct{ status, sessions, calls, users int }

func countRows(t *testing.T, db *store.DB, tenantID int64) counts {
	t.Helper()
	ctx := context.Background()
	var c counts
	if err := db.StatusEvents(ctx, tenantID, store.EventFilter{}, func(store.StoredStatusEvent) error { c.status++; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := db.SessionEvents(ctx, tenantID, store.EventFilter{}, func(store.StoredSessionEvent) error { c.sessions++; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := db.Calls(ctx, tenantID, store.EventFilter{}, func(activity.Call) error { c.calls++; return nil }); err != nil {
		t.Fatal(err)
	}
	users, err := db.Users(ctx, tenantID)
	if err != nil {
		t.Fatal(err)
	}
	c.users = len(users)
	return c
}

// callsByFrom returns the tenant's calls keyed by their caller.
func callsByFrom(t *testing.T, db *store.DB, tenantID int64) map[string]activity.Call {
	t.Helper()
	m := map[string]activity.Call{}
	err := db.Calls(context.Background(), tenantID, store.EventFilter{}, func(c activity.Call) error {
		m[c.FromNumber] = c
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// span is a call's wait and talk in seconds ("-" when unknown).
func span(c activity.Call) string {
	secs := func(a, b *time.Time) string {
		if a == nil || b == nil {
			return "-"
		}
		return fmt.Sprint(int(b.Sub(*a).Seconds()))
	}
	if c.AnsweredAt == nil {
		return "wait " + secs(c.StartedAt, c.EndedAt) + ", " + c.Outcome
	}
	return "wait " + secs(c.StartedAt, c.AnsweredAt) + ", talk " + secs(c.AnsweredAt, c.EndedAt)
}
