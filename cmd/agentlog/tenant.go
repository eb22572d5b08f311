package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"agentlog/internal/activity"
)

func (p *Program) tenant(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return errUsage{"tenant needs a subcommand: create or list"}
	}
	switch args[0] {
	case "create":
		return p.tenantCreate(ctx, args[1:])
	case "list":
		return p.tenantList(ctx, args[1:])
	}
	return errUsage{fmt.Sprintf("unknown tenant subcommand %q: use create or list", args[0])}
}

func (p *Program) tenantCreate(ctx context.Context, args []string) error {
	fs := p.newFlags("tenant create", "tenant create --slug S [--name N] [--time-zone Z] [--session-timeout 12h] [--db D]")
	dsn := p.dbFlag(fs)
	t := activity.Tenant{}
	fs.StringVar(&t.Slug, "slug", "", "the tenant's short name, used in URLs (required)")
	fs.StringVar(&t.Name, "name", "", "the tenant's display name (default: the slug)")
	fs.StringVar(&t.TimeZone, "time-zone", "UTC", "IANA time zone of the tenant's reports")
	fs.DurationVar(&t.SessionTimeout, "session-timeout", activity.DefaultSessionTimeout, "reports close a session without a logout after this long")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("tenant create", rest); err != nil {
		return err
	}
	if t.Slug == "" {
		return errUsage{"tenant create needs --slug"}
	}
	db, err := p.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CreateTenant(ctx, &t); err != nil {
		return err
	}
	fmt.Fprintln(p.Stdout, t.Slug)
	return nil
}

func (p *Program) tenantList(ctx context.Context, args []string) error {
	fs := p.newFlags("tenant list", "tenant list [--db D]")
	dsn := p.dbFlag(fs)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("tenant list", rest); err != nil {
		return err
	}
	db, err := p.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	tenants, err := db.Tenants(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(p.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SLUG\tNAME\tTIME ZONE\tID\tCREATED")
	for _, t := range tenants {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", t.Slug, t.Name, t.TimeZone, t.UUID, activity.FormatTime(t.CreatedAt))
	}
	return tw.Flush()
}
