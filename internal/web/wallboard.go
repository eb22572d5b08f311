package web

import (
	"encoding/json"
	"net/http"
	"sort"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// wallRow is one agent on the wallboard.
type wallRow struct {
	ID, Login, Name, Extension string
	Status                     string // "" when cleared or never set
	HasStatus                  bool
	Category, Color            string
	Since                      time.Time // of the status; zero without one
	LoggedIn                   bool
	Queues                     []string
}

// SinceISO is the status's start for the page's script, which keeps the
// time in status ticking.
func (r wallRow) SinceISO() string {
	if r.Since.IsZero() {
		return ""
	}
	return activity.FormatTime(r.Since)
}

type statusCount struct {
	Status, Category, Color string
	Count                   int
}

type wallData struct {
	Rows        []wallRow
	Counts      []statusCount
	LoggedIn    int
	AsOf        time.Time
	Definitions string // JSON: status → {category, color}, for the script
}

// Wallboard serves GET /wallboard: every agent's current status and time in
// it, logged in or not, with the count per status; the page's script keeps
// it current from /wallboard/events.
func (w *Web) Wallboard(rw http.ResponseWriter, r *http.Request, v *Visit) {
	d, err := w.wallboard(r, v)
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	w.render(rw, r, http.StatusOK, "wallboard.html", view{Visit: v, Title: "Wallboard", Nav: "wallboard", Data: d})
}

func (w *Web) wallboard(r *http.Request, v *Visit) (wallData, error) {
	ctx := r.Context()
	asOf := w.DB.Now().UTC().Truncate(time.Millisecond)
	list, err := w.DB.Presence(ctx, v.Tenant.ID, asOf, sessionTimeout(v.Tenant))
	if err != nil {
		return wallData{}, err
	}
	disabled, err := w.DB.DisabledUsers(ctx, v.Tenant.ID)
	if err != nil {
		return wallData{}, err
	}
	defs, err := w.DB.StatusDefinitions(ctx, v.Tenant.ID)
	if err != nil {
		return wallData{}, err
	}
	d := wallData{AsOf: asOf, Rows: make([]wallRow, 0, len(list)), Definitions: definitionsJSON(defs)}
	for _, p := range list {
		if disabled[p.User.ID] {
			continue
		}
		d.Rows = append(d.Rows, wallRowOf(p))
	}
	d.Counts, d.LoggedIn = countStatuses(d.Rows)
	return d, nil
}

func wallRowOf(p store.Presence) wallRow {
	row := wallRow{ID: p.User.ID, Login: p.User.Login, Name: p.User.Name, Extension: p.User.Extension,
		LoggedIn: p.Session.LoggedIn, Queues: p.Session.Queues, Category: "none", Color: "#ffffff"}
	if p.Status != nil && *p.Status != "" {
		row.Status, row.HasStatus, row.Since = *p.Status, true, p.StatusSince
		row.Category, row.Color = p.Category, p.Color
	} else if p.Status != nil {
		row.Since = p.StatusSince // cleared: the time since counts too
	}
	return row
}

// countStatuses counts the agents per status, the most common first, and
// those logged in.
func countStatuses(rows []wallRow) ([]statusCount, int) {
	by := map[string]*statusCount{}
	loggedIn := 0
	for _, r := range rows {
		if r.LoggedIn {
			loggedIn++
		}
		name := r.Status
		if !r.HasStatus {
			name = "No status"
		}
		if by[name] == nil {
			by[name] = &statusCount{Status: name, Category: r.Category, Color: r.Color}
		}
		by[name].Count++
	}
	out := make([]statusCount, 0, len(by))
	for _, c := range by {
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Count > out[j].Count || out[i].Count == out[j].Count && out[i].Status < out[j].Status
	})
	return out, loggedIn
}

func definitionsJSON(defs []activity.StatusDefinition) string {
	m := make(map[string][2]string, len(defs))
	for _, d := range defs {
		m[d.Name] = [2]string{d.Category, d.Color}
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func sessionTimeout(t activity.Tenant) time.Duration {
	if t.SessionTimeout == 0 {
		return activity.DefaultSessionTimeout
	}
	return t.SessionTimeout
}

// WallboardEvents serves GET /wallboard/events: the API's event stream of
// the visit's tenant (status and session events), authenticated by the
// session cookie instead of a key. It ends when the session does.
func (w *Web) WallboardEvents(rw http.ResponseWriter, r *http.Request, v *Visit) {
	rw.Header().Del("Content-Security-Policy") // not a page
	w.API.ServeStream(rw, r, v.Tenant.ID, store.FeedKinds{Status: true, Session: true}, w.stillSignedIn(v))
}
