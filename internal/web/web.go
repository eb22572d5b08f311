// Package web serves agentlog's pages: sign-in, the wallboard, each agent's
// day, reports with charts, the call log and administration. Pages are
// rendered on the server with html/template; templates, CSS and the little
// JavaScript there is (no inline script: the Content-Security-Policy allows
// only files from /static/) are embedded in the binary, so there is no
// build step, no CDN and nothing to fetch at run time. Charts are SVG drawn
// by the chart package.
//
// Handlers translate HTTP into calls on the store and the activity package
// and back, like the API's; an operator sees only their tenant, a global
// operator the one they picked.
package web

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/api"
	"agentlog/internal/store"
)

//go:embed templates static
var files embed.FS

// Web serves the pages.
type Web struct {
	DB  *store.DB
	API *api.API // the event stream the wallboard listens to
	Log *slog.Logger
	// SessionTTL is how long a sign-in lasts (default 12 hours).
	SessionTTL time.Duration

	pages   map[string]*template.Template
	guesses *backoff
	static  http.Handler
}

// New prepares the pages over db.
func New(db *store.DB, a *api.API, log *slog.Logger) *Web {
	w := &Web{DB: db, API: a, Log: log, SessionTTL: 12 * time.Hour, guesses: newBackoff(), pages: map[string]*template.Template{}}
	entries, err := fs.ReadDir(files, "templates")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		if e.Name() == "layout.html" {
			continue
		}
		w.pages[e.Name()] = template.Must(template.New(e.Name()).Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/"+e.Name()))
	}
	sub, _ := fs.Sub(files, "static")
	w.static = http.StripPrefix("/static/", http.FileServerFS(sub))
	return w
}

// view is what every template gets: the visit (nil on the sign-in page),
// the page's title and its own data.
type view struct {
	*Visit
	Title string
	Nav   string // the menu entry to mark as current
	Data  any
}

// render writes a page. It renders into a buffer first, so that a failing
// template becomes an error page rather than half a page.
func (w *Web) render(rw http.ResponseWriter, r *http.Request, status int, page string, v view) {
	var buf bytes.Buffer
	if err := w.pages[page].ExecuteTemplate(&buf, "layout", v); err != nil {
		w.Log.Error("rendering a page failed", "page", page, "err", err)
		http.Error(rw, "internal error", http.StatusInternalServerError)
		return
	}
	rw.Header().Set("Content-Type", "text/html; charset=utf-8")
	rw.WriteHeader(status)
	_, _ = rw.Write(buf.Bytes())
}

// statusOf maps each error code to its HTTP status: the one place the pages
// do so.
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

// fail answers an error page. Errors that are not the domain's are logged
// once and shown as "internal error".
func (w *Web) fail(rw http.ResponseWriter, r *http.Request, v *Visit, err error) {
	code := activity.ErrorCode(err)
	status, known := statusOf[code]
	if code == activity.EInternal || !known {
		w.Log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", err)
		status = http.StatusInternalServerError
	}
	w.render(rw, r, status, "error.html", view{Visit: v, Title: http.StatusText(status), Data: activity.ErrorMessage(err)})
}

// Static serves the embedded CSS and JavaScript.
func (w *Web) Static(rw http.ResponseWriter, r *http.Request) {
	secureHeaders(rw)
	rw.Header().Set("Cache-Control", "public, max-age=3600")
	w.static.ServeHTTP(rw, r)
}
