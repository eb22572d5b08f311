package main

import (
	"context"
	"fmt"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/simulate"
	"agentlog/internal/store"
)

func (p *Program) demo(ctx context.Context, args []string) error {
	fs := p.newFlags("demo", "demo --tenant S [--agents N] [--days D] [--seed X] [--db D]")
	dsn := p.dbFlag(fs)
	slug := fs.String("tenant", "", "the tenant to fill (required; create it with agentlog tenant create)")
	cfg := simulate.Config{}
	fs.IntVar(&cfg.Agents, "agents", 50, "number of agents")
	fs.IntVar(&cfg.Days, "days", 14, "number of days up to now")
	fs.Int64Var(&cfg.Seed, "seed", 1, "the same seed gives the same activity")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("demo", rest); err != nil {
		return err
	}
	if *slug == "" {
		return errUsage{"demo needs --tenant"}
	}
	if cfg.Agents < 1 || cfg.Days < 0 {
		return errUsage{"demo needs --agents of at least 1 and --days of at least 0"}
	}
	return p.withTenant(ctx, *dsn, *slug, func(db *store.DB, t activity.Tenant) error {
		start := time.Now()
		stats, err := simulateInto(ctx, db, t, cfg, p.now())
		if err != nil {
			return err
		}
		fmt.Fprintf(p.Stderr, "agentlog: simulated %d agents over %d days into %s in %s: %d status events, %d session events, %d calls\n",
			stats.Users, cfg.Days, t.Slug, time.Since(start).Round(time.Millisecond), stats.StatusEvents, stats.SessionEvents, stats.Calls)
		return nil
	})
}

// simulateInto runs the simulation up to end in the tenant's zone and stores
// what it makes. Ids are deterministic, so running it again adds only what
// is new since the last run.
func simulateInto(ctx context.Context, db *store.DB, t activity.Tenant, cfg simulate.Config, end time.Time) (simulate.Stats, error) {
	zone, err := time.LoadLocation(t.TimeZone)
	if err != nil {
		return simulate.Stats{}, err
	}
	cfg.End, cfg.Zone = end, zone
	stats, err := simulate.Run(ctx, cfg, store.Loader{DB: db, TenantID: t.ID})
	if err != nil {
		return stats, err
	}
	return stats, db.Optimize(ctx) // the planner's statistics, after a bulk load
}
