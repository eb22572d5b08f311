package main

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"agentlog/internal/activity"
)

func (p *Program) tenant(ctx context.Context, args []string) error {
	return p.subcommand(ctx, "tenant", args, []subcommand{
		{"create", p.tenantCreate}, {"update", p.tenantUpdate}, {"list", p.tenantList}})
}

func (p *Program) tenantCreate(ctx context.Context, args []string) error {
	fs := p.newFlags("tenant create", "tenant create --slug S [--name N] [--time-zone Z] [--session-timeout 12h] [--retention-days N] [--db D]")
	dsn := p.dbFlag(fs)
	t := activity.Tenant{}
	fs.StringVar(&t.Slug, "slug", "", "the tenant's short name, used in URLs (required)")
	fs.StringVar(&t.Name, "name", "", "the tenant's display name (default: the slug)")
	fs.StringVar(&t.TimeZone, "time-zone", "UTC", "IANA time zone of the tenant's reports")
	fs.DurationVar(&t.SessionTimeout, "session-timeout", activity.DefaultSessionTimeout, "reports close a session without a logout after this long")
	fs.IntVar(&t.RetentionDays, "retention-days", 0, retentionUsage)
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
	fmt.Fprintln(tw, "SLUG\tNAME\tTIME ZONE\tID\tCREATED\tRETENTION")
	for _, t := range tenants {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", t.Slug, t.Name, t.TimeZone, t.UUID, activity.FormatTime(t.CreatedAt), retentionText(t.RetentionDays))
	}
	return tw.Flush()
}

const retentionUsage = "days of events to keep; the server deletes older ones (0: keep forever)"

// tenantUpdate changes a tenant's settings; for now, its retention.
func (p *Program) tenantUpdate(ctx context.Context, args []string) error {
	fs := p.newFlags("tenant update", "tenant update --slug S --retention-days N [--db D]")
	dsn := p.dbFlag(fs)
	slug := fs.String("slug", "", "the tenant to change (required)")
	days := fs.Int("retention-days", 0, retentionUsage)
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("tenant update", rest); err != nil {
		return err
	}
	if *slug == "" || !isSet(fs, "retention-days") {
		return errUsage{"tenant update needs --slug and a setting to change: --retention-days"}
	}
	db, err := p.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	t, err := db.TenantBySlug(ctx, *slug)
	if err != nil {
		return err
	}
	if err := db.SetTenantRetention(ctx, t.ID, *days); err != nil {
		return err
	}
	fmt.Fprintf(p.Stderr, "tenant %s keeps %s of events\n", t.Slug, retentionText(*days))
	return nil
}

func retentionText(days int) string {
	if days == 0 {
		return "forever"
	}
	return fmt.Sprintf("%d days", days)
}

// isSet reports whether the command line gave the flag.
func isSet(fs *flags, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}
