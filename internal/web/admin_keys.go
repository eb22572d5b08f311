package web

import (
	"net/http"
	"strings"

	"agentlog/internal/activity"
	"agentlog/internal/api"
	"agentlog/internal/auth"
)

type keysPage struct {
	Keys   []activity.APIKey
	NewKey string // the whole key just created: shown this once
	Scopes []string
}

// AdminKeys serves GET /admin/keys: the tenant's API keys (never their
// secrets) and a form to create one.
func (w *Web) AdminKeys(rw http.ResponseWriter, r *http.Request, v *Visit) {
	w.showKeys(rw, r, v, "", "", nil)
}

func (w *Web) showKeys(rw http.ResponseWriter, r *http.Request, v *Visit, notice, newKey string, failed error) {
	keys, err := w.DB.Keys(r.Context(), v.Tenant.ID)
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	rw.Header().Set("Cache-Control", "no-store") // the new key must not linger in a cache
	page := keysPage{Keys: keys, NewKey: newKey, Scopes: activity.AllScopes}
	w.renderAdmin(rw, r, v, "admin_keys.html", adminPage{Tab: "keys", Notice: notice, Data: page}, failed)
}

// CreateKey serves POST /admin/keys: the answer shows the whole key once,
// with a button that copies it.
func (w *Web) CreateKey(rw http.ResponseWriter, r *http.Request, v *Visit) {
	_ = r.ParseForm()
	scopes, err := activity.ParseScopes(strings.Join(r.PostForm["scope"], ","))
	if err != nil {
		w.showKeys(rw, r, v, "", "", err)
		return
	}
	lifetime, err := api.ParseLifetime(strings.TrimSpace(r.PostFormValue("expires")))
	if err != nil {
		w.showKeys(rw, r, v, "", "", err)
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	if len(name) > 200 {
		w.showKeys(rw, r, v, "", "", activity.Errorf(activity.EInvalid, "the key's name is longer than 200 characters"))
		return
	}
	k, whole, hash := auth.NewKey(name, scopes, lifetime, w.DB.Now())
	if err := w.DB.CreateKey(r.Context(), v.Tenant.ID, &k, hash); err != nil {
		w.showKeys(rw, r, v, "", "", err)
		return
	}
	w.showKeys(rw, r, v, "Key "+k.ID+" created. Copy it now: it is shown only this once.", whole, nil)
}

// RevokeKey serves POST /admin/keys/{id}/revoke.
func (w *Web) RevokeKey(rw http.ResponseWriter, r *http.Request, v *Visit) {
	if err := w.DB.RevokeKey(r.Context(), v.Tenant.ID, r.PathValue("id")); err != nil {
		w.showKeys(rw, r, v, "", "", err)
		return
	}
	w.showKeys(rw, r, v, "Key "+r.PathValue("id")+" revoked.", "", nil)
}
