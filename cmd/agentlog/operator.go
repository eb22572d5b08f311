package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/store"
)

func (p *Program) operator(ctx context.Context, args []string) error {
	return p.subcommand(ctx, "operator", args, []subcommand{{"create", p.operatorCreate}})
}

// operatorCreate reads the password from the first line of stdin, so that
// it never shows in the process list or the shell's history.
func (p *Program) operatorCreate(ctx context.Context, args []string) error {
	fs := p.newFlags("operator create", "operator create --email E [--tenant S] [--role admin|viewer] [--db D] < password")
	dsn := p.dbFlag(fs)
	email := fs.String("email", "", "the operator's email, used to sign in (required)")
	slug := fs.String("tenant", "", "the tenant the operator sees (default: every tenant, a global operator)")
	role := fs.String("role", activity.RoleViewer, "admin or viewer")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("operator create", rest); err != nil {
		return err
	}
	o := activity.Operator{Email: *email, Role: *role}
	if *email == "" {
		return errUsage{"operator create needs --email"}
	}
	if err := o.Validate(); err != nil {
		return errUsage{activity.ErrorMessage(err)}
	}
	password, err := readPassword(p.Stdin)
	if err != nil {
		return err
	}
	db, err := p.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	return p.storeOperator(ctx, db, *slug, &o, password)
}

func (p *Program) storeOperator(ctx context.Context, db *store.DB, slug string, o *activity.Operator, password string) error {
	var tenantID int64
	where := "every tenant"
	if slug != "" {
		t, err := db.TenantBySlug(ctx, slug)
		if err != nil {
			return err
		}
		tenantID, where = t.ID, "tenant "+t.Slug
	}
	if err := db.CreateOperator(ctx, tenantID, o, auth.HashPassword(password)); err != nil {
		return err
	}
	fmt.Fprintf(p.Stderr, "agentlog: operator %s created (%s of %s)\n", o.Email, o.Role, where)
	return nil
}

// readPassword reads the first line of r: the new password.
func readPassword(r io.Reader) (string, error) {
	if r == nil {
		return "", errUsage{"operator create reads the password from stdin: pipe it in"}
	}
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("reading the password from stdin: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if err := activity.ValidatePassword(password); err != nil {
		return "", errUsage{activity.ErrorMessage(err) + " (read from stdin)"}
	}
	return password, nil
}
