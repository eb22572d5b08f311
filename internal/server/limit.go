package server

import (
	"net/http"
	"strconv"
	"time"

	"agentlog/internal/auth"
	"agentlog/internal/metrics"
)

// The defaults of the connection limits.
const (
	defaultReadHeaderTimeout = 10 * time.Second
	defaultReadTimeout       = 2 * time.Minute // a large NDJSON batch over a slow link
	defaultWriteTimeout      = 5 * time.Minute
	defaultIdleTimeout       = 2 * time.Minute
	defaultMaxHeaderBytes    = 64 << 10
	// defaultConcurrencyWait is how long a request beyond MaxConcurrent
	// queues for a turn: long enough to ride out a burst, short enough
	// that a client is told to come back before its own time-out.
	defaultConcurrencyWait = 250 * time.Millisecond
)

// withDefaultLimits fills the limits cfg leaves zero.
func withDefaultLimits(cfg Config) Config {
	set := func(d *time.Duration, def time.Duration) {
		if *d == 0 {
			*d = def
		}
	}
	set(&cfg.ReadHeaderTimeout, defaultReadHeaderTimeout)
	set(&cfg.ReadTimeout, defaultReadTimeout)
	set(&cfg.WriteTimeout, defaultWriteTimeout)
	set(&cfg.IdleTimeout, defaultIdleTimeout)
	set(&cfg.ConcurrencyWait, defaultConcurrencyWait)
	if cfg.MaxHeaderBytes == 0 {
		cfg.MaxHeaderBytes = defaultMaxHeaderBytes
	}
	return cfg
}

// rateLimiter is the per-key limiter of cfg, nil without a rate.
func rateLimiter(cfg Config) *auth.RateLimiter {
	l := auth.NewRateLimiter(cfg.RateLimit, cfg.RateBurst)
	if l != nil {
		l.Refused = func() { limited(cfg, "key") }
	}
	return l
}

// limited counts a request refused by a limit ("key" or "concurrency") in
// the metrics and tells OnLimited.
func limited(cfg Config, limit string) {
	metrics.RateLimited.WithLabelValues(limit).Inc()
	if cfg.OnLimited != nil {
		cfg.OnLimited(limit)
	}
}

// unbounded are the routes the concurrency limit leaves alone: the probes,
// which must answer a load balancer most of all under load, and the event
// stream, whose clients stay connected for hours and would otherwise hold
// the turns of every other request.
var unbounded = map[string]bool{
	"GET /healthz":       true,
	"GET /readyz":        true,
	"GET /api/v1/stream": true,
}

// concurrencyLimit lets at most cap(turns) requests be served at once. A
// request beyond it queues for a moment (wait), then is refused with 503
// and Retry-After: queueing longer would only hold connections and memory
// while the server is already behind.
type concurrencyLimit struct {
	turns   chan struct{} // nil: no limit
	wait    time.Duration
	refused func()
}

func (s *Server) newConcurrencyLimit() *concurrencyLimit {
	l := &concurrencyLimit{wait: s.cfg.ConcurrencyWait, refused: func() { limited(s.cfg, "concurrency") }}
	if s.cfg.MaxConcurrent > 0 {
		l.turns = make(chan struct{}, s.cfg.MaxConcurrent)
	}
	return l
}

// wrap returns r's handler, bounded unless r is exempt.
func (l *concurrencyLimit) wrap(r route) http.Handler {
	if l.turns == nil || unbounded[r.pattern] {
		return r.handler
	}
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if !l.acquire(req) {
			if req.Context().Err() != nil {
				return // the client went away while it waited
			}
			l.refused()
			w.Header().Set("Retry-After", strconv.Itoa(auth.RetryAfterSeconds(l.wait)))
			writeSurfaceError(w, req, errUnavailable, "the server is serving as many requests as it may at once: try again in a moment")
			return
		}
		defer func() { <-l.turns }()
		r.handler.ServeHTTP(w, req)
	})
}

// acquire takes a turn, waiting up to l.wait for one.
func (l *concurrencyLimit) acquire(req *http.Request) bool {
	select {
	case l.turns <- struct{}{}:
		return true
	default:
	}
	if l.wait <= 0 {
		return false
	}
	t := time.NewTimer(l.wait)
	defer t.Stop()
	select {
	case l.turns <- struct{}{}:
		return true
	case <-t.C:
		return false
	case <-req.Context().Done():
		return false
	}
}
