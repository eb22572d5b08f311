package store_test

import (
	"fmt"
	"sync"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// parallel runs fn(0) ... fn(n-1) at once and returns their errors.
func parallel(n int, fn func(i int) error) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = fn(i)
		}()
	}
	wg.Wait()
	return errs
}

// TestMigrateConcurrently starts several instances on one new database at
// once, as a deployment of several replicas does.
func TestMigrateConcurrently(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		dbs := make([]*store.DB, 5)
		for i := range dbs {
			dbs[i] = b.open(t)
		}
		for i, err := range parallel(len(dbs), func(i int) error { return dbs[i].Migrate(t.Context()) }) {
			if err != nil {
				t.Fatalf("Migrate of instance %d: got %v, want no error", i, err)
			}
		}
		mustTenant(t, dbs[0], "acme")
	})
}

// TestIngestConcurrentlyCreatesEachUserOnce sends batches at once that name
// the same new users: each is created once, and no batch fails.
func TestIngestConcurrentlyCreatesEachUserOnce(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		const senders, rounds = 6, 8
		created := make([]int, senders)
		errs := parallel(senders, func(g int) error {
			for r := range rounds {
				res, err := db.IngestStatusEvents(t.Context(), tn.ID, []activity.StatusEvent{
					st(fmt.Sprintf("%d-%d", g, r), fmt.Sprintf("agent%d", r), "Ready", at(r)),
					st(fmt.Sprintf("%d-%d-shared", g, r), "shared", "Ready", at(r)),
				})
				if err != nil {
					return err
				}
				created[g] += res.UsersCreated
			}
			return nil
		})
		total := 0
		for g, err := range errs {
			if err != nil {
				t.Fatalf("sender %d: got %v, want no error", g, err)
			}
			total += created[g]
		}
		mustEqual(t, "users created, over all batches", total, rounds+1)
		mustEqual(t, "users", len(users(t, db, tn.ID)), rounds+1)
		mustEqual(t, "events", len(statusEvents(t, db, tn.ID, store.EventFilter{})), senders*rounds*2)
	})
}

// TestCreateUserConcurrently creates one login at once: one wins, the others
// get a conflict.
func TestCreateUserConcurrently(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		errs := parallel(6, func(int) error {
			return db.CreateUser(t.Context(), tn.ID, &activity.User{Login: "alice"})
		})
		ok := 0
		for _, err := range errs {
			if err == nil {
				ok++
				continue
			}
			mustCode(t, err, activity.EConflict)
		}
		mustEqual(t, "creations that succeeded", ok, 1)
	})
}
