package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"time"

	"agentlog/internal/api"
	"agentlog/internal/compat/oneuptime"
	"agentlog/internal/server"
	"agentlog/internal/store"
)

func (p *Program) serve(ctx context.Context, args []string) error {
	fs := p.newFlags("serve", "serve [--addr A] [--db D] [--demo]")
	dsn := p.dbFlag(fs)
	addr := fs.String("addr", p.env("AGENTLOG_ADDR", "127.0.0.1:8080"), "listen address (env AGENTLOG_ADDR)")
	demo := fs.Bool("demo", false, "create tenant demo with an admin key and simulated activity, if it does not exist")
	logFormat := fs.String("log-format", p.env("AGENTLOG_LOG_FORMAT", "text"), "log format: text or json (env AGENTLOG_LOG_FORMAT)")
	limits := api.DefaultLimits
	fs.Int64Var(&limits.MaxBodyBytes, "max-body-bytes", limits.MaxBodyBytes, "largest ingestion request body")
	fs.IntVar(&limits.MaxBatch, "max-batch", limits.MaxBatch, "most items in one ingestion batch")
	maxListLimit := fs.Int("max-list-limit", oneuptime.DefaultMaxLimit, "largest page of OneUptime's call-log get-list")
	grace := fs.Duration("shutdown-grace", 30*time.Second, "how long in-flight requests may run after SIGTERM before they are cut")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("serve", rest); err != nil {
		return err
	}
	log, err := p.logger(*logFormat)
	if err != nil {
		return err
	}
	if limits.MaxBodyBytes < 1 || limits.MaxBatch < 1 || *maxListLimit < 1 {
		return errUsage{"serve needs --max-body-bytes, --max-batch and --max-list-limit of at least 1"}
	}
	if *grace <= 0 {
		return errUsage{"serve needs a --shutdown-grace above 0, such as 30s"}
	}
	db, err := p.openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	l, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", *addr, err)
	}
	url := "http://" + l.Addr().String()
	if *demo {
		if err := p.setupDemo(ctx, db, url, log); err != nil {
			l.Close()
			return err
		}
	}
	log.Info("agentlog serving", "url", url, "database", db.Dialect())
	if p.Listening != nil {
		p.Listening(l.Addr().String())
	}
	srv := server.New(db, log, server.Config{Limits: limits, MaxListLimit: *maxListLimit, ShutdownGrace: *grace})
	return srv.Serve(ctx, l)
}

func (p *Program) logger(format string) (*slog.Logger, error) {
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(p.Stderr, nil)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(p.Stderr, nil)), nil
	}
	return nil, errUsage{fmt.Sprintf("--log-format %q is not valid: use text or json", format)}
}

// demoLiveEvery is how often serve --demo adds the simulated activity that
// has happened since, so that the demo keeps looking live.
const demoLiveEvery = 30 * time.Second

// keepDemoLive adds the demo's new activity until ctx is done.
func (p *Program) keepDemoLive(ctx context.Context, db *store.DB, log *slog.Logger) {
	t, err := db.TenantBySlug(ctx, demoSlug)
	if err != nil {
		return
	}
	tick := time.NewTicker(demoLiveEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			cfg := demoConfig
			cfg.Days = 0 // today only: earlier days are stored
			if _, err := simulateInto(ctx, db, t, cfg, p.now()); err != nil && ctx.Err() == nil {
				log.Warn("demo: adding live activity failed", "err", err)
			}
		}
	}
}
