package main

import (
	"context"
	"fmt"
	"os"

	"agentlog/internal/store"
)

// backup copies a SQLite database to a new file while servers go on using
// it, then opens the copy and checks it, so that a backup that reports
// success is one that can be restored (by starting agentlog on it).
func (p *Program) backup(ctx context.Context, args []string) error {
	fs := p.newFlags("backup", "backup --out FILE [--db D]")
	dsn := p.dbFlag(fs)
	out := fs.String("out", "", "the new file to write the copy to (required)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("backup", rest); err != nil {
		return err
	}
	if *out == "" {
		return errUsage{"backup needs --out FILE"}
	}
	if store.IsPostgresURL(*dsn) {
		return fmt.Errorf("backup copies SQLite databases only: back up PostgreSQL with pg_dump (see the README)")
	}
	db, err := p.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, *out); err != nil {
		return err
	}
	if err := store.VerifyBackup(ctx, *out); err != nil {
		os.Remove(*out)
		return fmt.Errorf("the copy in %s failed its check and was removed: %w", *out, err)
	}
	info, err := os.Stat(*out)
	if err != nil {
		return err
	}
	fmt.Fprintf(p.Stderr, "backed up to %s (%d bytes), integrity checked\n", *out, info.Size())
	return nil
}
