package server

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"

	"agentlog/internal/metrics"
)

// statusRecorder remembers the status and size of a response for the log.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(status int) {
	if r.status == 0 {
		r.status = status
	}
	r.ResponseWriter.WriteHeader(status)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection (flushing a
// stream, extending a deadline).
func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests writes one log line per request, with a request id that is
// also returned as X-Request-Id. Keys and query values that could hold
// secrets are not logged: only the path and the route's pattern.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get("X-Request-Id")
		if !validRequestID(id) {
			id = newRequestID()
		}
		w.Header().Set("X-Request-Id", id)
		rec := &statusRecorder{ResponseWriter: w}
		start := time.Now()
		next.ServeHTTP(rec, r)
		took := time.Since(start)
		countRequest(r.Pattern, rec.status, took)
		c := clientOf(r, s.cfg.TrustedProxies)
		s.log.Info("request", "id", id, "method", r.Method, "path", r.URL.Path, "route", r.Pattern,
			"status", rec.status, "bytes", rec.bytes, "ms", took.Milliseconds(),
			"client", c.addr, "scheme", c.scheme)
	})
}

// validRequestID accepts a caller's request id of 1 to 64 letters, digits
// and . _ : - (a UUID, a trace id); anything else is replaced, so that the
// log holds no injected text.
func validRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, c := range id {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '.' || c == '_' || c == ':' || c == '-'
		if !ok {
			return false
		}
	}
	return true
}

// recoverPanics turns a panic in a handler into a 500 without internals,
// logged once, instead of a dropped connection.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "method", r.Method, "path", r.URL.Path, "panic", v)
				w.Header().Set("Content-Type", "application/json; charset=utf-8")
				w.WriteHeader(http.StatusInternalServerError)
				_, _ = w.Write([]byte(`{"error":"internal error","code":"internal"}` + "\n"))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// countRequest counts a request by its route's pattern (never its path,
// which would make a series per user id) and status.
func countRequest(pattern string, status int, took time.Duration) {
	if pattern == "" {
		pattern = "unmatched"
	}
	if status == 0 {
		status = http.StatusOK // a handler that wrote nothing
	}
	metrics.Requests.WithLabelValues(pattern, strconv.Itoa(status)).Inc()
	metrics.RequestDuration.WithLabelValues(pattern).Observe(took.Seconds())
}

func newRequestID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
