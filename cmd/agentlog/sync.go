package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/connector"
	"agentlog/internal/store"
)

const syncSynopsis = "sync --source voipcube|cention|oneuptime|3cx --url U --key K --tenant S [--since T] " +
	"[--follow INTERVAL] [--checkpoint FILE] [--overlap D] [--window D] [--db D]"

// syncCmd pulls a vendor API's data into a tenant, window by window, with a
// checkpoint to resume from; with --follow it keeps polling until
// interrupted. Progress and a summary go to stderr.
func (p *Program) syncCmd(ctx context.Context, args []string) error {
	fs := p.newFlags("sync", syncSynopsis)
	dsn := p.dbFlag(fs)
	source := fs.String("source", "", "voipcube, cention, oneuptime or 3cx (required)")
	baseURL := fs.String("url", "", "the vendor API's base URL; Cention's ends in /s/<workspace> (required)")
	key := fs.String("key", p.env("AGENTLOG_SYNC_KEY", ""), "the vendor's API key; 3CX: <client id>.<client secret> (env AGENTLOG_SYNC_KEY)")
	slug := fs.String("tenant", "", "the local tenant's slug (required)")
	sinceText := fs.String("since", "", "where to start without a checkpoint, ISO 8601 (default: 7 days ago)")
	follow := fs.Duration("follow", 0, "once caught up, poll again this often (e.g. 1m) until interrupted")
	checkpoint := fs.String("checkpoint", "", "file that keeps how far the sync got, to resume from")
	window := fs.Duration("window", 0, "read at most this much time per request (default: the vendor's largest)")
	overlap := fs.Duration("overlap", 0, "re-read this much before the checkpoint, for events the vendor receives late")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("sync", rest); err != nil {
		return err
	}
	if *source == "" || *baseURL == "" || *key == "" || *slug == "" {
		return errUsage{"sync needs --source, --url, --key and --tenant (see agentlog sync -h)"}
	}
	if !slices.Contains(connector.Sources, *source) {
		return errUsage{fmt.Sprintf("--source %q is unknown: use %s", *source, strings.Join(connector.Sources, ", "))}
	}
	if !strings.HasPrefix(*baseURL, "http://") && !strings.HasPrefix(*baseURL, "https://") {
		return errUsage{fmt.Sprintf("--url %q is not an http:// or https:// URL", *baseURL)}
	}
	if *follow < 0 || *window < 0 || *overlap < 0 {
		return errUsage{"--follow, --window and --overlap must not be negative"}
	}
	since, err := flagTime("since", *sinceText)
	if err != nil {
		return err
	}
	return p.withTenant(ctx, *dsn, *slug, func(db *store.DB, t activity.Tenant) error {
		cfg := connector.Config{Source: *source, URL: *baseURL, Key: *key, DB: db, Tenant: t, Since: since,
			Checkpoint: *checkpoint, Follow: *follow, Window: *window, Overlap: *overlap, Now: p.Now,
			Progress: func(line string) { fmt.Fprintln(p.Stderr, "agentlog: "+line) }}
		start := time.Now()
		stats, err := connector.Run(ctx, cfg)
		p.syncSummary(cfg, stats, time.Since(start), err)
		if err != nil && *follow > 0 && errors.Is(err, context.Canceled) && ctx.Err() != nil {
			return nil // interrupted while following: the way a follow ends
		}
		return err
	})
}

func (p *Program) syncSummary(cfg connector.Config, s connector.Stats, took time.Duration, err error) {
	word := "synced"
	if err != nil {
		word = "stopped syncing"
	}
	until := "nothing stored yet"
	if !s.Until.IsZero() {
		until = "stored up to " + activity.FormatTime(s.Until)
	}
	fmt.Fprintf(p.Stderr, "agentlog: %s %s into %s: %d windows, %d items read, %d new, %d known already, %d users created, %d requests (%d retried); %s, in %s\n",
		word, cfg.Source, cfg.Tenant.Slug, s.Windows, s.Read, s.New, s.Known, s.UsersCreated, s.Requests, s.Retries, until, took.Round(time.Millisecond))
}
