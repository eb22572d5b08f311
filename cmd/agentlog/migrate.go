package main

import (
	"context"
	"fmt"
)

func (p *Program) migrate(ctx context.Context, args []string) error {
	fs := p.newFlags("migrate", "migrate [--db D]")
	dsn := p.dbFlag(fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("migrate", rest); err != nil {
		return err
	}
	db, err := p.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintf(p.Stderr, "agentlog: the %s database is up to date\n", db.Dialect())
	return nil
}
