package store_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// TestPostgresKnowsHowManyQuartersAPeriodHas: once analyzed, PostgreSQL
// estimates the groups of a quarter-hour aggregate from the statistics on
// created_ms / 900000 (PostgreSQL's migration 0010), not from created_ms, which is nearly
// unique. Taking every call for a group of its own made it sort a month of
// calls on disk instead of hashing about 3,000 quarters in memory.
func TestPostgresKnowsHowManyQuartersAPeriodHas(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	db, err := store.Open(t.Context(), dsn)
	must(t, err)
	t.Cleanup(func() { db.Close() })
	must(t, db.Migrate(t.Context()))
	tn := mustTenant(t, db, "acme")
	base := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	calls := serviceCalls(t, db, tn.ID, "q", 3000, base) // two days: at most 193 quarters
	must(t, db.Optimize(t.Context()))

	raw := backend{name: "postgres", dsn: dsn}.sql(t)
	var plan string
	err = raw.QueryRow(`EXPLAIN (FORMAT JSON) SELECT e.created_ms / 900000, COUNT(*) FROM calls e
		WHERE e.tenant_id = $1 GROUP BY e.created_ms / 900000`, tn.ID).Scan(&plan)
	must(t, err)
	var nodes []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		}
	}
	must(t, json.Unmarshal([]byte(plan), &nodes))
	groups := nodes[0].Plan.Rows
	if groups > 400 {
		t.Fatalf("the planner expects %.0f quarters in %d calls of two days (at most 193): the statistics on created_ms / 900000 are missing", groups, len(calls))
	}
}

// TestSQLiteReadsStatusChangesFromTheIndex: the time-in-status report's
// read (UserStatusChanges) is answered from status_events_by_user alone,
// which holds the status since SQLite's migration 0010.
func TestSQLiteReadsStatusChangesFromTheIndex(t *testing.T) {
	b := backend{name: "sqlite", dsn: filepath.Join(t.TempDir(), "plan.db")}
	must(t, b.open(t).Migrate(t.Context()))
	rows, err := b.sql(t).Query(`EXPLAIN QUERY PLAN SELECT e.user_id, e.status, e.time_ms FROM status_events e INDEXED BY status_events_by_user
		WHERE e.tenant_id = 1 AND e.time_ms >= 0 AND e.time_ms < 1000 AND e.user_id IN ('a', 'b') ORDER BY e.user_id, e.time_ms, e.seq`)
	must(t, err)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		must(t, rows.Scan(&id, &parent, &unused, &detail))
		plan = append(plan, detail)
	}
	must(t, rows.Err())
	if len(plan) == 0 || !strings.Contains(plan[0], "COVERING INDEX status_events_by_user") {
		t.Fatalf("plan %q: want status_events_by_user read as a covering index", plan)
	}
}
