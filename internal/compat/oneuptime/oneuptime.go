// Package oneuptime serves OneUptime's Call Log API (/api/call-log) from
// agentlog's calls, so that OneUptime's dashboards, scripts and CLI read
// agentlog unchanged. OneUptime's query, select and sort objects are read
// against an allow-list of columns and handed to the store as conditions;
// no input becomes SQL text. README.md states the contract as implemented.
package oneuptime

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"os"
	"strings"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/store"
)

// DefaultMaxLimit is the largest page OneUptime documents.
const DefaultMaxLimit = 100

// Handler serves the Call Log routes.
type Handler struct {
	DB       *store.DB
	Auth     *auth.Authenticator
	Log      *slog.Logger
	MaxLimit int // the largest limit of get-list; 0 means DefaultMaxLimit
}

// The answers OneUptime gives when a key is missing, wrong or short of
// permissions, word for word: clients match on them.
const (
	msgNoKey      = "Authenticated user or a valid API key is needed to read record of Call Log."
	msgInvalidKey = "Invalid API Key"
	msgNoReadPerm = "You do not have permissions to read Call Log. You need one of these permissions: Project Owner, Project Admin, Project Member, Read Call Log, Read All Project Resources"
)

// apiError is an error answered with its own status, as OneUptime answers
// authentication with 400 and 422 where agentlog's codes would say 401 and
// 403.
type apiError struct {
	status  int
	message string
}

func (e *apiError) Error() string { return e.message }

func badRequest(format string, args ...any) error {
	return &apiError{status: http.StatusBadRequest, message: sprintf(format, args...)}
}

// authenticate reads the ApiKey header (any case) and requires calls:read.
func (h *Handler) authenticate(r *http.Request) (auth.Principal, error) {
	values, present := r.Header[http.CanonicalHeaderKey("ApiKey")]
	if !present {
		return auth.Principal{}, &apiError{http.StatusUnauthorized, msgNoKey}
	}
	key := strings.TrimSpace(strings.Join(values, ""))
	p, err := h.Auth.Check(r.Context(), key, activity.ScopeCallsRead)
	switch activity.ErrorCode(err) {
	case "":
		return p, nil
	case activity.EUnauthorized:
		return p, &apiError{http.StatusBadRequest, msgInvalidKey}
	case activity.EForbidden:
		return p, &apiError{http.StatusUnprocessableEntity, msgNoReadPerm}
	}
	return p, err
}

// writeError answers {"error": message}. Errors that are neither OneUptime's
// nor the domain's are internal: logged once, shown as "internal error".
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := http.StatusInternalServerError, "internal error"
	if e, ok := err.(*apiError); ok {
		status, msg = e.status, e.message
	} else if errors.Is(err, os.ErrDeadlineExceeded) { // the server's ReadTimeout passed while the body was read
		status, msg = http.StatusRequestTimeout, "the request did not arrive within the server's read time-out"
	} else if code := activity.ErrorCode(err); code == activity.EInvalid {
		status, msg = http.StatusBadRequest, activity.ErrorMessage(err)
	} else if code == activity.ERateLimited {
		status, msg = http.StatusTooManyRequests, activity.ErrorMessage(err)
		auth.SetRetryAfter(w, err)
	} else {
		h.Log.Error("internal error", "path", r.URL.Path, "err", err)
	}
	writeJSON(w, status, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// Refuse answers the write routes: calls come in through agentlog's own
// ingestion API, never through this one.
func Refuse(operation string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusUnprocessableEntity, map[string]string{"error": operation + " on Call Log is not allowed."})
	}
}
