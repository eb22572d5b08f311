// Package api is agentlog's own REST API under /api/v1: ingestion of
// events, reading them back, and managing users, status definitions and
// keys. Handlers translate HTTP into calls on the store and back; the rules
// live in the activity package.
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/store"
)

// Limits bound what one request may send.
type Limits struct {
	MaxBodyBytes int64 // ingestion request bodies
	MaxBatch     int   // items in one ingestion batch
}

// DefaultLimits suit batches of tens of thousands of events.
var DefaultLimits = Limits{MaxBodyBytes: 64 << 20, MaxBatch: 50_000}

// API serves /api/v1.
type API struct {
	DB           *store.DB
	Auth         *auth.Authenticator
	Log          *slog.Logger
	Limits       Limits
	StreamTiming StreamTiming // zero: DefaultStreamTiming
}

// Need wraps h so that it runs only for a key holding one of scopes.
func (a *API) Need(h http.HandlerFunc, scopes ...string) http.Handler {
	return a.Auth.Require(a.WriteError, scopes...)(h)
}

// statusOf maps each error code to its HTTP status: the one place this API
// surface does so.
var statusOf = map[string]int{
	activity.EInvalid:      http.StatusBadRequest,
	activity.EUnauthorized: http.StatusUnauthorized,
	activity.EForbidden:    http.StatusForbidden,
	activity.ENotFound:     http.StatusNotFound,
	activity.EConflict:     http.StatusConflict,
	activity.ETooLarge:     http.StatusRequestEntityTooLarge,
	activity.ERateLimited:  http.StatusTooManyRequests,
	activity.EInternal:     http.StatusInternalServerError,
}

// WriteError answers {"error": message, "code": code}. Errors that are not
// the domain's are internal: logged once here, and shown as "internal error".
func (a *API) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, os.ErrDeadlineExceeded) { // the server's ReadTimeout passed while the body was read
		writeJSON(w, http.StatusRequestTimeout, map[string]string{"code": "timeout",
			"error": "the request did not arrive within the server's read time-out: send it faster, or in smaller batches"})
		return
	}
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		err = activity.Errorf(activity.ETooLarge, "the request body is larger than %d bytes: send less in one request", tooBig.Limit)
	}
	code := activity.ErrorCode(err)
	auth.SetRetryAfter(w, err)
	if code == activity.EInternal {
		a.Log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
	}
	writeJSON(w, statusOf[code], map[string]string{"error": activity.ErrorMessage(err), "code": code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func principal(r *http.Request) auth.Principal {
	p, _ := auth.FromContext(r.Context())
	return p
}

// NotFound answers paths under /api/ that match no route, in this API's
// error format.
func (a *API) NotFound(w http.ResponseWriter, r *http.Request) {
	a.WriteError(w, r, activity.Errorf(activity.ENotFound, "%s matches no route of this API", r.URL.Path))
}

// MethodNotAllowed answers a method that a path of this API does not have,
// naming the ones it has.
func (a *API) MethodNotAllowed(w http.ResponseWriter, r *http.Request, allowed []string) {
	w.Header().Set("Allow", strings.Join(allowed, ", "))
	writeJSON(w, http.StatusMethodNotAllowed, map[string]string{
		"error": fmt.Sprintf("%s is not allowed on %s: use %s", r.Method, r.URL.Path, strings.Join(allowed, " or ")),
		"code":  "method not allowed",
	})
}
