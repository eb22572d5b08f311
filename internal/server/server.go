// Package server puts agentlog's HTTP surfaces together: the route table,
// the middleware every request passes, and the server's lifecycle.
package server

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"agentlog/internal/api"
	"agentlog/internal/auth"
	"agentlog/internal/compat/cention"
	"agentlog/internal/compat/oneuptime"
	"agentlog/internal/compat/voipcube"
	"agentlog/internal/compat/xapi"
	"agentlog/internal/metrics"
	"agentlog/internal/store"
	"agentlog/internal/web"
	"agentlog/internal/webhook"
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
	// OnLimited, when set, is told of each request refused by a limit, as
	// the metric agentlog_rate_limited_requests_total counts it: "key" (a
	// key over its rate, 429) or "concurrency" (503).
	OnLimited func(limit string)

	// TrustedProxies are the peers whose X-Forwarded-For and
	// X-Forwarded-Proto the request log believes.
	TrustedProxies []netip.Prefix
	// MetricsToken, when set, serves /metrics to requests that carry it as
	// a bearer token: on the main listener, or on MetricsListener if set.
	MetricsToken string
	// MetricsListener, when set, serves /metrics alone (needing
	// MetricsToken only if that is set too), for a private address.
	MetricsListener net.Listener
	// TLS, when set, makes the server speak HTTPS (and HTTP/2) with its
	// certificates.
	TLS *tls.Config
	// Webhooks paces the delivery of webhooks (zero: webhook.DefaultTiming).
	Webhooks webhook.Timing
	// RetentionEvery is how often the tenants' expired events are deleted
	// (default hourly, and once at start).
	RetentionEvery time.Duration
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
	web       *web.Web
	http      *http.Server
	metrics   *http.Server // on cfg.MetricsListener; nil without one
	cfg       Config
	webhooks  *webhook.Deliverer
	// cutRequests cancels the context of every request, when the grace
	// period after a stop signal is over.
	cutRequests context.CancelFunc
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
	if cfg.RetentionEvery == 0 {
		cfg.RetentionEvery = time.Hour
	}
	cfg = withDefaultLimits(cfg)
	authn := &auth.Authenticator{DB: db, Log: log, Limiter: rateLimiter(cfg)}
	s := &Server{db: db, log: log, cfg: cfg,
		api:       &api.API{DB: db, Auth: authn, Log: log, Limits: cfg.Limits, StreamTiming: cfg.Stream},
		voipcube:  &voipcube.Handler{DB: db, Auth: authn, Log: log},
		cention:   &cention.Handler{DB: db, Auth: authn, Log: log},
		oneuptime: &oneuptime.Handler{DB: db, Auth: authn, Log: log, MaxLimit: cfg.MaxListLimit},
		xapi:      &xapi.Handler{DB: db, Auth: authn, Log: log}}
	s.web = web.New(db, s.api, log)
	s.webhooks = &webhook.Deliverer{DB: db, Log: log, Render: api.FeedItemData, Timing: cfg.Webhooks}
	s.http = &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		MaxHeaderBytes:    cfg.MaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	if cfg.MetricsListener != nil {
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", metrics.Handler(db.Pools(), cfg.MetricsToken))
		s.metrics = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ErrorLog: s.http.ErrorLog}
	}
	requests, cut := context.WithCancel(context.Background())
	s.http.BaseContext = func(net.Listener) context.Context { return requests }
	s.cutRequests = cut
	return s
}

// metricsRoute serves /metrics on the main listener only when a token
// protects it and it has no listener of its own; otherwise the path does
// not exist there.
func (s *Server) metricsRoute() http.Handler {
	if s.cfg.MetricsToken == "" || s.cfg.MetricsListener != nil {
		return http.NotFoundHandler()
	}
	return metrics.Handler(s.db.Pools(), s.cfg.MetricsToken)
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

// serve serves HTTP on l, or HTTPS with the configured certificates.
func (s *Server) serve(l net.Listener) error {
	if s.cfg.TLS == nil {
		return s.http.Serve(l)
	}
	s.http.TLSConfig = s.cfg.TLS
	return s.http.ServeTLS(l, "", "")
}

// Serve answers requests on l and delivers webhooks until ctx is done, then
// stops accepting and lets in-flight requests finish within the grace
// period. Requests still running when it ends are cut: their contexts are
// cancelled (an ingestion rolls back, unanswered) and their connections
// closed, so a client of an export or a stream sees a broken transfer,
// never a short answer that looks whole. Serve then returns nil, the stop
// being orderly, once the webhook deliverer and the background work have
// stopped too.
func (s *Server) Serve(ctx context.Context, l net.Listener) error {
	errc := make(chan error, 1)
	go func() { errc <- s.serve(l) }()
	if s.metrics != nil {
		go func() { _ = s.metrics.Serve(s.cfg.MetricsListener) }()
		defer s.metrics.Close()
	}
	// The background work ends before Serve returns, so that the caller
	// may close the database then.
	background, stopBackground := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		stopBackground()
		wg.Wait()
	}()
	wg.Go(func() { s.maintain(background) })
	wg.Go(func() { s.retain(background) })
	wg.Go(func() { s.webhooks.Run(background) })
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down", "grace", s.cfg.ShutdownGrace)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownGrace)
	defer cancel()
	err := s.http.Shutdown(shutdownCtx)
	if errors.Is(err, context.DeadlineExceeded) {
		s.log.Warn("cutting the requests still running at the end of the grace period", "grace", s.cfg.ShutdownGrace)
		s.cutRequests()
		err = s.http.Close()
	}
	if serveErr := <-errc; !errors.Is(serveErr, http.ErrServerClosed) {
		err = errors.Join(err, serveErr)
	}
	return err
}
