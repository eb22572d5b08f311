// Package store keeps agentlog's data in SQLite (the default, embedded) or
// PostgreSQL (for teams that outgrow one machine). Both speak the same SQL
// here, with small dialect hooks where they differ; the same conformance
// suite runs against both.
//
// Every method takes the tenant as its first parameter after the context,
// and every statement filters on it.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// DB is an open agentlog database.
type DB struct {
	dialect dialect
	write   *sql.DB   // SQLite: one connection, the only writer
	read    *readPool // SQLite: a pool of read-only connections; PostgreSQL: write's pool

	// Now is the clock; tests replace it.
	Now func() time.Time

	changes       changes   // wakes feed readers (notify.go)
	dsn           string    // PostgreSQL: the URL, for the listener's own connection
	listenOnce    sync.Once // PostgreSQL: the listener starts with the first reader
	stopListening func()
}

type dialect int

const (
	sqliteDialect dialect = iota
	postgresDialect
)

// IsPostgresURL reports whether dsn names a PostgreSQL server rather than a
// SQLite file.
func IsPostgresURL(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn (a SQLite file path, or a postgres://
// URL) and checks that it answers. It does not migrate: call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	var db *DB
	var err error
	if IsPostgresURL(dsn) {
		db, err = openPostgres(dsn)
	} else {
		db, err = openSQLite(dsn)
	}
	if err != nil {
		return nil, err
	}
	db.Now = time.Now
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s cannot be reached: %w", redactDSN(dsn), err)
	}
	return db, nil
}

// Close closes every connection.
func (db *DB) Close() error {
	db.listenOnce.Do(func() {}) // no listener may start from now on
	if db.stopListening != nil {
		db.stopListening()
	}
	err := db.write.Close()
	if db.read.DB != db.write {
		err = errors.Join(err, db.read.Close())
	}
	return err
}

// Dialect names the database kind: "sqlite" or "postgres".
func (db *DB) Dialect() string {
	if db.dialect == postgresDialect {
		return "postgres"
	}
	return "sqlite"
}

// Ping checks that the database answers, for readiness probes.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Pools names the database's connection pools, for metrics: SQLite's
// writer and readers, or PostgreSQL's one pool.
func (db *DB) Pools() map[string]*sql.DB {
	if db.read.DB == db.write {
		return map[string]*sql.DB{"postgres": db.write}
	}
	return map[string]*sql.DB{"sqlite-write": db.write, "sqlite-read": db.read.DB}
}

func (db *DB) now() time.Time { return db.Now().UTC().Truncate(time.Millisecond) }

// Tx is a write transaction on one connection. It is opened with a plain
// BEGIN on a *sql.Conn rather than with sql.Tx so that PostgreSQL's COPY,
// which needs the driver's own connection, can run inside it.
type Tx struct {
	conn    *sql.Conn
	db      *DB
	now     time.Time
	changed []int64 // tenants whose feed rows tx writes
}

func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.conn.ExecContext(ctx, query, args...)
}

func (tx *Tx) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return tx.conn.QueryContext(ctx, query, args...)
}

func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return tx.conn.QueryRowContext(ctx, query, args...)
}

// inTx runs fn in a write transaction and commits it if fn succeeds.
func (db *DB) inTx(ctx context.Context, fn func(*Tx) error) (err error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	begin := "BEGIN"
	if db.dialect == sqliteDialect {
		begin = "BEGIN IMMEDIATE" // take the write lock now, not on first write
	}
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		return err
	}
	tx := &Tx{conn: conn, db: db, now: db.now()}
	if err := fn(tx); err != nil {
		rollback(conn)
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		rollback(conn)
		return err
	}
	for _, id := range tx.changed {
		db.changes.wake(id)
	}
	return nil
}

// rollback ends a failed transaction even when its context is cancelled. If
// that fails too, the connection is discarded rather than returned to the
// pool in the middle of a transaction.
func rollback(conn *sql.Conn) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
	}
}

// redactDSN hides a password in a PostgreSQL URL, for error messages.
func redactDSN(dsn string) string {
	at := strings.LastIndex(dsn, "@")
	scheme := strings.Index(dsn, "://")
	if at < 0 || scheme < 0 {
		return dsn
	}
	userinfo := dsn[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return dsn[:scheme+3] + userinfo[:i] + ":***" + dsn[at:]
	}
	return dsn
}
