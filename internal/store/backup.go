package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
)

// Backup writes a consistent copy of a SQLite database to path, which must
// not exist yet, while the database stays in use: VACUUM INTO reads one
// snapshot of the database through a reader connection, so the writer
// goes on writing meanwhile, and the copy is compacted and complete
// without the WAL file. A PostgreSQL database is copied with pg_dump.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect == postgresDialect {
		return errors.New("backup copies SQLite databases only: back up PostgreSQL with pg_dump")
	}
	if _, err := os.Stat(path); err == nil {
		return fmt.Errorf("backup file %s exists already: name a new file", path)
	} else if !errors.Is(err, os.ErrNotExist) {
		return err
	}
	conn, err := db.read.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	// Readers are query_only, which refuses VACUUM INTO although it only
	// reads this database; the reader is put back as it was, or dropped.
	if _, err := conn.ExecContext(ctx, `PRAGMA query_only = 0`); err != nil {
		return err
	}
	defer func() {
		if _, err := conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA query_only = 1`); err != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		os.Remove(path) // a partial copy must not pass for a backup
		return fmt.Errorf("backing up to %s: %w", path, err)
	}
	return nil
}

// VerifyBackup opens a SQLite copy read-only, leaving it as it is, and runs
// integrityCheck on it.
func VerifyBackup(ctx context.Context, path string) error {
	if _, err := os.Stat(path); err != nil {
		return err
	}
	conn, err := sql.Open("sqlite", "file:"+url.PathEscape(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer conn.Close()
	return integrityCheck(ctx, conn)
}

// IntegrityCheck runs integrityCheck on a SQLite database; nil on
// PostgreSQL, which checks its own pages.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	if db.dialect == postgresDialect {
		return nil
	}
	return integrityCheck(ctx, db.read.DB)
}

// integrityCheck runs SQLite's integrity_check and foreign_key_check and
// returns an error naming the first problems found.
func integrityCheck(ctx context.Context, db *sql.DB) error {
	var result string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return err
	}
	if result != "ok" {
		return fmt.Errorf("integrity_check: %s", result)
	}
	rows, err := db.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	if rows.Next() {
		return errors.New("foreign_key_check: a row refers to a row that does not exist")
	}
	return rows.Err()
}
