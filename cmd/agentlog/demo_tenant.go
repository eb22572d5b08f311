package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/simulate"
	"agentlog/internal/store"
)

const demoSlug = "demo"

// demoConfig is the demo's contact center: big enough to look real, small
// enough to build in a few seconds.
var demoConfig = simulate.Config{Agents: 50, Days: 14, Seed: 1}

// demoStatuses are the simulation's statuses with a category and colour.
var demoStatuses = simulate.StatusDefinitions

// setupDemo creates the demo tenant, its admin key and its activity on the
// first start; later starts only add the activity since the last one. The
// key is printed once, on stdout.
func (p *Program) setupDemo(ctx context.Context, db *store.DB, url string, log *slog.Logger) error {
	t, err := db.TenantBySlug(ctx, demoSlug)
	if activity.ErrorCode(err) == activity.ENotFound {
		t, err = p.createDemoTenant(ctx, db, url)
	}
	if err != nil {
		return err
	}
	if err := p.createDemoOperator(ctx, db, t, url); err != nil {
		return err
	}
	start := time.Now()
	stats, err := simulateInto(ctx, db, t, demoConfig, p.now())
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	log.Info("demo activity ready", "tenant", t.Slug, "agents", stats.Users, "statusEvents", stats.StatusEvents,
		"sessionEvents", stats.SessionEvents, "calls", stats.Calls, "took", time.Since(start).Round(time.Millisecond))
	go p.keepDemoLive(ctx, db, log)
	return nil
}

func (p *Program) createDemoTenant(ctx context.Context, db *store.DB, url string) (activity.Tenant, error) {
	t := activity.Tenant{Slug: demoSlug, Name: "Demo contact center", TimeZone: "UTC"}
	if err := db.CreateTenant(ctx, &t); err != nil {
		return t, err
	}
	for i := range demoStatuses {
		if err := db.PutStatusDefinition(ctx, t.ID, &demoStatuses[i]); err != nil {
			return t, err
		}
	}
	key, err := createKey(ctx, db, t, "demo admin", []string{activity.ScopeAll}, 0)
	if err != nil {
		return t, err
	}
	fmt.Fprintf(p.Stdout, `Demo tenant %q created. Its admin API key, shown only this once:

  %s

Try:
  curl -H 'Authorization: Bearer %s' %s/api/v1/users
  curl -H 'Authorization: Bearer %s' '%s/api/v1/status-events?limit=5'

`, t.Slug, key, key, url, key, url)
	return t, nil
}

// demoOperatorEmail signs in to the demo tenant's pages.
const demoOperatorEmail = "admin@demo.example"

// createDemoOperator creates the demo tenant's admin operator with a random
// password, printed once, unless it exists already.
func (p *Program) createDemoOperator(ctx context.Context, db *store.DB, t activity.Tenant, url string) error {
	_, _, err := db.OperatorByEmail(ctx, demoOperatorEmail)
	if err == nil || activity.ErrorCode(err) != activity.EUnauthorized {
		return err
	}
	password := randomPassword()
	o := activity.Operator{Email: demoOperatorEmail, Role: activity.RoleAdmin}
	if err := db.CreateOperator(ctx, t.ID, &o, auth.HashPassword(password)); err != nil {
		return err
	}
	fmt.Fprintf(p.Stdout, `Sign in to the pages at %s/login, shown only this once:

  email:    %s
  password: %s

`, url, o.Email, password)
	return nil
}

func randomPassword() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
