// Package storetest gives tests of any package a fresh, migrated database
// of every kind agentlog supports, and small helpers to fill it. It is
// imported by tests only.
//
// PostgreSQL is found at AGENTLOG_TEST_POSTGRES (default DefaultPostgresURL).
// Each use gets a schema of its own with a random name, dropped when the
// test ends. An unreachable server skips the postgres subtests, unless
// AGENTLOG_REQUIRE_POSTGRES=1, which makes it a failure (CI).
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/store"
)

// DefaultPostgresURL is used when AGENTLOG_TEST_POSTGRES is not set.
const DefaultPostgresURL = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// ForEachDB runs fn as subtest "sqlite" on a fresh migrated SQLite file and
// as subtest "postgres" on a fresh migrated PostgreSQL schema. Each database
// is closed (and the schema dropped) when its subtest ends, after the
// cleanups fn registers.
func ForEachDB(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	ForEachDSN(t, func(t *testing.T, dsn string) { fn(t, open(t, dsn)) })
}

// ForEachDSN runs fn as subtest "sqlite" with the path of a new SQLite file
// and as subtest "postgres" with the URL of a new, empty PostgreSQL schema,
// for tests that open (and migrate) the database themselves.
func ForEachDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "agentlog.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, PostgresSchema(t)) })
}

// open opens and migrates dsn; the database is closed when the test ends.
func open(t *testing.T, dsn string) *store.DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("opening the test database: %v", err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("closing the test database: %v", err)
		}
	})
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrating the %s test database: %v", db.Dialect(), err)
	}
	return db
}

// postgres is the connection that creates and drops test schemas, opened
// once per test binary.
var postgres struct {
	once  sync.Once
	url   string
	shown string // url without its password, for messages
	admin *sql.DB
	err   error
}

// PostgresURL returns the URL of the test server.
func PostgresURL() string {
	if u := os.Getenv("AGENTLOG_TEST_POSTGRES"); u != "" {
		return u
	}
	return DefaultPostgresURL
}

// PostgresSchema creates a schema with a random name and returns a URL whose
// connections work in it. The schema is dropped when the test ends. Without
// a reachable server the test is skipped, or fails under
// AGENTLOG_REQUIRE_POSTGRES=1.
func PostgresSchema(t *testing.T) string {
	t.Helper()
	postgres.once.Do(func() {
		postgres.url = PostgresURL()
		postgres.shown = postgres.url
		if u, err := url.Parse(postgres.url); err == nil {
			postgres.shown = u.Redacted()
		}
		postgres.admin, postgres.err = sql.Open("pgx", postgres.url)
		if postgres.err != nil {
			return
		}
		postgres.admin.SetMaxIdleConns(2)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		postgres.err = postgres.admin.PingContext(ctx)
	})
	if postgres.err != nil {
		if os.Getenv("AGENTLOG_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL at %s is required (AGENTLOG_REQUIRE_POSTGRES=1) but cannot be reached: %v", postgres.shown, postgres.err)
		}
		t.Skipf("PostgreSQL at %s cannot be reached, skipping (set AGENTLOG_TEST_POSTGRES to another URL): %v", postgres.shown, postgres.err)
	}
	u, err := url.Parse(postgres.url)
	if err != nil {
		t.Fatalf("AGENTLOG_TEST_POSTGRES %s is not a URL: %v", postgres.shown, err)
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	schema := "agentlog_test_" + hex.EncodeToString(b[:])
	if _, err := postgres.admin.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		if _, err := postgres.admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	q := u.Query()
	q.Set("search_path", schema) // pgx passes it on as a runtime parameter
	u.RawQuery = q.Encode()
	return u.String()
}

// MustTenant creates a tenant with the given slug.
func MustTenant(t testing.TB, db *store.DB, slug string) activity.Tenant {
	t.Helper()
	tn := activity.Tenant{Slug: slug}
	if err := db.CreateTenant(context.Background(), &tn); err != nil {
		t.Fatalf("creating tenant %q: %v", slug, err)
	}
	return tn
}

// MustKey creates a key of tenant with the given scopes and no expiry, and
// returns the whole key string ("<public id>.<secret>").
func MustKey(t testing.TB, db *store.DB, tenant activity.Tenant, scopes ...string) string {
	t.Helper()
	k, whole, hash := auth.NewKey("test key", scopes, 0, db.Now())
	if err := db.CreateKey(context.Background(), tenant.ID, &k, hash); err != nil {
		t.Fatalf("creating a key with scopes %v for tenant %q: %v", scopes, tenant.Slug, err)
	}
	return whole
}

// MustOperator creates an operator of tenant (the zero Tenant: a global
// operator) with the given role and password.
func MustOperator(t testing.TB, db *store.DB, tenant activity.Tenant, email, role, password string) activity.Operator {
	t.Helper()
	o := activity.Operator{Email: email, Role: role}
	if err := db.CreateOperator(context.Background(), tenant.ID, &o, auth.HashPassword(password)); err != nil {
		t.Fatalf("creating operator %q of tenant %q: %v", email, tenant.Slug, err)
	}
	return o
}
