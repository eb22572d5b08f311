// Package cention serves Cention Contact Center's logio API, GET
// /s/{workspace}/capi/custom/logio: the logins and logouts of agents, from
// agentlog's session events, so that integrations written against Cention
// work unchanged. README.md states the contract as implemented.
package cention

import (
	"encoding/json"
	"log/slog"
	"net/http"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/store"
)

// Handler serves the Cention routes.
type Handler struct {
	DB   *store.DB
	Auth *auth.Authenticator
	Log  *slog.Logger
}

// Logio serves GET /s/{workspace}/capi/custom/logio.
func (h *Handler) Logio(w http.ResponseWriter, r *http.Request) {
	p, err := h.authenticate(r)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	q, err := h.parseQuery(r)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	f, err := h.filter(r, p.Tenant.ID, q)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	h.stream(w, r, p.Tenant.ID, f, q.format)
}

// authenticate accepts what Cention accepts, "Authorization: Bearer
// <token>", where the token is an agentlog key with sessions:read. The key
// only ever sees its own tenant: another workspace is forbidden, whether it
// exists or not.
func (h *Handler) authenticate(r *http.Request) (auth.Principal, error) {
	token := auth.BearerToken(r)
	if token == "" {
		return auth.Principal{}, activity.Errorf(activity.EUnauthorized, "a token is needed: send \"Authorization: Bearer <token>\"")
	}
	p, err := h.Auth.Check(r.Context(), token, activity.ScopeSessionsRead)
	if err != nil {
		return p, err
	}
	if workspace := r.PathValue("workspace"); workspace != p.Tenant.Slug {
		return p, activity.Errorf(activity.EForbidden, "this token has no access to workspace %q", workspace)
	}
	return p, nil
}

// statusOf maps error codes to Cention's answers.
var statusOf = map[string]int{
	activity.EInvalid:      http.StatusBadRequest,
	activity.EUnauthorized: http.StatusUnauthorized,
	activity.EForbidden:    http.StatusForbidden,
	activity.ERateLimited:  http.StatusTooManyRequests,
}

// writeError answers {"error": message} as JSON, whatever format was asked
// for. Anything but the codes above is internal: logged once, shown as
// "internal error".
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
