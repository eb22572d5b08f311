package server

// A snapshot of every row a tenant owns, read with plain SQL beside the
// store, so that a walk can show that nothing of the tenant changed. Tables
// are found in the database's catalogue: a table added later is covered, or
// fails the test until it is listed below with a reason.

import (
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"agentlog/internal/store"
)

// untenantedTables are the tables without a tenant_id column, each with why
// it holds no tenant's data.
var untenantedTables = map[string]string{
	"tenants":           "the tenant's own row is compared by its id",
	"secrets":           "secrets of the installation (the token signing key), no tenant's data",
	"schema_migrations": "the applied migrations",
}

// ignoredColumns change legitimately while a walk runs: when a tenant's own
// keys are used, and as the webhook deliverer renews its lease on A's
// webhook.
var ignoredColumns = map[string]bool{"api_keys.last_used_ms": true, "webhooks.lease_owner": true, "webhooks.lease_until_ms": true}

// snapshot is each table's rows of one tenant, each row one string, sorted.
type snapshot map[string][]string

// rawDB opens dsn with plain database/sql, as the store does.
func rawDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if store.IsPostgresURL(dsn) {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// tableColumns lists each table's columns from the catalogue.
func tableColumns(t *testing.T, db *sql.DB, postgres bool) map[string][]string {
	t.Helper()
	q := `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid`
	if postgres {
		q = `SELECT table_name, column_name FROM information_schema.columns
			WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`
	}
	rows, err := db.Query(q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			t.Fatal(err)
		}
		if !ignoredColumns[table+"."+column] {
			out[table] = append(out[table], column)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// takeSnapshot reads every row of tenantID.
func takeSnapshot(t *testing.T, db *sql.DB, postgres bool, tenantID int64) snapshot {
	t.Helper()
	s := snapshot{}
	for table, columns := range tableColumns(t, db, postgres) {
		where := "tenant_id"
		switch {
		case table == "tenants":
			where = "id"
		case !slices.Contains(columns, "tenant_id"):
			if _, ok := untenantedTables[table]; !ok {
				t.Errorf("table %s has no tenant_id column: give it one, or add it to untenantedTables in walk_snapshot_test.go with the reason it holds no tenant's data", table)
			}
			continue
		}
		s[table] = readRows(t, db, fmt.Sprintf("SELECT %s FROM %s WHERE %s = %d", strings.Join(columns, ", "), table, where, tenantID), len(columns))
	}
	return s
}

func readRows(t *testing.T, db *sql.DB, query string, n int) []string {
	t.Helper()
	rows, err := db.Query(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals := make([]any, n)
		ptrs := make([]any, n)
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = fmt.Sprintf("%x", b)
			}
		}
		out = append(out, fmt.Sprint(vals...))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// compareSnapshots reports each row that appeared or went.
func compareSnapshots(t *testing.T, before, after snapshot) {
	t.Helper()
	for table, rows := range before {
		if len(rows) == 0 && table != "tenants" {
			continue
		}
		for _, r := range rows {
			if !slices.Contains(after[table], r) {
				t.Errorf("tenant A's %s: row changed or gone: %s", table, r)
			}
		}
	}
	for table, rows := range after {
		for _, r := range rows {
			if !slices.Contains(before[table], r) {
				t.Errorf("tenant A's %s: row added or changed: %s", table, r)
			}
		}
	}
}

// rowCount is the number of rows in a snapshot, for the figures.
func (s snapshot) rowCount() int {
	n := 0
	for _, rows := range s {
		n += len(rows)
	}
	return n
}
