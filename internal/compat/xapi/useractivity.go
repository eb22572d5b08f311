package xapi

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/auth"
	"agentlog/internal/odata"
)

// userActivity declares Pbx.UserActivity for the query options.
var userActivity = &odata.Entity{Name: "UserActivity", Properties: []odata.Property{
	{Name: "DateTimeInterval", Type: odata.DateTimeOffset},
	{Name: "AnsweredCount", Type: odata.Int},
	{Name: "UnansweredCount", Type: odata.Int},
}}

// ReportUserActivity serves GET /xapi/v1/ReportUserActivity/{function}:
// Pbx.GetUserActivity(...) as JSON and Pbx.DownloadGetUserActivity(...) as
// CSV.
func (h *Handler) ReportUserActivity(w http.ResponseWriter, r *http.Request) {
	p, f, err := h.beginFunction(r)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	switch f.name {
	case "Pbx.GetUserActivity", "Pbx.DownloadGetUserActivity":
	default:
		h.writeError(w, r, notFound("ReportUserActivity has no function %s: use Pbx.GetUserActivity or Pbx.DownloadGetUserActivity", f.name))
		return
	}
	rows, opts, err := h.userActivityRows(r, p, f)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	page, count := opts.Apply(rows)
	if f.name == "Pbx.DownloadGetUserActivity" {
		writeCSV(w, userActivity, opts, page)
		return
	}
	writeCollection(w, r, userActivity, opts, count, page)
}

func (h *Handler) userActivityRows(r *http.Request, p auth.Principal, f function) ([]odata.Row, *odata.Options, error) {
	q, err := readReportQuery(f)
	if err != nil {
		return nil, nil, err
	}
	opts, err := parseOptions(r, userActivity)
	if err != nil {
		return nil, nil, err
	}
	buckets, err := h.callBuckets(r.Context(), p.Tenant.ID, q)
	if err != nil {
		return nil, nil, err
	}
	rows := make([]odata.Row, len(buckets))
	for i, b := range buckets {
		rows[i] = odata.Row{"DateTimeInterval": b.start.In(q.zone), "AnsweredCount": b.answered, "UnansweredCount": b.unanswered}
	}
	return rows, opts, nil
}

// beginFunction authenticates and reads the function segment, the last
// segment of the escaped path.
func (h *Handler) beginFunction(r *http.Request) (auth.Principal, function, error) {
	p, err := h.authenticate(r)
	if err != nil {
		return p, function{}, err
	}
	path := r.URL.EscapedPath()
	f, err := parseFunction(path[strings.LastIndexByte(path, '/')+1:])
	return p, f, err
}

// parseOptions reads the OData query options of a request for entity e.
func parseOptions(r *http.Request, e *odata.Entity) (*odata.Options, error) {
	opts, err := odata.ParseOptions(r.URL.RawQuery, e)
	if err != nil {
		if oe, ok := err.(*odata.Error); ok {
			return nil, badRequest(oe.Option, "%s", oe.Error())
		}
		return nil, err
	}
	return opts, nil
}

// writeCollection writes rows in the OData envelope:
// {"@odata.context": ..., "@odata.count": n (with $count=true), "value": [...]},
// each row's properties in the entity's order.
func writeCollection(w http.ResponseWriter, r *http.Request, e *odata.Entity, opts *odata.Options, count int, rows []odata.Row) {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	var b bytes.Buffer
	b.WriteString(`{"@odata.context":`)
	writeJSONValue(&b, scheme+"://"+r.Host+"/xapi/v1/$metadata#Collection(Pbx."+e.Name+")")
	if opts.Count {
		b.WriteString(`,"@odata.count":` + strconv.Itoa(count))
	}
	b.WriteString(`,"value":[`)
	names := propertyNames(e, opts)
	for i, row := range rows {
		if i > 0 {
			b.WriteByte(',')
		}
		writeRow(&b, names, row)
	}
	b.WriteString("]}\n")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("OData-Version", "4.0")
	_, _ = w.Write(b.Bytes())
}

// propertyNames are the properties to write: the selected ones, or all, in
// the entity's order.
func propertyNames(e *odata.Entity, opts *odata.Options) []string {
	var names []string
	for _, p := range e.Properties {
		if opts.Select == nil || slices.Contains(opts.Select, p.Name) {
			names = append(names, p.Name)
		}
	}
	return names
}

func writeRow(b *bytes.Buffer, names []string, row odata.Row) {
	b.WriteByte('{')
	for i, name := range names {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONValue(b, name)
		b.WriteByte(':')
		writeJSONValue(b, cellValue(row[name]))
	}
	b.WriteByte('}')
}

func writeJSONValue(b *bytes.Buffer, v any) {
	out, _ := json.Marshal(v) // strings, numbers and nil always marshal
	b.Write(out)
}

// cellValue is the JSON and CSV form of a row's value: times as ISO 8601
// with their zone's offset.
func cellValue(v any) any {
	if t, ok := v.(time.Time); ok {
		return t.Format("2006-01-02T15:04:05-07:00")
	}
	return v
}

// writeCSV writes rows as text/csv with a header of the entity's (or the
// selected) properties.
func writeCSV(w http.ResponseWriter, e *odata.Entity, opts *odata.Options, rows []odata.Row) {
	names := propertyNames(e, opts)
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+e.Name+`.csv"`)
	out := bufio.NewWriter(w)
	out.WriteString(strings.Join(names, ",") + "\r\n")
	for _, row := range rows {
		for i, name := range names {
			if i > 0 {
				out.WriteByte(',')
			}
			out.WriteString(csvField(row[name]))
		}
		out.WriteString("\r\n")
	}
	_ = out.Flush()
}

func csvField(v any) string {
	var s string
	switch v := cellValue(v).(type) {
	case string:
		s = v
	case int64:
		return strconv.FormatInt(v, 10)
	case nil:
		return ""
	default:
		s = fmt.Sprint(v)
	}
	if strings.ContainsAny(s, ",\"\r\n") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}
