package xapi

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/auth"
	"agentlog/internal/odata"
)

// functionReport is a report served as a function bound to its entity set
// (ReportCallDistribution/Pbx.GetCallDistribution(...)), with Download twins
// that answer the same rows as CSV. Its rows are computed whole, then the
// query options apply in memory.
type functionReport struct {
	set       string        // the entity set, as in the path
	entity    *odata.Entity // the rows' entity
	get       string        // the JSON function, "Pbx.GetCallDistribution"
	downloads []string      // the CSV functions: 3CX's name first, then aliases
	// read checks the function's parameters and returns what computes the
	// rows, so that a bad parameter is answered before the options are read.
	read func(h *Handler, p auth.Principal, f function) (func(context.Context) ([]odata.Row, error), error)
}

// serveReport serves GET /xapi/v1/{set}/{function} for rep.
func (h *Handler) serveReport(w http.ResponseWriter, r *http.Request, rep *functionReport) {
	p, f, err := h.beginFunction(r)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	download := slices.Contains(rep.downloads, f.name)
	if f.name != rep.get && !download {
		h.writeError(w, r, notFound("%s has no function %s: use %s or %s", rep.set, f.name, rep.get, rep.downloads[0]))
		return
	}
	rows, opts, err := h.reportRows(r, p, f, rep)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	page, count := opts.Apply(rows)
	presentDurations(page)
	if download {
		writeCSV(w, rep.entity, opts, page)
		return
	}
	writeCollection(w, r, rep.entity, opts, count, page)
}

func (h *Handler) reportRows(r *http.Request, p auth.Principal, f function, rep *functionReport) ([]odata.Row, *odata.Options, error) {
	compute, err := rep.read(h, p, f)
	if err != nil {
		return nil, nil, err
	}
	opts, err := parseOptions(r, rep.entity)
	if err != nil {
		return nil, nil, err
	}
	rows, err := compute(r.Context())
	return rows, opts, err
}

// presentDurations writes the durations of rows as ISO 8601, as 3CX does
// (PT1H30M): the rows keep time.Duration until the options have applied.
func presentDurations(rows []odata.Row) {
	for _, row := range rows {
		for name, v := range row {
			if d, ok := v.(time.Duration); ok {
				row[name] = isoDuration(d)
			}
		}
	}
}

// isoDuration writes d as an ISO 8601 duration in the canonical form of
// internal/odata's duration literals: days, hours, minutes and seconds with
// their fraction, zero components left out; PT0S for zero.
func isoDuration(d time.Duration) string {
	var b strings.Builder
	if d < 0 {
		b.WriteByte('-')
		d = -d
	}
	b.WriteByte('P')
	if days := d / (24 * time.Hour); days > 0 {
		b.WriteString(strconv.FormatInt(int64(days), 10) + "D")
		d -= days * 24 * time.Hour
		if d == 0 {
			return b.String()
		}
	}
	b.WriteByte('T')
	if h := d / time.Hour; h > 0 {
		b.WriteString(strconv.FormatInt(int64(h), 10) + "H")
	}
	if m := d % time.Hour / time.Minute; m > 0 {
		b.WriteString(strconv.FormatInt(int64(m), 10) + "M")
	}
	if s, ns := d%time.Minute/time.Second, d%time.Second; s > 0 || ns > 0 || d == 0 {
		b.WriteString(strconv.FormatInt(int64(s), 10))
		if ns > 0 {
			b.WriteString(strings.TrimRight("."+strconv.FormatInt(int64(ns)+1e9, 10)[1:], "0"))
		}
		b.WriteByte('S')
	}
	return b.String()
}

// checkPeriod rejects a period that ends before it starts or is longer
// than maxPeriod; toName is the parameter that ends it.
func checkPeriod(from, to time.Time, toName string) error {
	if to.Before(from) {
		return badRequest(toName, "%s is before the start of the period", toName)
	}
	if to.Sub(from) > maxPeriod {
		return badRequest(toName, "the period is longer than %d days: ask for less at once", int(maxPeriod/(24*time.Hour)))
	}
	return nil
}

// edmEntityOf declares e for $metadata from the declaration the handler
// uses, so that the two cannot disagree. Integers are Edm.Int32 but for the
// properties named in int64s; key names the key properties, comma-separated.
func edmEntityOf(e *odata.Entity, key string, int64s ...string) edmEntity {
	out := edmEntity{Name: e.Name, Key: key}
	for _, p := range e.Properties {
		t := map[odata.Type]string{odata.String: "Edm.String", odata.Int: "Edm.Int32", odata.Bool: "Edm.Boolean",
			odata.DateTimeOffset: "Edm.DateTimeOffset", odata.Duration: "Edm.Duration", odata.Decimal: "Edm.Decimal"}[p.Type]
		if slices.Contains(int64s, p.Name) {
			t = "Edm.Int64"
		}
		out.Properties = append(out.Properties, edmProperty{p.Name, t})
		if p.Nullable {
			out.Nullable = append(out.Nullable, p.Name)
		}
	}
	return out
}

// items splits a list parameter ('101 102', '101,102') into its items; nil
// for an empty string or null, which mean all.
func items(s string) []string {
	if l := list(s); len(l) > 0 {
		return l
	}
	return nil
}
