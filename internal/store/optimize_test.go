package store_test

import (
	"testing"
)

// TestOptimizeGathersStatistics: on SQLite, Optimize leaves the planner
// statistics (sqlite_stat1) that let it pick the by-user index.
func TestOptimizeGathersStatistics(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		must(t, db.Migrate(t.Context()))
		tn := mustTenant(t, db, "acme")
		var batch []ev
		for i := range 50 {
			batch = append(batch, ev{ID: string(rune('a'+i%26)) + string(rune('a'+i/26)), User: byLogin([]string{"ann", "bob"}[i%2]), Time: at(i)})
		}
		kinds[0].mustIngest(t, db, tn.ID, batch...)
		must(t, db.Optimize(t.Context()))
		must(t, db.Optimize(t.Context())) // again: nothing to do, no error
		if b.name != "sqlite" {
			return
		}
		var n int
		if err := b.sql(t).QueryRow(`SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'status_events'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			t.Fatal("no statistics for status_events after Optimize")
		}
	})
}
