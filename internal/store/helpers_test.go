package store_test

// The conformance suite: every test runs against SQLite and PostgreSQL
// through forEachDB, so both implementations keep one behaviour.
//
// PostgreSQL comes from storetest (AGENTLOG_TEST_POSTGRES). Each test
// gets a schema of its own, dropped when it ends. An unreachable server
// skips the postgres subtests, unless AGENTLOG_REQUIRE_POSTGRES=1 (CI).

import (
	"database/sql"
	"fmt"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// t0 is the clock of every test unless it moves it with setNow.
var t0 = time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)

// at returns a time min minutes after 08:00 on t0's day.
func at(min int) time.Time { return time.Date(2024, 3, 1, 8, min, 0, 0, time.UTC) }

// backend is one fresh, empty database under test.
type backend struct {
	name string
	dsn  string // a SQLite file path, or a PostgreSQL URL with its own search_path
}

// forEachDB runs fn on a fresh, migrated database of every kind.
func forEachDB(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	t.Helper()
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		if err := db.Migrate(t.Context()); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		fn(t, db)
	})
}

// forEachBackend runs fn on a fresh, unmigrated database of every kind, for
// tests that open it themselves.
func forEachBackend(t *testing.T, fn func(t *testing.T, b backend)) {
	t.Helper()
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		name := "sqlite"
		if store.IsPostgresURL(dsn) {
			name = "postgres"
		}
		fn(t, backend{name: name, dsn: dsn})
	})
}

// open opens the database through the store, with the test clock. It is
// closed when the test ends.
func (b backend) open(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(t.Context(), b.dsn)
	if err != nil {
		t.Fatalf("Open %s: %v", b.name, err)
	}
	t.Cleanup(func() { db.Close() })
	setNow(db, t0)
	return db
}

// sql opens the database behind the store's back, for what the store does
// not show (schema_migrations).
func (b backend) sql(t *testing.T) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if b.name == "postgres" {
		driver = "pgx"
	}
	raw, err := sql.Open(driver, b.dsn)
	if err != nil {
		t.Fatalf("sql.Open %s: %v", b.name, err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

func setNow(db *store.DB, now time.Time) { db.Now = func() time.Time { return now } }

// must fails the test at once if err is not nil.
func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatalf("unexpected error: %v", err)
	}
}

// mustCode checks that err is an *activity.Error with code.
func mustCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := activity.ErrorCode(err); got != code {
		t.Fatalf("error code: got %q (%v), want %q", got, err, code)
	}
}

// mustEqual compares comparable values.
func mustEqual[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Fatalf("%s: got %v, want %v", what, got, want)
	}
}

// mustEqualSlice compares slices element by element.
func mustEqualSlice[T comparable](t *testing.T, what string, got, want []T) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %v (%d), want %v (%d)", what, got, len(got), want, len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("%s[%d]: got %v, want %v (got %v, want %v)", what, i, got[i], want[i], got, want)
		}
	}
}

// mustTime compares times by instant and prints them readably.
func mustTime(t *testing.T, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Fatalf("%s: got %s, want %s", what, activity.FormatTime(got), activity.FormatTime(want))
	}
}

// mustTimePtr compares optional times.
func mustTimePtr(t *testing.T, what string, got, want *time.Time) {
	t.Helper()
	switch {
	case got == nil && want == nil:
	case got == nil || want == nil:
		t.Fatalf("%s: got %s, want %s", what, fmtTimePtr(got), fmtTimePtr(want))
	default:
		mustTime(t, what, *got, *want)
	}
}

func fmtTimePtr(p *time.Time) string {
	if p == nil {
		return "nil"
	}
	return activity.FormatTime(*p)
}

func ptr[T any](v T) *T { return &v }

func mustTenant(t *testing.T, db *store.DB, slug string) activity.Tenant {
	t.Helper()
	tn := activity.Tenant{Slug: slug}
	must(t, db.CreateTenant(t.Context(), &tn))
	return tn
}

func mustUser(t *testing.T, db *store.DB, tenantID int64, login string, groups ...string) activity.User {
	t.Helper()
	u := activity.User{Login: login, Name: "Name of " + login, Groups: groups}
	must(t, db.CreateUser(t.Context(), tenantID, &u))
	return u
}

// mustResult compares what a batch did with what it should have done.
func mustResult(t *testing.T, got, want store.IngestResult) {
	t.Helper()
	if got != want {
		t.Fatalf("ingest result: got %+v, want %+v", got, want)
	}
}

// logins lists the logins of users, in order.
func logins(list []activity.User) []string {
	names := make([]string, len(list))
	for i, u := range list {
		names[i] = u.Login
	}
	return names
}

func statusEvents(t *testing.T, db *store.DB, tenantID int64, f store.EventFilter) []store.StoredStatusEvent {
	t.Helper()
	list := []store.StoredStatusEvent{}
	must(t, db.StatusEvents(t.Context(), tenantID, f, func(e store.StoredStatusEvent) error {
		list = append(list, e)
		return nil
	}))
	return list
}

func sessionEvents(t *testing.T, db *store.DB, tenantID int64, f store.EventFilter) []store.StoredSessionEvent {
	t.Helper()
	list := []store.StoredSessionEvent{}
	must(t, db.SessionEvents(t.Context(), tenantID, f, func(e store.StoredSessionEvent) error {
		list = append(list, e)
		return nil
	}))
	return list
}

func calls(t *testing.T, db *store.DB, tenantID int64, f store.EventFilter) []activity.Call {
	t.Helper()
	list := []activity.Call{}
	must(t, db.Calls(t.Context(), tenantID, f, func(c activity.Call) error {
		list = append(list, c)
		return nil
	}))
	return list
}

func users(t *testing.T, db *store.DB, tenantID int64) []activity.User {
	t.Helper()
	list, err := db.Users(t.Context(), tenantID)
	must(t, err)
	return list
}

// uuidN returns a fixed UUID numbered n, for readable ids in tests.
func uuidN(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }
