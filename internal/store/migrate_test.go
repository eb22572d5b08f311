package store_test

import (
	"testing"
	"time"

	"agentlog/internal/store"
)

func TestMigrateIsIdempotent(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		mustEqual(t, "Dialect", db.Dialect(), b.name)
		must(t, db.Migrate(t.Context()))

		// Data written after the first run survives the second.
		tn := mustTenant(t, db, "acme")
		setNow(db, t0.Add(time.Hour))
		must(t, db.Migrate(t.Context()))
		must(t, db.Migrate(t.Context()))
		got, err := db.TenantBySlug(t.Context(), "acme")
		must(t, err)
		mustEqual(t, "tenant id after re-migrating", got.ID, tn.ID)

		rows, err := b.sql(t).QueryContext(t.Context(), `SELECT version, name, applied_ms FROM schema_migrations ORDER BY version`)
		must(t, err)
		defer rows.Close()
		var versions []int
		for rows.Next() {
			var v int
			var name string
			var applied int64
			must(t, rows.Scan(&v, &name, &applied))
			if v == 1 {
				mustEqual(t, "name of version 1", name, "0001_init.sql")
				mustEqual(t, "applied_ms of version 1 (the first run)", applied, t0.UnixMilli())
			}
			versions = append(versions, v)
		}
		must(t, rows.Err())
		for i, v := range versions {
			if v != i+1 {
				t.Fatalf("schema_migrations versions: got %v, want 1, 2, ... once each, with no gap", versions)
			}
		}
		if len(versions) == 0 {
			t.Fatal("schema_migrations is empty")
		}
	})
}

func TestPing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		must(t, db.Ping(t.Context()))
	})
}
