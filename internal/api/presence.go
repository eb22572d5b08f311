package api

import (
	"net/http"
	"time"

	"agentlog/internal/activity"
)

// presenceJSON is the answer of GET /api/v1/presence.
type presenceJSON struct {
	AsOf  string             `json:"asOf"`
	Users []presenceUserJSON `json:"users"`
}

type presenceUserJSON struct {
	UserID        string   `json:"userId"`
	Login         string   `json:"login"`
	Name          string   `json:"name"`
	Extension     string   `json:"extension"`
	Status        *string  `json:"status"`
	StatusSince   *string  `json:"statusSince"`
	Category      *string  `json:"category"`
	Color         *string  `json:"color"`
	LoggedIn      bool     `json:"loggedIn"`
	LoggedInSince *string  `json:"loggedInSince"`
	Queues        []string `json:"queues"`
}

// Presence serves GET /api/v1/presence: every user of the tenant, by login,
// with their current status and whether they are logged in now. A login
// without a logout counts for activity.DefaultSessionTimeout (until a
// tenant setting replaces it).
func (a *API) Presence(w http.ResponseWriter, r *http.Request) {
	asOf := a.DB.Now().UTC().Truncate(time.Millisecond)
	list, err := a.DB.Presence(r.Context(), principal(r).Tenant.ID, asOf, activity.DefaultSessionTimeout)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	out := presenceJSON{AsOf: activity.FormatTime(asOf), Users: make([]presenceUserJSON, len(list))}
	for i, p := range list {
		u := presenceUserJSON{UserID: p.User.ID, Login: p.User.Login, Name: p.User.Name, Extension: p.User.Extension,
			Status: p.Status, LoggedIn: p.Session.LoggedIn, Queues: p.Session.Queues}
		if p.Status != nil {
			u.StatusSince = formatOptional(&p.StatusSince)
			u.Category, u.Color = &p.Category, &p.Color
		}
		if p.Session.LoggedIn {
			u.LoggedInSince = formatOptional(&p.Session.Since)
		}
		out.Users[i] = u
	}
	writeJSON(w, http.StatusOK, out)
}
