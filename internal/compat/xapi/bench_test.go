package xapi_test

// A timing note, not a test: how long GetUserActivity takes by the hour
// over 31 days of 500 simulated agents, through the real server, on SQLite
// and on PostgreSQL. Filling the databases takes minutes, so this is a
// benchmark, which go test runs only when asked:
//
//	AGENTLOG_REQUIRE_POSTGRES=1 go test ./internal/compat/xapi/ -run '^$' -bench . -benchtime 5x
//
// ns/op is the time of one request; ms/req says the same in milliseconds.
// No duration is asserted anywhere.

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/simulate"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

func BenchmarkGetUserActivity31Days500Agents(b *testing.B) {
	if testing.Short() {
		b.Skip("fills 31 days of 500 agents: not with -short")
	}
	zone, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	end := time.Date(2025, 6, 1, 0, 0, 0, 0, zone)
	start := end.AddDate(0, 0, -31)
	q := query{zone: "Europe/Berlin", from: start.UTC().Format("2006-01-02T15:04:05.000Z"),
		to: end.UTC().Format("2006-01-02T15:04:05.000Z"), wait: "0:00:00", queueCalls: true}
	target := q.target("GetUserActivity", "")
	for _, kind := range []string{"sqlite", "postgres"} {
		db := benchDB(b, kind)
		if db == nil {
			continue
		}
		tenant := storetest.MustTenant(b, db, "bench")
		key := storetest.MustKey(b, db, tenant, activity.ScopeReportsRead)
		began := time.Now()
		stats, err := simulate.Run(context.Background(), simulate.Config{Agents: 500, Days: 31, Seed: 1, End: end, Zone: zone},
			store.Loader{DB: db, TenantID: tenant.ID})
		if err != nil {
			b.Fatalf("%s: simulating: %v", kind, err)
		}
		b.Logf("%s: filled %d agents, %d calls, %d status and %d session events in %s", kind, stats.Users, stats.Calls,
			stats.StatusEvents, stats.SessionEvents, time.Since(began).Round(time.Second))
		e := &env{db: db, tenant: tenant, key: key}
		e.srv = servertest.Start(b, db)
		e.token = mustToken(b, e.srv, key)
		first := e.get(b, target, e.token) // checked against the vendor's schema once
		if first.status != 200 {
			b.Fatalf("%s: got %d %s, want 200", kind, first.status, clip(string(first.body)))
		}
		headers := map[string]string{"Authorization": "Bearer " + e.token, "Accept": "application/json"}
		b.Run(kind, func(b *testing.B) {
			for b.Loop() {
				if r := e.srv.Do(b, "GET", target, headers); r.Status != 200 {
					b.Fatalf("got %d, want 200", r.Status)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/req")
		})
	}
}

// benchDB opens and migrates a fresh database of kind; nil when PostgreSQL
// cannot be reached (a failure under AGENTLOG_REQUIRE_POSTGRES=1).
func benchDB(b *testing.B, kind string) *store.DB {
	dsn := filepath.Join(b.TempDir(), "bench.db")
	if kind == "postgres" {
		dsn = benchSchema(b)
		if dsn == "" {
			return nil
		}
	}
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		b.Fatal(err)
	}
	return db
}

// benchSchema makes a PostgreSQL schema for the benchmark, dropped at its
// end, as storetest.PostgresSchema does for tests.
func benchSchema(b *testing.B) string {
	admin, err := sql.Open("pgx", storetest.PostgresURL())
	if err == nil {
		err = admin.Ping()
	}
	if err != nil {
		if os.Getenv("AGENTLOG_REQUIRE_POSTGRES") == "1" {
			b.Fatalf("PostgreSQL is required: %v", err)
		}
		b.Logf("PostgreSQL cannot be reached, skipping it: %v", err)
		return ""
	}
	var r [8]byte
	_, _ = rand.Read(r[:])
	schema := "agentlog_bench_" + hex.EncodeToString(r[:])
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(storetest.PostgresURL())
	if err != nil {
		b.Fatal(err)
	}
	v := u.Query()
	v.Set("search_path", schema)
	u.RawQuery = v.Encode()
	return u.String()
}
