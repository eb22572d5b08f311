package crashtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// crashRounds is how many times each database's server is killed:
// AGENTLOG_CRASH_ROUNDS, or 3.
func crashRounds(t *testing.T) int {
	s := os.Getenv("AGENTLOG_CRASH_ROUNDS")
	if s == "" {
		return 3
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("AGENTLOG_CRASH_ROUNDS=%q is not a number of rounds of at least 1", s)
	}
	return n
}

// TestSIGKILLLosesNothingAcknowledged ingests from four writers into the
// real server, kills it with SIGKILL at a random moment, restarts it on the
// same database, and so on for several rounds; then every batch answered
// 2xx must be stored, each event once, and the database consistent.
func TestSIGKILLLosesNothingAcknowledged(t *testing.T) {
	rounds := crashRounds(t)
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		tenantID, key := prepare(t, dsn)
		l := &ledger{}
		r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
		for round := range rounds {
			p := serve(t, dsn)
			ctx, stop := context.WithCancel(context.Background())
			wait := writers(ctx, 4, p.url, key, fmt.Sprintf("r%d", round), l)
			waitAcked(t, l, 1) // the round writes before it is killed
			time.Sleep(time.Duration(50+r.IntN(1000)) * time.Millisecond)
			p.kill(t)
			stop()
			wait()
		}
		// The last start recovers the database after the last kill.
		serve(t, dsn).terminate(t, time.Minute)
		db := open(t, dsn)
		checked := checkLedger(t, db, tenantID, l)
		checkConsistent(t, db, dsn, tenantID)
		t.Logf("%s: survived %d rounds of SIGKILL, %d requests; %d events checked", db.Dialect(), rounds, l.requests, checked)
	})
}

// prepare creates tenant acme and a key of it in a new database.
func prepare(t *testing.T, dsn string) (int64, string) {
	t.Helper()
	db := open(t, dsn)
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	tn := storetest.MustTenant(t, db, "acme")
	key := storetest.MustKey(t, db, tn, activity.ScopeAll)
	return tn.ID, key
}

// open opens dsn, closed when the test ends.
func open(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
