package xapi

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"agentlog/internal/auth"
	"agentlog/internal/odata"
	"agentlog/internal/store"
)

// maxTop is the most rows one answer of CallHistoryView holds. A larger
// $top, or none, is served in pages: each answer ends with @odata.nextLink,
// the request for the rest.
const maxTop = 1000

// CallHistoryView serves GET /xapi/v1/CallHistoryView.
func (h *Handler) CallHistoryView(w http.ResponseWriter, r *http.Request) {
	p, err := h.authenticate(r)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	opts, q, err := h.callHistoryQuery(r)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	var count int64
	if opts.Count {
		if count, err = h.DB.CountCallView(r.Context(), p.Tenant.ID, q.Where, q.Args); err != nil {
			h.writeError(w, r, err)
			return
		}
	}
	skip := 0
	if opts.Skip != nil {
		skip = *opts.Skip
	}
	capped := opts.Top == nil || *opts.Top > maxTop
	q.Limit, q.Offset = maxTop+1, skip // one more tells whether there is a next page
	if !capped {
		q.Limit = *opts.Top
	}
	var rows []odata.Row
	if q.Limit > 0 { // not $top=0
		rows, err = h.callHistoryRows(r.Context(), p, q)
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	next := ""
	if capped && len(rows) > maxTop {
		rows = rows[:maxTop]
		var rest *int
		if opts.Top != nil {
			n := *opts.Top - maxTop
			rest = &n
		}
		next = nextLink(r, skip+maxTop, rest)
	}
	writeCallHistory(w, r, opts, count, rows, next)
}

// CallHistoryViewFunction serves GET /xapi/v1/CallHistoryView/{function}:
// Pbx.DownloadCallHistory(), every row the options select as CSV, streamed.
func (h *Handler) CallHistoryViewFunction(w http.ResponseWriter, r *http.Request) {
	p, f, err := h.beginFunction(r)
	if err == nil && f.name != "Pbx.DownloadCallHistory" {
		err = notFound("CallHistoryView has no function %s: use Pbx.DownloadCallHistory()", f.name)
	}
	if err == nil {
		err = newParams(f).done()
	}
	var q store.CallViewQuery
	var opts *odata.Options
	if err == nil {
		opts, q, err = h.callHistoryQuery(r)
	}
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	if opts.Top != nil {
		q.Limit = *opts.Top
		if q.Limit == 0 {
			q.Limit = -1 // none; the store reads 0 as no limit
		}
	}
	if opts.Skip != nil {
		q.Offset = *opts.Skip
	}
	names := propertyNames(callHistoryView, opts)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="CallHistoryView.csv"`)
	out := bufio.NewWriter(w)
	out.WriteString(strings.Join(names, ",") + "\r\n")
	if q.Limit >= 0 {
		err = h.DB.EachCallView(r.Context(), p.Tenant.ID, q, func(values []any) error {
			row := presentCallHistory(callHistoryRow(values))
			for i, name := range names {
				if i > 0 {
					out.WriteByte(',')
				}
				out.WriteString(csvField(row[name]))
			}
			_, err := out.WriteString("\r\n")
			return err
		})
	}
	if err != nil { // the status is sent: the client sees a cut file
		h.Log.Error("internal error", "path", r.URL.Path, "err", err)
	}
	_ = out.Flush()
}

// callHistoryQuery reads the options and compiles $filter and $orderby to
// SQL for the database at hand: placeholders from $2 on ($1 is the tenant).
func (h *Handler) callHistoryQuery(r *http.Request) (*odata.Options, store.CallViewQuery, error) {
	q := store.CallViewQuery{Select: callHistorySelect}
	opts, err := parseOptions(r, callHistoryView)
	if err != nil {
		return nil, q, err
	}
	dialect := odata.SQLite
	if h.DB.Dialect() == "postgres" {
		dialect = odata.PostgreSQL
	}
	q.Where, q.OrderBy, q.Args, err = opts.SQL(callHistorySQL, dialect, 2)
	if oe, ok := err.(*odata.Error); ok {
		return nil, q, badRequest(oe.Option, "%s", oe.Error())
	}
	if n := len(opts.OrderBy); n > 0 {
		q.Descending = opts.OrderBy[n-1].Desc // ties in the last key's direction: an index serves both
	}
	return opts, q, err
}

func (h *Handler) callHistoryRows(ctx context.Context, p auth.Principal, q store.CallViewQuery) ([]odata.Row, error) {
	var rows []odata.Row
	err := h.DB.EachCallView(ctx, p.Tenant.ID, q, func(values []any) error {
		rows = append(rows, callHistoryRow(values))
		return nil
	})
	return rows, err
}

// nextLink is the request r for the rows from skip on: its options as
// sent, with $skip and, when the client gave one, what is left of $top.
func nextLink(r *http.Request, skip int, top *int) string {
	var params []string
	for _, param := range strings.Split(r.URL.RawQuery, "&") {
		name, _, _ := strings.Cut(param, "=")
		if decoded, err := url.QueryUnescape(name); param == "" || err == nil &&
			(strings.EqualFold(decoded, "$top") || strings.EqualFold(decoded, "$skip")) {
			continue
		}
		params = append(params, param)
	}
	params = append(params, "$skip="+strconv.Itoa(skip))
	if top != nil {
		params = append(params, "$top="+strconv.Itoa(*top))
	}
	return baseURL(r) + r.URL.EscapedPath() + "?" + strings.Join(params, "&")
}

func baseURL(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}

// writeCallHistory writes the page in the OData envelope of an entity set.
func writeCallHistory(w http.ResponseWriter, r *http.Request, opts *odata.Options, count int64, rows []odata.Row, next string) {
	var b bytes.Buffer
	b.WriteString(`{"@odata.context":`)
	writeJSONValue(&b, baseURL(r)+"/xapi/v1/$metadata#CallHistoryView")
	if opts.Count {
		b.WriteString(`,"@odata.count":` + strconv.FormatInt(count, 10))
	}
	b.WriteString(`,"value":[`)
	names := propertyNames(callHistoryView, opts)
	for i, row := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		writeRow(&b, names, presentCallHistory(row))
	}
	b.WriteByte(']')
	if next != "" {
		b.WriteString(`,"@odata.nextLink":`)
		writeJSONValue(&b, next)
	}
	b.WriteString("}\n")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("OData-Version", "4.0")
	_, _ = w.Write(b.Bytes())
}
