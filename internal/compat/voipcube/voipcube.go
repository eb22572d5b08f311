// Package voipcube serves VoIPcube's user status log, GET
// /stats/user-statuses, from agentlog's status events, so that integrations
// written against VoIPcube's Customer Service API work unchanged. README.md
// states the contract as implemented.
package voipcube

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/store"
)

// Handler serves the VoIPcube routes.
type Handler struct {
	DB   *store.DB
	Auth *auth.Authenticator
	Log  *slog.Logger
}

// UserStatuses serves GET /stats/user-statuses: the status events of a
// period, oldest first, streamed.
func (h *Handler) UserStatuses(w http.ResponseWriter, r *http.Request) {
	p, err := h.authenticate(r)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	f, err := parseQuery(r.URL.Query())
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.stream(w, r, p.Tenant.ID, f)
}

// authenticate accepts the key as VoIPcube clients send it, "Key: <key>",
// or as "Authorization: Bearer <key>".
func (h *Handler) authenticate(r *http.Request) (auth.Principal, error) {
	key := r.Header.Get("Key")
	if key == "" {
		key = auth.BearerToken(r)
	}
	if key == "" {
		return auth.Principal{}, activity.Errorf(activity.EUnauthorized, "an API key is needed: send it in the Key header")
	}
	return h.Auth.Check(r.Context(), key, activity.ScopeStatusesRead)
}

// statusOf maps error codes to VoIPcube's answers.
var statusOf = map[string]int{
	activity.EInvalid:      http.StatusBadRequest,
	activity.EUnauthorized: http.StatusUnauthorized,
	activity.EForbidden:    http.StatusForbidden,
	activity.ERateLimited:  http.StatusTooManyRequests,
	activity.ENotFound:     http.StatusNotFound,
}

// writeError answers {"error": message}. Anything but the codes above is
// internal: logged once, shown as "internal error".
func (h *Handler) writeError(w http.ResponseWriter, r *http.Request, err error) {
	status, ok := statusOf[activity.ErrorCode(err)]
	auth.SetRetryAfter(w, err)
	if !ok {
		status = http.StatusInternalServerError
		h.Log.Error("internal error", "path", r.URL.Path, "err", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"error": activity.ErrorMessage(err)})
}
