package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/api"
	"agentlog/internal/auth"
	"agentlog/internal/store"
)

func (p *Program) key(ctx context.Context, args []string) error {
	return p.subcommand(ctx, "key", args, []subcommand{
		{"create", p.keyCreate}, {"list", p.keyList}, {"revoke", p.keyRevoke}})
}

// keyCreate prints the new key alone on stdout, so a script can capture it.
func (p *Program) keyCreate(ctx context.Context, args []string) error {
	fs := p.newFlags("key create", "key create --tenant S --scopes a,b [--name N] [--expires DURATION] [--db D]")
	dsn := p.dbFlag(fs)
	slug := fs.String("tenant", "", "the tenant's slug (required)")
	scopeList := fs.String("scopes", "", "comma-separated: "+strings.Join(activity.AllScopes, ", ")+" (required)")
	name := fs.String("name", "", "what the key is for")
	expires := fs.String("expires", "", "lifetime, such as 720h (default: never expires)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("key create", rest); err != nil {
		return err
	}
	if *slug == "" || *scopeList == "" {
		return errUsage{"key create needs --tenant and --scopes"}
	}
	scopes, err := activity.ParseScopes(*scopeList)
	if err != nil {
		return errUsage{activity.ErrorMessage(err)}
	}
	lifetime, err := api.ParseLifetime(*expires)
	if err != nil {
		return errUsage{activity.ErrorMessage(err)}
	}
	return p.withTenant(ctx, *dsn, *slug, func(db *store.DB, t activity.Tenant) error {
		key, err := createKey(ctx, db, t, *name, scopes, lifetime)
		if err == nil {
			fmt.Fprintln(p.Stdout, key)
		}
		return err
	})
}

func createKey(ctx context.Context, db *store.DB, t activity.Tenant, name string, scopes []string, lifetime time.Duration) (string, error) {
	k, key, hash := auth.NewKey(name, scopes, lifetime, db.Now())
	return key, db.CreateKey(ctx, t.ID, &k, hash)
}

func (p *Program) keyList(ctx context.Context, args []string) error {
	fs := p.newFlags("key list", "key list --tenant S [--db D]")
	dsn := p.dbFlag(fs)
	slug := fs.String("tenant", "", "the tenant's slug (required)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("key list", rest); err != nil {
		return err
	}
	if *slug == "" {
		return errUsage{"key list needs --tenant"}
	}
	return p.withTenant(ctx, *dsn, *slug, func(db *store.DB, t activity.Tenant) error {
		keys, err := db.Keys(ctx, t.ID)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(p.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tSCOPES\tCREATED\tEXPIRES\tREVOKED\tLAST USED")
		for _, k := range keys {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", k.ID, k.Name, strings.Join(k.Scopes, ","),
				activity.FormatTime(k.CreatedAt), orDash(k.ExpiresAt), orDash(k.RevokedAt), orDash(k.LastUsedAt))
		}
		return tw.Flush()
	})
}

func (p *Program) keyRevoke(ctx context.Context, args []string) error {
	fs := p.newFlags("key revoke", "key revoke --tenant S [--db D] ID")
	dsn := p.dbFlag(fs)
	slug := fs.String("tenant", "", "the tenant's slug (required)")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *slug == "" || len(rest) != 1 {
		return errUsage{"key revoke needs --tenant and one key id"}
	}
	return p.withTenant(ctx, *dsn, *slug, func(db *store.DB, t activity.Tenant) error {
		if err := db.RevokeKey(ctx, t.ID, rest[0]); err != nil {
			return err
		}
		fmt.Fprintf(p.Stderr, "agentlog: key %s revoked\n", rest[0])
		return nil
	})
}

// withTenant opens the database, finds the tenant and runs fn.
func (p *Program) withTenant(ctx context.Context, dsn, slug string, fn func(*store.DB, activity.Tenant) error) error {
	db, err := p.openDB(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := db.TenantBySlug(ctx, slug)
	if err != nil {
		return err
	}
	return fn(db, t)
}

func orDash(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return activity.FormatTime(*t)
}
