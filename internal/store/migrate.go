package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrations embed.FS

type migration struct {
	version int
	name    string
	sql     string
}

// Migrate applies the migrations not applied yet, in order, each in its own
// transaction together with its record in schema_migrations, so that a
// failure leaves the database at the last complete version.
func (db *DB) Migrate(ctx context.Context) error {
	return db.migrateTo(ctx, math.MaxInt)
}

// migrateTo applies the migrations up to version last only: tests start
// from an older schema with it, to see a migration meet existing rows.
func (db *DB) migrateTo(ctx context.Context, last int) error {
	list, err := db.migrations()
	if err != nil {
		return err
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		if err := db.lockMigrations(ctx, tx); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)`)
		return err
	})
	if err != nil {
		return fmt.Errorf("creating schema_migrations: %w", err)
	}
	for _, m := range list {
		if m.version > last {
			break
		}
		if err := db.apply(ctx, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

// apply runs one migration unless it is recorded already. Several instances
// starting together over one PostgreSQL take turns on an advisory lock.
func (db *DB) apply(ctx context.Context, m migration) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if err := db.lockMigrations(ctx, tx); err != nil {
			return err
		}
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, m.version).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		if _, err := tx.exec(ctx, m.sql); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO schema_migrations (version, name, applied_ms) VALUES ($1, $2, $3)`,
			m.version, m.name, tx.now.UnixMilli())
		return err
	})
}

// lockMigrations makes PostgreSQL instances that migrate together take
// turns until tx ends; even CREATE TABLE IF NOT EXISTS fails when two run at
// once. SQLite's BEGIN IMMEDIATE takes turns already.
func (db *DB) lockMigrations(ctx context.Context, tx *Tx) error {
	if db.dialect != postgresDialect {
		return nil
	}
	_, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(4242)`)
	return err
}

// migrations reads this database's embedded migration files, named
// NNNN_what.sql, in version order.
func (db *DB) migrations() ([]migration, error) {
	dir := "migrations/" + db.Dialect()
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return nil, err
	}
	var list []migration
	for _, e := range entries {
		version, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration file %s is not named NNNN_name.sql", e.Name())
		}
		body, err := fs.ReadFile(migrations, dir+"/"+e.Name())
		if err != nil {
			return nil, err
		}
		list = append(list, migration{version: version, name: e.Name(), sql: string(body)})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].version < list[j].version })
	return list, nil
}
