package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	"time"

	"agentlog/internal/server"
	"agentlog/internal/store"
)

func (p *Program) serve(ctx context.Context, args []string) error {
	fs := p.newFlags("serve", "serve [--config FILE] [--print-config] [--addr A] [--db D] [--demo] [settings...]")
	var c serveConfig
	settings := serveSettings(&c)
	settings.Flags(fs.FlagSet)
	printConfig := fs.Bool("print-config", false, "print the effective configuration, secrets masked, and exit")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("serve", rest); err != nil {
		return err
	}
	if err := settings.Resolve(p.Getenv); err != nil {
		return errUsage{err.Error()}
	}
	if *printConfig {
		return settings.Print(p.Stdout)
	}
	if c.Server.TLS, err = loadTLS(c.TLSCert, c.TLSKey); err != nil {
		return err
	}
	log := p.logger(c.LogFormat, c.LogLevel)
	db, err := p.openDB(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	l, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", c.Addr, err)
	}
	if c.MetricsAddr != "" {
		ml, err := net.Listen("tcp", c.MetricsAddr)
		if err != nil {
			l.Close()
			return fmt.Errorf("cannot listen on %s for metrics: %w", c.MetricsAddr, err)
		}
		c.Server.MetricsListener = ml
		defer ml.Close()
	}
	url := "http://" + l.Addr().String()
	if c.Server.TLS != nil {
		url = "https://" + l.Addr().String()
	}
	if c.Demo {
		if err := p.setupDemo(ctx, db, url, log); err != nil {
			l.Close()
			return err
		}
	}
	log.Info("agentlog serving", "url", url, "database", db.Dialect(), "version", versionString())
	if ml := c.Server.MetricsListener; ml != nil {
		log.Info("metrics served", "url", "http://"+ml.Addr().String()+"/metrics")
	}
	if p.Listening != nil {
		p.Listening(l.Addr().String())
	}
	srv := server.New(db, log, c.Server)
	return srv.Serve(ctx, l)
}

// loadTLS loads the certificate and key, when given, so that a mistake in
// them stops start-up rather than the first handshake.
func loadTLS(certFile, keyFile string) (*tls.Config, error) {
	if certFile == "" && keyFile == "" {
		return nil, nil
	}
	if certFile == "" || keyFile == "" {
		return nil, errUsage{"invalid configuration: tls-cert and tls-key must be set together (or neither, for plain HTTP behind a proxy)"}
	}
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, errUsage{fmt.Sprintf("invalid configuration: tls-cert %q and tls-key %q: %v", certFile, keyFile, err)}
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, nil
}

// logger writes to stderr in the format and from the level the settings
// name (both validated by then).
func (p *Program) logger(format, level string) *slog.Logger {
	var lv slog.Level
	_ = lv.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: lv}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(p.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(p.Stderr, opts))
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
