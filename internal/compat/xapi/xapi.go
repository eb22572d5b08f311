// Package xapi serves the reports of 3CX's Configuration API ("XAPI", OData
// v4, base path /xapi/v1) that agentlog's data can answer, and its OAuth
// token endpoint, so that 3CX integrations (scripts, BI exports, the n8n
// node) read agentlog unchanged. README.md states the contract as
// implemented.
package xapi

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/store"
)

// Handler serves /connect/token and /xapi/v1.
type Handler struct {
	DB   *store.DB
	Auth *auth.Authenticator
	Log  *slog.Logger
}

// odataError is an error in the OData format, with the parameter or option
// it is about.
type odataError struct {
	status int
	code   string
	target string
	msg    string
}

func (e *odataError) Error() string { return e.msg }

func badRequest(target, format string, args ...any) error {
	return &odataError{http.StatusBadRequest, "BadRequest", target, sprintf(format, args...)}
}

func notFound(format string, args ...any) error {
	return &odataError{http.StatusNotFound, "NotFound", "", sprintf(format, args...)}
}

// authenticate accepts an access token from /connect/token or a plain
// agentlog API key as the bearer, with scope reports:read.
func (h *Handler) authenticate(r *http.Request) (auth.Principal, error) {
	bearer := auth.BearerToken(r)
	if bearer == "" {
		return auth.Principal{}, &odataError{http.StatusUnauthorized, "Unauthorized", "", "an access token is needed: send \"Authorization: Bearer <token>\" with a token from /connect/token"}
	}
	var p auth.Principal
	var err error
	if auth.IsToken(bearer) {
		p, err = h.Auth.VerifyToken(r.Context(), bearer)
	} else {
		p, err = h.Auth.Authenticate(r.Context(), bearer)
	}
	switch {
	case activity.ErrorCode(err) == activity.EUnauthorized:
		return p, &odataError{http.StatusUnauthorized, "Unauthorized", "", activity.ErrorMessage(err)}
	case err != nil:
		return p, err
	case !p.Allows(activity.ScopeReportsRead):
		return p, &odataError{http.StatusForbidden, "Forbidden", "", "this key lacks the scope reports:read"}
	}
	return p, nil
}

// NotFound answers a path under /xapi/ that names no entity set or function
// agentlog serves.
func (h *Handler) NotFound(w http.ResponseWriter, r *http.Request) {
	h.writeError(w, r, notFound("%s names no entity set or function served here", r.URL.Path))
}

// writeError answers {"error":{"code","message","details":[]}}. A key over
// its rate limit is a 429 with Retry-After; anything else that is not an
// OData error is internal: logged once, shown as "internal error".
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	e, ok := err.(*odataError)
	if !ok && activity.ErrorCode(err) == activity.ERateLimited {
		auth.SetRetryAfter(w, err)
		e, ok = &odataError{http.StatusTooManyRequests, "TooManyRequests", "", activity.ErrorMessage(err)}, true
	}
	if !ok {
		h.Log.Error("internal error", "path", r.URL.Path, "err", err)
		e = &odataError{http.StatusInternalServerError, "InternalServerError", "", "internal error"}
	}
	body := map[string]any{"code": e.code, "message": e.msg, "details": []any{}}
	if e.target != "" {
		body["target"] = e.target
	}
	writeJSON(w, e.status, map[string]any{"error": body})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("OData-Version", "4.0")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
