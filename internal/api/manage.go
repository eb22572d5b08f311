package api

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
)

// maxManageBody bounds the bodies of the management routes: one small object.
const maxManageBody = 64 << 10

// decodeObject reads one JSON object, refusing unknown fields.
func decodeObject(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxManageBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if err == io.EOF {
			return activity.Errorf(activity.EInvalid, "the body is empty: send a JSON object")
		}
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return err
		}
		return activity.Errorf(activity.EInvalid, "the body is not a valid JSON object: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if _, err := dec.Token(); err != io.EOF {
		return activity.Errorf(activity.EInvalid, "there is more after the JSON object: send one object")
	}
	return nil
}

// ListUsers serves GET /api/v1/users.
func (a *API) ListUsers(w http.ResponseWriter, r *http.Request) {
	users, err := a.DB.Users(r.Context(), principal(r).Tenant.ID)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	out := make([]userJSON, len(users))
	for i, u := range users {
		out[i] = userOut(u)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

// GetUser serves GET /api/v1/users/{id}.
func (a *API) GetUser(w http.ResponseWriter, r *http.Request) {
	u, err := a.DB.User(r.Context(), principal(r).Tenant.ID, r.PathValue("id"))
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, userOut(u))
}

// CreateUser serves POST /api/v1/users.
func (a *API) CreateUser(w http.ResponseWriter, r *http.Request) {
	var in userJSON
	if err := decodeObject(w, r, &in); err != nil {
		a.WriteError(w, r, err)
		return
	}
	u := activity.User{ID: in.ID, Login: in.Login, Name: in.Name, Extension: in.Extension, Email: in.Email, Groups: in.Groups}
	if err := a.DB.CreateUser(r.Context(), principal(r).Tenant.ID, &u); err != nil {
		a.WriteError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, userOut(u))
}

// UpdateUser serves PATCH /api/v1/users/{id}.
func (a *API) UpdateUser(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Login     *string         `json:"login"`
		Name      *string         `json:"name"`
		Extension *string         `json:"extension"`
		Email     json.RawMessage `json:"email"` // null removes the email
		Groups    *[]string       `json:"groups"`
	}
	if err := decodeObject(w, r, &in); err != nil {
		a.WriteError(w, r, err)
		return
	}
	patch := activity.UserPatch{Login: in.Login, Name: in.Name, Extension: in.Extension, Groups: in.Groups}
	if err := emailPatch(in.Email, &patch); err != nil {
		a.WriteError(w, r, err)
		return
	}
	u, err := a.DB.UpdateUser(r.Context(), principal(r).Tenant.ID, r.PathValue("id"), patch)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, userOut(u))
}

// emailPatch reads the email of a PATCH: absent leaves it, null or ""
// removes it, a string sets it.
func emailPatch(raw json.RawMessage, patch *activity.UserPatch) error {
	if raw == nil {
		return nil
	}
	var email *string
	if err := json.Unmarshal(raw, &email); err != nil {
		return activity.Errorf(activity.EInvalid, "email must be a string or null")
	}
	if email == nil {
		email = new(string)
	}
	patch.Email = email
	return nil
}

// ListStatusDefinitions serves GET /api/v1/status-definitions.
func (a *API) ListStatusDefinitions(w http.ResponseWriter, r *http.Request) {
	defs, err := a.DB.StatusDefinitions(r.Context(), principal(r).Tenant.ID)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	out := make([]statusDefinitionJSON, len(defs))
	for i, d := range defs {
		out[i] = statusDefinitionJSON(d)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

// PutStatusDefinition serves PUT /api/v1/status-definitions/{name}.
func (a *API) PutStatusDefinition(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Category string `json:"category"`
		Color    string `json:"color"`
	}
	if err := decodeObject(w, r, &in); err != nil {
		a.WriteError(w, r, err)
		return
	}
	d := activity.StatusDefinition{Name: r.PathValue("name"), Category: in.Category, Color: in.Color}
	if err := a.DB.PutStatusDefinition(r.Context(), principal(r).Tenant.ID, &d); err != nil {
		a.WriteError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, statusDefinitionJSON(d))
}

// DeleteStatusDefinition serves DELETE /api/v1/status-definitions/{name}.
func (a *API) DeleteStatusDefinition(w http.ResponseWriter, r *http.Request) {
	if err := a.DB.DeleteStatusDefinition(r.Context(), principal(r).Tenant.ID, r.PathValue("name")); err != nil {
		a.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// ListKeys serves GET /api/v1/keys.
func (a *API) ListKeys(w http.ResponseWriter, r *http.Request) {
	keys, err := a.DB.Keys(r.Context(), principal(r).Tenant.ID)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	out := make([]keyJSON, len(keys))
	for i, k := range keys {
		out[i] = keyOut(k)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

// CreateKey serves POST /api/v1/keys. The answer is the only place the
// whole key ever appears.
func (a *API) CreateKey(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Name    string   `json:"name"`
		Scopes  []string `json:"scopes"`
		Expires string   `json:"expires"` // a Go duration such as 720h
	}
	if err := decodeObject(w, r, &in); err != nil {
		a.WriteError(w, r, err)
		return
	}
	k, secret, err := a.newKey(r, in.Name, in.Scopes, in.Expires)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	out := keyOut(k)
	out.Key = secret
	writeJSON(w, http.StatusCreated, out)
}

func (a *API) newKey(r *http.Request, name string, scopeList []string, expires string) (activity.APIKey, string, error) {
	scopes, err := activity.ParseScopes(strings.Join(scopeList, ","))
	if err != nil {
		return activity.APIKey{}, "", err
	}
	lifetime, err := ParseLifetime(expires)
	if err != nil {
		return activity.APIKey{}, "", err
	}
	k, secret, hash := auth.NewKey(name, scopes, lifetime, a.DB.Now())
	err = a.DB.CreateKey(r.Context(), principal(r).Tenant.ID, &k, hash)
	return k, secret, err
}

// maxLifetimeDays bounds a key's lifetime (100 years) well below where a
// time.Duration overflows.
const maxLifetimeDays = 36500

// ParseLifetime reads a key's lifetime: "" for none, a number of days such
// as 30d, or a Go duration such as 720h or 90m.
func ParseLifetime(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	var d time.Duration
	var err error
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		n, err = strconv.Atoi(days)
		if n > maxLifetimeDays {
			n = -1 // refused below, rather than overflowing
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		d, err = time.ParseDuration(s)
	}
	if err != nil || d <= 0 {
		return 0, activity.Errorf(activity.EInvalid, "expires %q is not valid: use a positive number of days such as 30d, or a duration such as 720h or 90m", s)
	}
	return d, nil
}

// RevokeKey serves DELETE /api/v1/keys/{id}.
func (a *API) RevokeKey(w http.ResponseWriter, r *http.Request) {
	if err := a.DB.RevokeKey(r.Context(), principal(r).Tenant.ID, r.PathValue("id")); err != nil {
		a.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
