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
	var guard server.Config
	fs.Float64Var(&guard.RateLimit, "rate-limit", 0, "requests a second each API key may make (0: no limit)")
	fs.IntVar(&guard.RateBurst, "rate-burst", 0, "requests a key may make at once above its rate (0: as many as one second's rate)")
	fs.IntVar(&guard.MaxConcurrent, "max-concurrent", 0, "requests served at once; more wait a moment, then get 503 (0: no limit)")
	fs.DurationVar(&guard.ReadTimeout, "read-timeout", 0, "longest time to read a request, body included (0: 2m)")
	fs.DurationVar(&guard.WriteTimeout, "write-timeout", 0, "longest time to write an answer; streams: one write (0: 5m)")
	fs.DurationVar(&guard.IdleTimeout, "idle-timeout", 0, "how long an idle keep-alive connection stays open (0: 2m)")
	fs.IntVar(&guard.MaxHeaderBytes, "max-header-bytes", 0, "largest request header; larger is a 431 (0: 64 KiB)")
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
	if guard.RateLimit < 0 || guard.RateBurst < 0 || guard.MaxConcurrent < 0 || guard.ReadTimeout < 0 || guard.WriteTimeout < 0 ||
		guard.IdleTimeout < 0 || guard.MaxHeaderBytes < 0 {
		return errUsage{"serve needs --rate-limit, --rate-burst, --max-concurrent, --read-timeout, --write-timeout, --idle-timeout and --max-header-bytes of 0 (the default) or more"}
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
	guard.Limits, guard.MaxListLimit = limits, *maxListLimit
	srv := server.New(db, log, guard)
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
