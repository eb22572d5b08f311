// Package connector pulls a contact center's history from a vendor's API
// into a tenant: VoIPcube's status log, Cention's logins and logouts,
// OneUptime's call log, and 3CX's call history and agent login history.
// These are the same contracts agentlog serves (internal/compat), read from
// the client side.
//
// A sync walks time forward in windows each vendor accepts, pages through
// every window, stores what it read through the store's ingestion (which
// recognises an event it has seen by its id, given by the vendor or derived
// from the content), and writes a checkpoint after each window, so that a
// restarted sync resumes where it stopped and re-reading a window adds
// nothing.
//
// The HTTP client with retries is hand-written on net/http: it is a loop of
// some forty lines, and the retry modules around would bring their own
// logging and back-off types for no gain.
package connector

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// Sources lists the vendors a sync reads, as --source names them.
var Sources = []string{"voipcube", "cention", "oneuptime", "3cx"}

// Config says what to pull from where into which tenant.
type Config struct {
	Source     string // one of Sources
	URL        string // the vendor API's base URL; Cention's ends in /s/<workspace>
	Key        string // the vendor's API key (3CX: <client id>.<client secret>)
	DB         *store.DB
	Tenant     activity.Tenant // where the data goes
	Since      time.Time       // where to start when there is no checkpoint
	Checkpoint string          // the checkpoint file; "" keeps none
	Follow     time.Duration   // once caught up, poll again this often; 0 stops
	// Overlap re-reads this much before the checkpoint on each pass, for
	// vendors that receive events late; re-reading adds nothing twice.
	Overlap  time.Duration
	Window   time.Duration // 0: the source's default; never above its limit
	Retry    Retry
	HTTP     *http.Client     // nil: one that waits at most 2 minutes for an answer to begin
	Now      func() time.Time // nil: the real clock
	Progress func(line string)
}

// Stats counts what a sync did.
type Stats struct {
	Windows      int // windows read and stored
	Requests     int // HTTP requests sent, retries included
	Retries      int
	Read         int // items read from the vendor
	New          int // items stored for the first time
	Known        int // items that were there already (calls: replaced by the same or a newer version)
	UsersCreated int
	Until        time.Time // everything before it is stored (the checkpoint)
}

// source is one vendor's side of a sync.
type source interface {
	// span is the window to read next from pos, ending no later than end.
	span(pos, end time.Time) (from, to time.Time)
	// read reads the window [from, to) and stores it, page by page.
	read(ctx context.Context, from, to time.Time) error
}

// syncer is one sync's state, shared by its source.
type syncer struct {
	cfg   Config
	http  *client
	src   source
	stats Stats
}

// Run syncs cfg: from the checkpoint (or Since) up to now, window by
// window, and with Follow again every Follow until ctx ends. It returns
// what it did; an error names what failed. A sync stopped by ctx returns
// ctx's error, having stored every window it finished.
func Run(ctx context.Context, cfg Config) (Stats, error) {
	s, err := newSyncer(cfg)
	if err != nil {
		return Stats{}, err
	}
	pos, resumed, err := s.startPosition()
	if err != nil {
		return s.stats, err
	}
	s.stats.Until = pos
	for first := true; ; first = false {
		if !first || resumed {
			pos = pos.Add(-cfg.Overlap)
		}
		if pos, err = s.pass(ctx, pos); err != nil {
			return s.stats, err
		}
		if cfg.Follow <= 0 {
			return s.stats, nil
		}
		if err := sleep(ctx, cfg.Follow); err != nil {
			return s.stats, err
		}
	}
}

func newSyncer(cfg Config) (*syncer, error) {
	if cfg.DB == nil || cfg.Tenant.ID == 0 {
		return nil, errors.New("connector: DB and Tenant are required")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.HTTP == nil {
		// No time-out on the whole exchange: a week of Cention's log may
		// stream for longer than any fixed bound.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.ResponseHeaderTimeout = 2 * time.Minute
		cfg.HTTP = &http.Client{Transport: t}
	}
	if cfg.Progress == nil {
		cfg.Progress = func(string) {}
	}
	cfg.URL = strings.TrimRight(cfg.URL, "/")
	if !strings.HasPrefix(cfg.URL, "http://") && !strings.HasPrefix(cfg.URL, "https://") {
		return nil, activity.Errorf(activity.EInvalid, "url %q is not an http:// or https:// URL", cfg.URL)
	}
	s := &syncer{cfg: cfg}
	s.http = &client{http: cfg.HTTP, retry: cfg.Retry.withDefaults(), stats: &s.stats, say: cfg.Progress}
	var err error
	s.src, err = newSource(s)
	return s, err
}

func newSource(s *syncer) (source, error) {
	switch s.cfg.Source {
	case "voipcube":
		return &voipcube{s: s}, nil
	case "cention":
		return newCention(s), nil
	case "oneuptime":
		return &oneuptime{s: s}, nil
	case "3cx":
		return newThreeCX(s), nil
	}
	return nil, activity.Errorf(activity.EInvalid, "source %q is unknown: use %s", s.cfg.Source, strings.Join(Sources, ", "))
}

// pass reads every window from pos up to now and returns where it got.
func (s *syncer) pass(ctx context.Context, pos time.Time) (time.Time, error) {
	end := s.cfg.Now().UTC().Truncate(time.Millisecond)
	for pos.Before(end) {
		from, to := s.src.span(pos, end)
		if !to.After(pos) {
			break // less than the source's smallest step is left
		}
		before := s.stats
		if err := s.src.read(ctx, from, to); err != nil {
			return pos, fmt.Errorf("%s window %s to %s: %w", s.cfg.Source, activity.FormatTime(from), activity.FormatTime(to), err)
		}
		if err := s.saveCheckpoint(to); err != nil {
			return pos, err
		}
		s.stats.Windows++
		s.stats.Until = to
		s.cfg.Progress(fmt.Sprintf("%s: %s to %s: %d read, %d new, %d known", s.cfg.Source,
			activity.FormatTime(from), activity.FormatTime(to), s.stats.Read-before.Read, s.stats.New-before.New, s.stats.Known-before.Known))
		pos = to
	}
	return pos, nil
}

// windowOr is the configured window, or def, never above limit.
func (s *syncer) windowOr(def, limit time.Duration) time.Duration {
	w := def
	if s.cfg.Window > 0 {
		w = s.cfg.Window
	}
	if limit > 0 && w > limit {
		w = limit
	}
	return w
}

// count adds an ingestion's result to the stats.
// Data the store refuses is a bad answer: reading it again would not help.
func (s *syncer) count(res store.IngestResult, err error) error {
	if activity.ErrorCode(err) == activity.EInvalid {
		return badAnswer{fmt.Errorf("storing what the vendor sent: %s", activity.ErrorMessage(err))}
	}
	if err != nil {
		return storeError{err}
	}
	s.stats.Read += res.Received
	s.stats.New += res.New
	s.stats.Known += res.Known
	s.stats.UsersCreated += res.UsersCreated
	return nil
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
