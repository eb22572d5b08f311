package xapi

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"os"
	"strings"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
)

// maxTokenForm bounds the body of a token request.
const maxTokenForm = 16 << 10

// Token serves POST /connect/token: OAuth2 client credentials, where the
// client id is an API key's public id and the secret its secret (or the
// whole key). Form and multipart bodies are accepted.
func (h *Handler) Token(w http.ResponseWriter, r *http.Request) {
	form, err := readForm(w, r)
	if errors.Is(err, os.ErrDeadlineExceeded) { // the server's ReadTimeout passed while the body was read
		writeOAuth(w, http.StatusRequestTimeout, "invalid_request", "the request did not arrive within the server's read time-out")
		return
	}
	if err != nil {
		writeOAuth(w, http.StatusBadRequest, "invalid_request", err.Error())
		return
	}
	for _, field := range []string{"grant_type", "client_id", "client_secret"} {
		if form.Get(field) == "" {
			writeOAuth(w, http.StatusBadRequest, "invalid_request", field+" is missing")
			return
		}
	}
	if form.Get("grant_type") != "client_credentials" {
		writeOAuth(w, http.StatusBadRequest, "unsupported_grant_type", "")
		return
	}
	p, err := h.clientCredentials(r, form.Get("client_id"), form.Get("client_secret"))
	if err != nil {
		if activity.ErrorCode(err) == activity.ERateLimited {
			auth.SetRetryAfter(w, err)
			writeOAuth(w, http.StatusTooManyRequests, "temporarily_unavailable", activity.ErrorMessage(err))
			return
		}
		if activity.ErrorCode(err) == activity.EInternal {
			h.Log.Error("internal error", "path", r.URL.Path, "err", err)
			writeOAuth(w, http.StatusInternalServerError, "server_error", "")
			return
		}
		writeOAuth(w, http.StatusUnauthorized, "unauthorized", "The request requires valid user authentication.")
		return
	}
	token, err := h.Auth.IssueToken(r.Context(), p)
	if err != nil {
		h.Log.Error("internal error", "path", r.URL.Path, "err", err)
		writeOAuth(w, http.StatusInternalServerError, "server_error", "")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"token_type": "Bearer", "expires_in": int(auth.TokenLifetime.Seconds()),
		"access_token": token, "refresh_token": nil})
}

// clientCredentials checks the key the credentials name; it needs
// reports:read.
func (h *Handler) clientCredentials(r *http.Request, id, secret string) (auth.Principal, error) {
	secret = strings.TrimPrefix(secret, id+".") // the whole key as the secret
	p, err := h.Auth.AuthenticateParts(r.Context(), id, secret)
	if err == nil && !p.Allows(activity.ScopeReportsRead) {
		err = activity.Errorf(activity.EForbidden, "the key lacks reports:read")
	}
	return p, err
}

// readForm reads an application/x-www-form-urlencoded or multipart body.
func readForm(w http.ResponseWriter, r *http.Request) (url.Values, error) {
	r.Body = http.MaxBytesReader(w, r.Body, maxTokenForm)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := r.ParseMultipartForm(maxTokenForm); err != nil {
			return nil, err
		}
		return url.Values(r.MultipartForm.Value), nil
	}
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	return r.PostForm, nil
}

func writeOAuth(w http.ResponseWriter, status int, code, description string) {
	body := map[string]string{"error": code}
	if description != "" {
		body["error_description"] = description
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
