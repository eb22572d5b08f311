package store_test

import (
	"testing"
	"time"

	"agentlog/internal/simulate"
	"agentlog/internal/store"
)

// TestLoaderTakesASimulation loads a small simulated contact center twice:
// everything arrives the first time, nothing is added the second.
func TestLoaderTakesASimulation(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		cfg := simulate.Config{Agents: 4, Days: 2, Seed: 3, End: time.Date(2025, 5, 7, 12, 0, 0, 0, time.UTC)}
		loader := store.Loader{DB: db, TenantID: tn.ID}
		stats, err := simulate.Run(t.Context(), cfg, loader)
		must(t, err)
		count := func() [3]int {
			return [3]int{len(statusEvents(t, db, tn.ID, store.EventFilter{})), len(sessionEvents(t, db, tn.ID, store.EventFilter{})),
				len(calls(t, db, tn.ID, store.EventFilter{}))}
		}
		first := count()
		mustEqual(t, "stored", first, [3]int{stats.StatusEvents, stats.SessionEvents, stats.Calls})
		mustEqual(t, "users", len(users(t, db, tn.ID)), 4)
		_, err = simulate.Run(t.Context(), cfg, loader)
		must(t, err)
		mustEqual(t, "stored after loading again", count(), first)
	})
}
