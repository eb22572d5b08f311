package store

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"
)

// openTestSQLite opens a fresh SQLite file with a small table of its own.
func openTestSQLite(t *testing.T) *DB {
	t.Helper()
	db, err := Open(t.Context(), filepath.Join(t.TempDir(), "read.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.write.ExecContext(t.Context(), `CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(t.Context(), `INSERT INTO things VALUES (1, 'one'), (2, 'two'), (3, 'three')`); err != nil {
		t.Fatal(err)
	}
	return db
}

func nameOf(t *testing.T, db *DB, query string, id int) string {
	t.Helper()
	var name string
	if err := db.read.QueryRowContext(t.Context(), query, id).Scan(&name); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return name
}

// TestReadsArePreparedOnce: a query text run again reuses its statement,
// from several connections at once, and answers for the new arguments.
func TestReadsArePreparedOnce(t *testing.T) {
	db := openTestSQLite(t)
	const q = `SELECT name FROM things WHERE id = ?`
	for i, want := range []string{"one", "two", "three", "one"} {
		if got := nameOf(t, db, q, i%3+1); got != want {
			t.Fatalf("id %d: %q, want %q", i%3+1, got, want)
		}
	}
	s := db.read.prepared[q]
	if s == nil || len(db.read.prepared) != 1 {
		t.Fatalf("%d statements kept after one query text, want 1", len(db.read.prepared))
	}
	// Rows held open on one connection make the next read use another.
	rows, err := db.read.QueryContext(t.Context(), `SELECT name FROM things ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatal("no rows")
	}
	if got := nameOf(t, db, q, 2); got != "two" {
		t.Fatalf("while another read is open: %q, want two", got)
	}
	if db.read.prepared[q] != s {
		t.Fatal("the statement was prepared again")
	}
}

// TestReadsPreparedSurviveSchemaChanges: a kept statement still answers
// after the schema changed under it (a migration of a running server).
func TestReadsPreparedSurviveSchemaChanges(t *testing.T) {
	db := openTestSQLite(t)
	const q = `SELECT name FROM things WHERE id = ?`
	nameOf(t, db, q, 1)
	if _, err := db.write.ExecContext(t.Context(), `ALTER TABLE things ADD COLUMN extra TEXT`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.write.ExecContext(t.Context(), `CREATE INDEX things_by_name ON things (name)`); err != nil {
		t.Fatal(err)
	}
	if got := nameOf(t, db, q, 3); got != "three" {
		t.Fatalf("after the schema changed: %q, want three", got)
	}
}

// TestReadsPreparedAreBounded: past maxPreparedReads texts, queries still
// answer, prepared each time, and the kept ones stay at the bound.
func TestReadsPreparedAreBounded(t *testing.T) {
	db := openTestSQLite(t)
	for i := range maxPreparedReads + 20 {
		q := fmt.Sprintf(`SELECT name || '%d' FROM things WHERE id = ?`, i)
		if got, want := nameOf(t, db, q, 1), fmt.Sprintf("one%d", i); got != want {
			t.Fatalf("query %d: %q, want %q", i, got, want)
		}
	}
	if n := len(db.read.prepared); n != maxPreparedReads {
		t.Fatalf("%d statements kept, want the bound %d", n, maxPreparedReads)
	}
}

// TestReadErrorsPassThrough: a query that does not prepare is not kept, and
// its error is SQLite's own.
func TestReadErrorsPassThrough(t *testing.T) {
	db := openTestSQLite(t)
	err := db.read.QueryRowContext(t.Context(), `SELECT nope FROM things`).Scan(new(string))
	if err == nil || len(db.read.prepared) != 0 {
		t.Fatalf("err %v, %d kept; want SQLite's error and nothing kept", err, len(db.read.prepared))
	}
}

// TestReadsPreparedSeeNewWrites: a kept statement holds no snapshot between
// uses, even one whose rows were not read to the end: the next use sees
// what was written in between.
func TestReadsPreparedSeeNewWrites(t *testing.T) {
	db := openTestSQLite(t)
	const count = `SELECT COUNT(*) FROM things WHERE id >= ?`
	const first = `SELECT name FROM things WHERE id >= ? ORDER BY id`
	for i := range 3 {
		var n int
		if err := db.read.QueryRowContext(t.Context(), count, 1).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 3+i {
			t.Fatalf("round %d: %d rows seen, want %d", i, n, 3+i)
		}
		if got := nameOf(t, db, first, 1); got != "one" { // stops after the first of several rows
			t.Fatalf("round %d: %q", i, got)
		}
		if _, err := db.write.ExecContext(t.Context(), `INSERT INTO things (name) VALUES ('more')`); err != nil {
			t.Fatal(err)
		}
		// A checkpoint that must wait for no reader: a statement left
		// holding its snapshot would make it report busy.
		var busy, logged, done int
		if err := db.write.QueryRowContext(t.Context(), `PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &logged, &done); err != nil {
			t.Fatal(err)
		}
		if busy != 0 {
			t.Fatalf("round %d: the checkpoint was blocked by a reader", i)
		}
	}
}

// TestReadsWhileClosing: reads racing the pool's Close get errors, not a
// panic (a background job may still be reading when the server stops).
func TestReadsWhileClosing(t *testing.T) {
	db := openTestSQLite(t)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 200 {
				q := fmt.Sprintf(`SELECT name || '%d' FROM things WHERE id = ?`, (g*200+i)%50)
				_ = db.read.QueryRowContext(t.Context(), q, 1).Scan(new(string))
			}
		})
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if err := db.read.QueryRowContext(t.Context(), `SELECT name FROM things`).Scan(new(string)); err == nil {
		t.Fatal("a read after Close answered")
	}
}
