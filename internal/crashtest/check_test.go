package crashtest

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// stored counts the ids of a tenant's stored rows, per kind.
type stored map[string]map[string]int

func readStored(t *testing.T, db *store.DB, tenantID int64) stored {
	t.Helper()
	ctx := context.Background()
	s := stored{statusKind: {}, sessionKind: {}, callKind: {}}
	err := db.StatusEvents(ctx, tenantID, store.EventFilter{}, func(e store.StoredStatusEvent) error { s[statusKind][e.ID]++; return nil })
	if err == nil {
		err = db.SessionEvents(ctx, tenantID, store.EventFilter{}, func(e store.StoredSessionEvent) error { s[sessionKind][e.ID]++; return nil })
	}
	if err == nil {
		err = db.Calls(ctx, tenantID, store.EventFilter{}, func(c activity.Call) error { s[callKind][c.ID]++; return nil })
	}
	if err != nil {
		t.Fatalf("reading what is stored: %v", err)
	}
	return s
}

// checkLedger requires every acknowledged batch stored, each event exactly
// once, every unanswered batch stored whole or not at all, and nothing
// stored that no batch sent. It returns the number of events checked.
func checkLedger(t *testing.T, db *store.DB, tenantID int64, l *ledger) int {
	t.Helper()
	s := readStored(t, db, tenantID)
	sent := map[string]bool{}
	checked := 0
	for _, b := range l.acked {
		for _, id := range b.ids {
			if n := s[b.kind][id]; n != 1 {
				t.Errorf("%s %s of an acknowledged batch is stored %d times, want once", b.kind, id, n)
			}
			sent[b.kind+" "+id] = true
			checked++
		}
	}
	whole := 0
	for _, b := range l.unanswered {
		present := 0
		for _, id := range b.ids {
			if n := s[b.kind][id]; n > 1 {
				t.Errorf("%s %s is stored %d times", b.kind, id, n)
			} else if n == 1 {
				present++
			}
			sent[b.kind+" "+id] = true
		}
		if present != 0 && present != len(b.ids) {
			t.Errorf("an unanswered batch of %d %s is stored in part: %d of them", len(b.ids), b.kind, present)
		}
		if present > 0 {
			whole++
		}
		checked += len(b.ids)
	}
	for kind, ids := range s {
		for id := range ids {
			if !sent[kind+" "+id] {
				t.Errorf("%s %s is stored but was never sent", kind, id)
			}
		}
	}
	t.Logf("%d batches answered, %d unanswered (%d of them stored whole, the rest not at all); %d events checked",
		len(l.acked), len(l.unanswered), whole, checked)
	return checked
}

// checkConsistent runs SQLite's integrity and foreign key checks, and on
// both databases checks that ids and seqs are unique, that every event
// names a stored user, and that the call totals the reports compute agree
// with the calls stored.
func checkConsistent(t *testing.T, db *store.DB, dsn string, tenantID int64) {
	t.Helper()
	ctx := context.Background()
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Fatalf("the database is damaged: %v", err)
	}
	driver := "sqlite"
	if store.IsPostgresURL(dsn) {
		driver = "pgx"
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, table := range []string{"status_events", "session_events", "calls"} {
		mustZero(t, raw, table+": ids or seqs repeated",
			`SELECT COUNT(*) - COUNT(DISTINCT id) + COUNT(*) - COUNT(DISTINCT seq) FROM `+table+` WHERE tenant_id = $1`, tenantID)
		mustZero(t, raw, table+": rows naming no stored user",
			`SELECT COUNT(*) FROM `+table+` e WHERE e.tenant_id = $1 AND e.user_id IS NOT NULL
				AND NOT EXISTS (SELECT 1 FROM users u WHERE u.tenant_id = e.tenant_id AND u.id = e.user_id)`, tenantID)
	}
	mustZero(t, raw, "users: logins repeated", `SELECT COUNT(*) - COUNT(DISTINCT login) FROM users WHERE tenant_id = $1`, tenantID)
	checkCallTotals(t, db, raw, tenantID)
}

// checkCallTotals compares the totals the calls report sums in the
// database with the calls counted one by one.
func checkCallTotals(t *testing.T, db *store.DB, raw *sql.DB, tenantID int64) {
	t.Helper()
	var started, answered int64
	err := raw.QueryRow(`SELECT COUNT(*), COUNT(answered_ms) FROM calls WHERE tenant_id = $1 AND started_ms IS NOT NULL`, tenantID).Scan(&started, &answered)
	if err != nil {
		t.Fatal(err)
	}
	var total activity.CallTotals
	f := store.CallTotalsFilter{From: time.Unix(0, 0), To: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC),
		Rules: activity.CallRules{Threshold: 20 * time.Second, ShortAbandon: 5 * time.Second}}
	err = db.CallTotals(context.Background(), tenantID, f, func(r store.CallTotalsRow) error { total.Add(r.CallTotals); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if total.Offered+total.ShortAbandoned != started || total.Answered != answered {
		t.Fatalf("call totals: %d offered + %d short abandons, %d answered; the calls stored: %d started, %d answered",
			total.Offered, total.ShortAbandoned, total.Answered, started, answered)
	}
}

func mustZero(t *testing.T, db *sql.DB, what, query string, args ...any) {
	t.Helper()
	var n int64
	if err := db.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if n != 0 {
		t.Errorf("%s: %d", what, n)
	}
}
