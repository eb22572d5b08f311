// Package server puts agentlog's HTTP surfaces together: the route table,
// the middleware every request passes, and the server's lifecycle.
package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"time"

	"agentlog/internal/api"
	"agentlog/internal/auth"
	"agentlog/internal/compat/cention"
	"agentlog/internal/compat/oneuptime"
	"agentlog/internal/compat/voipcube"
	"agentlog/internal/compat/xapi"
	"agentlog/internal/store"
)

// Config holds the server's settings.
type Config struct {
	Limits api.Limits
	// MaxListLimit is the largest page of OneUptime's get-list (default 100).
	MaxListLimit int
	// Stream paces /api/v1/stream (zero: api.DefaultStreamTiming).
	Stream api.StreamTiming
	// ShutdownGrace is how long in-flight requests may take to finish after
	// a stop signal.
	ShutdownGrace time.Duration

	// Connection limits (zero: the defaults of New). Streams (exports, the
	// event stream) push their write deadline ahead with each write, so
	// WriteTimeout bounds a stalled write of theirs, not their length.
	ReadHeaderTimeout time.Duration
	ReadTimeout       time.Duration // the whole request, body included
	WriteTimeout      time.Duration
	IdleTimeout       time.Duration
	MaxHeaderBytes    int
	// RateLimit is each key's requests a second, in bursts of RateBurst
	// (0: no limit); beyond it a request is a 429 with Retry-After.
	RateLimit float64
	RateBurst int
	// MaxConcurrent bounds the requests served at once (0: no bound); a
	// request beyond it waits up to ConcurrencyWait (0: 250 ms, negative:
	// not at all) for a turn, then is a 503 with Retry-After. The probes
	// and the event stream are not counted (limit.go).
	MaxConcurrent   int
	ConcurrencyWait time.Duration
	// OnLimited, when set, is told of each request refused by a limit:
	// "rate" or "concurrency" (for metrics).
	OnLimited func(limit string)
}

// Server serves every HTTP surface of agentlog over one database.
type Server struct {
	db        *store.DB
	log       *slog.Logger
	api       *api.API
	voipcube  *voipcube.Handler
	cention   *cention.Handler
	oneuptime *oneuptime.Handler
	xapi      *xapi.Handler
	http      *http.Server
	cfg       Config
}

// New builds a server over db.
func New(db *store.DB, log *slog.Logger, cfg Config) *Server {
	if cfg.Limits.MaxBatch == 0 {
		cfg.Limits.MaxBatch = api.DefaultLimits.MaxBatch
	}
	if cfg.Limits.MaxBodyBytes == 0 {
		cfg.Limits.MaxBodyBytes = api.DefaultLimits.MaxBodyBytes
	}
	if cfg.ShutdownGrace == 0 {
		cfg.ShutdownGrace = 30 * time.Second
	}
	cfg = withDefaultLimits(cfg)
	authn := &auth.Authenticator{DB: db, Log: log, Limiter: rateLimiter(cfg)}
	s := &Server{db: db, log: log, cfg: cfg,
		api:       &api.API{DB: db, Auth: authn, Log: log, Limits: cfg.Limits, StreamTiming: cfg.Stream},
		voipcube:  &voipcube.Handler{DB: db, Auth: authn, Log: log},
		cention:   &cention.Handler{DB: db, Auth: authn, Log: log},
		oneuptime: &oneuptime.Handler{DB: db, Auth: authn, Log: log, MaxLimit: cfg.MaxListLimit},
		xapi:      &xapi.Handler{DB: db, Auth: authn, Log: log}}
	s.http = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	return s
}

// Handler is the whole server as one handler, with its middleware.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	sem := s.newConcurrencyLimit()
	for _, r := range s.routes() {
		mux.Handle(r.pattern, sem.wrap(r))
	}
	return s.logRequests(s.recoverPanics(s.refuseBadText(s.apiFallback(mux))))
}

// maintainEvery is how often the server refreshes the database's planner
// statistics.
const maintainEvery = time.Hour

// maintain keeps the database's statistics fresh while the server runs,
// hourly. Not at start: statistics taken of a database about to be filled
// mislead the planner until the next refresh.
func (s *Server) maintain(ctx context.Context) {
	tick := time.NewTicker(maintainEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		if err := s.db.Optimize(ctx); err != nil && ctx.Err() == nil {
			s.log.Warn("refreshing database statistics failed", "err", err)
		}
	}
}

// Serve answers requests on l until ctx is done, then stops accepting and
// lets in-flight requests finish within the grace period.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(l) }()
	go s.maintain(ctx)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", s.cfg.ShutdownGrace)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownGrace)
	defer cancel()
	err := s.http.Shutdown(shutdownCtx)
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}
