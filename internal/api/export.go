package api

import (
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/export"
	"agentlog/internal/metrics"
)

// ExportItems are the JSON items of an export: the items the lists answer,
// so that an NDJSON export can be sent back to the ingestion routes as it
// is. The command line's export uses them too.
var ExportItems = export.Items{
	StatusEvent:  func(e activity.StatusEvent) any { return statusEventOut(e) },
	SessionEvent: func(e activity.SessionEvent) any { return sessionEventOut(e) },
	Call:         func(c activity.Call) any { return callOut(c) },
}

// exportParams are the query parameters the export accepts. Any other is
// refused rather than ignored: an export is often taken without a look, and
// one that silently ignored status=Lunch would hold every status.
var exportParams = []string{"from", "to", "userIds", "userIds[]", "userId", "format"}

// Export serves GET /api/v1/export/{kind}: every event of a kind in a
// period, as NDJSON or CSV, written while it is read from the database. The
// route lets in a key with any of the three read scopes of events; each
// kind then needs its own.
func (a *API) Export(w http.ResponseWriter, r *http.Request) {
	kind, err := export.ParseKind(r.PathValue("kind"))
	if err != nil {
		a.WriteError(w, r, activity.Errorf(activity.ENotFound, "%s", activity.ErrorMessage(err)))
		return
	}
	if !principal(r).Allows(kind.Scope()) {
		a.WriteError(w, r, activity.Errorf(activity.EForbidden, "this key lacks the scope for this request: exporting %s needs %s", kind, kind.Scope()))
		return
	}
	e, err := exportOf(kind, r)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	out := &exportResponse{w: w, rc: http.NewResponseController(w), deadline: writeTimeout(r),
		header: func(h http.Header) {
			h.Set("Content-Type", e.Format.ContentType())
			h.Set("Content-Disposition", `attachment; filename="`+export.Filename(kind, e.Format, e.Filter.From, e.Filter.To)+`"`)
		}}
	if r.Method == http.MethodHead {
		out.start() // the headers only: no need to read the rows
		return
	}
	n, err := e.Run(r.Context(), a.DB, principal(r).Tenant.ID, out)
	metrics.RowsStreamed.WithLabelValues("export").Add(float64(n))
	switch {
	case err != nil && !out.sent:
		a.WriteError(w, r, err)
	case err != nil:
		if r.Context().Err() == nil {
			a.Log.Warn("export cut short", "path", r.URL.Path, "rows", n, "err", err)
		}
		panic(http.ErrAbortHandler) // the client must see a broken transfer, not a short file
	case !out.sent:
		out.start() // no row, and for NDJSON no byte: an empty file
	}
}

// exportOf reads the export's parameters: from, to, userIds and format
// (or Accept: text/csv).
func exportOf(kind export.Kind, r *http.Request) (export.Export, error) {
	q := r.URL.Query()
	e := export.Export{Kind: kind, Items: ExportItems}
	for name := range q {
		if !slices.Contains(exportParams, name) {
			return e, activity.Errorf(activity.EInvalid, "parameter %q is not accepted by the export: use from, to, userIds and format", name)
		}
	}
	var err error
	if e.Filter.From, err = optionalTime(q, "from"); err != nil {
		return e, err
	}
	if e.Filter.To, err = optionalTime(q, "to"); err != nil {
		return e, err
	}
	if !e.Filter.From.IsZero() && !e.Filter.To.IsZero() && e.Filter.To.Before(e.Filter.From) {
		return e, activity.Errorf(activity.EInvalid, "to is before from")
	}
	if e.Filter.UserIDs, err = userIDs(q); err != nil {
		return e, err
	}
	e.Format, err = exportFormat(q, r.Header.Get("Accept"))
	return e, err
}

// exportFormat is the format parameter if given, else CSV when Accept names
// text/csv, else NDJSON.
func exportFormat(q url.Values, accept string) (export.Format, error) {
	if _, ok := q["format"]; ok {
		return export.ParseFormat(q.Get("format"))
	}
	for _, part := range strings.Split(accept, ",") {
		mediaType, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil || mediaType != "text/csv" {
			continue
		}
		if q, err := strconv.ParseFloat(params["q"], 64); err == nil && q == 0 {
			continue // "text/csv;q=0": anything but CSV
		}
		return export.CSV, nil
	}
	return export.NDJSON, nil
}

// writeTimeout is the WriteTimeout of the server serving r, 0 for none.
func writeTimeout(r *http.Request) time.Duration {
	if srv, ok := r.Context().Value(http.ServerContextKey).(*http.Server); ok {
		return srv.WriteTimeout
	}
	return 0
}

// exportResponse sends the export's headers with its first bytes, so that
// an error found before anything was sent is still an ordinary error
// answer. Before each write it pushes the connection's write deadline one
// WriteTimeout ahead: the server's WriteTimeout then bounds how long one
// write may stall (a client that stopped reading), not the whole export.
type exportResponse struct {
	w        http.ResponseWriter
	rc       *http.ResponseController
	header   func(http.Header)
	deadline time.Duration // 0: the server sets none
	sent     bool
}

func (o *exportResponse) Write(p []byte) (int, error) {
	if !o.sent {
		o.start()
	}
	if o.deadline > 0 {
		_ = o.rc.SetWriteDeadline(time.Now().Add(o.deadline)) // unsupported: nothing to extend
	}
	return o.w.Write(p)
}

func (o *exportResponse) start() {
	o.sent = true
	o.header(o.w.Header())
	o.w.WriteHeader(http.StatusOK)
}
