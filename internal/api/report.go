package api

import (
	"bufio"
	"encoding/json"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// reportParams are the parameters every report shares: the period, the
// bucket size, the zone and the users.
type reportParams struct {
	from, to time.Time
	bucket   string // as asked: 15m, 30m, 1h, 1d, 1w, 1M or all
	unit     activity.Unit
	zone     *time.Location
	userIDs  []string // nil: every user
	csv      bool
}

var bucketUnits = map[string]activity.Unit{"15m": activity.Quarter, "30m": activity.HalfHour, "1h": activity.Hour,
	"1d": activity.Day, "1w": activity.Week, "1M": activity.Month}

// maxBuckets bounds how many buckets one report may have.
const maxBuckets = 100_000

func readReportParams(r *http.Request, tenant activity.Tenant) (reportParams, error) {
	q := r.URL.Query()
	p := reportParams{bucket: q.Get("bucket")}
	var err error
	if p.from, err = requiredTime(q.Get("from"), "from"); err != nil {
		return p, err
	}
	if p.to, err = requiredTime(q.Get("to"), "to"); err != nil {
		return p, err
	}
	if !p.to.After(p.from) {
		return p, activity.Errorf(activity.EInvalid, "to must be after from")
	}
	if err := p.readBucket(); err != nil {
		return p, err
	}
	zoneName := q.Get("tz")
	if zoneName == "" {
		zoneName = tenant.TimeZone
	}
	if p.zone, err = activity.ParseZone(zoneName); err != nil {
		return p, err
	}
	if p.userIDs, err = userIDs(q); err != nil {
		return p, err
	}
	if p.csv, err = wantsCSV(r); err != nil {
		return p, err
	}
	if p.bucket != "all" && len(p.buckets()) > maxBuckets {
		return p, activity.Errorf(activity.EInvalid, "the period holds more than %d buckets of %s: choose a larger bucket or a shorter period", maxBuckets, p.bucket)
	}
	return p, nil
}

func (p *reportParams) readBucket() error {
	if p.bucket == "" {
		p.bucket = "all"
	}
	unit, ok := bucketUnits[p.bucket]
	if !ok && p.bucket != "all" {
		return activity.Errorf(activity.EInvalid, "bucket %q is not valid: use 15m, 30m, 1h, 1d, 1w, 1M or all", p.bucket)
	}
	p.unit = unit
	return nil
}

func requiredTime(s, name string) (time.Time, error) {
	if s == "" {
		return time.Time{}, activity.Errorf(activity.EInvalid, "%s is missing: give it as %s", name, activity.TimeForms)
	}
	return parseField(name, s)
}

// buckets are the starts of the report's buckets: the zone's calendar
// buckets overlapping the period, or the period as one.
func (p reportParams) buckets() []time.Time {
	if p.bucket == "all" {
		return []time.Time{p.from}
	}
	return activity.Buckets(p.from, p.to, p.zone, p.unit)
}

func (p reportParams) period() activity.Span { return activity.Span{Start: p.from, End: p.to} }

// wantsCSV reads format=csv or json, or else Accept: text/csv.
func wantsCSV(r *http.Request) (bool, error) {
	switch f := r.URL.Query().Get("format"); f {
	case "csv":
		return true, nil
	case "json":
		return false, nil
	case "":
	default:
		return false, activity.Errorf(activity.EInvalid, "format %q is not valid: use json or csv", f)
	}
	for _, part := range strings.Split(r.Header.Get("Accept"), ",") {
		if mt, _, _ := mime.ParseMediaType(strings.TrimSpace(part)); mt == "text/csv" {
			return true, nil
		}
	}
	return false, nil
}

// reportWriter streams a report as it is computed: JSON in the shape
// {"from","to","bucket","timeZone","rows":[...]}, or CSV with a header.
// A row is written either at once (row) or field by field (begin, the
// typed fields, end), which a report of hundreds of thousands of rows uses
// to skip boxing every value.
type reportWriter struct {
	buf   *bufio.Writer
	line  []byte // the row being written, reused
	sent  *sentWriter
	csv   bool
	keys  [][]byte // JSON: each column's name, quoted and followed by a colon
	field int      // fields written to the current row
	rows  int
}

// sentWriter notes whether anything reached the client: until then an
// error can still be answered as one.
type sentWriter struct {
	w   http.ResponseWriter
	any bool
}

func (s *sentWriter) Write(b []byte) (int, error) {
	s.any = true
	return s.w.Write(b)
}

func newReportWriter(w http.ResponseWriter, p reportParams, columns []string) *reportWriter {
	sent := &sentWriter{w: w}
	rw := &reportWriter{buf: bufio.NewWriterSize(sent, 32<<10), sent: sent, csv: p.csv}
	if p.csv {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		rw.buf.WriteString(strings.Join(columns, ",") + "\n")
		return rw
	}
	for _, c := range columns {
		rw.keys = append(rw.keys, append(appendJSONString(nil, c), ':'))
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	rw.buf.WriteByte('{')
	for _, kv := range [][2]string{{"from", activity.FormatTime(p.from)}, {"to", activity.FormatTime(p.to)},
		{"bucket", p.bucket}, {"timeZone", p.zone.String()}} {
		value, _ := json.Marshal(kv[1])
		rw.buf.WriteString(`"` + kv[0] + `":`)
		rw.buf.Write(value)
		rw.buf.WriteByte(',')
	}
	rw.buf.WriteString(`"rows":[`)
	return rw
}

// row writes one row; values match the columns.
func (rw *reportWriter) row(values ...any) {
	rw.begin()
	for _, v := range values {
		rw.value(v)
	}
	rw.end()
}

// begin starts a row; its fields follow in column order, then end.
func (rw *reportWriter) begin() {
	rw.line, rw.field = rw.line[:0], 0
	if rw.csv {
		return
	}
	if rw.rows > 0 {
		rw.line = append(rw.line, ',')
	}
	rw.line = append(rw.line, '{')
}

// next writes what comes before a field: a comma after the first, and in
// JSON the column's name.
func (rw *reportWriter) next() {
	if rw.field > 0 {
		rw.line = append(rw.line, ',')
	}
	if !rw.csv {
		rw.line = append(rw.line, rw.keys[rw.field]...)
	}
	rw.field++
}

// value writes a field of any type row accepts.
func (rw *reportWriter) value(v any) {
	rw.next()
	if rw.csv {
		rw.line = append(rw.line, csvCell(v)...)
	} else {
		rw.line = appendJSONValue(rw.line, v)
	}
}

// text writes a string field, as value(s) would.
func (rw *reportWriter) text(s string) {
	rw.next()
	if rw.csv {
		rw.line = append(rw.line, csvCell(s)...)
	} else {
		rw.line = appendJSONString(rw.line, s)
	}
}

// count writes an integer field, as value(n) would.
func (rw *reportWriter) count(n int) {
	rw.next()
	rw.line = strconv.AppendInt(rw.line, int64(n), 10)
}

// seconds writes a duration as seconds to the millisecond, as
// value(seconds(d)) would.
func (rw *reportWriter) seconds(d time.Duration) {
	rw.next()
	rw.line = appendSeconds(rw.line, d)
}

// end finishes the row begun by begin.
func (rw *reportWriter) end() {
	if rw.csv {
		rw.line = append(rw.line, '\n')
	} else {
		rw.line = append(rw.line, '}')
	}
	rw.buf.Write(rw.line)
	rw.rows++
}

// appendJSONValue appends the JSON of a report value: a string, a number,
// an optional time (*string) or nil. Reports write hundreds of thousands
// of cells, so this avoids encoding/json's reflection.
func appendJSONValue(b []byte, v any) []byte {
	switch v := v.(type) {
	case string:
		return appendJSONString(b, v)
	case int:
		return strconv.AppendInt(b, int64(v), 10)
	case int64:
		return strconv.AppendInt(b, v, 10)
	case float64:
		return strconv.AppendFloat(b, v, 'f', -1, 64)
	case *string:
		if v != nil {
			return appendJSONString(b, *v)
		}
	case nil:
	default:
		out, _ := json.Marshal(v)
		return append(b, out...)
	}
	return append(b, "null"...)
}

// appendJSONString appends s as a JSON string. Text in agentlog is valid
// UTF-8 (ingestion refuses anything else), so only quotes, backslashes and
// control characters need escaping; the runs between them are copied
// whole.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	done := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[done:i]...)
		if c < 0x20 {
			b = append(b, `\u00`...)
			b = append(b, "0123456789abcdef"[c>>4], "0123456789abcdef"[c&0xf])
		} else {
			b = append(b, '\\', c)
		}
		done = i + 1
	}
	b = append(b, s[done:]...)
	return append(b, '"')
}

func (rw *reportWriter) close() error {
	if !rw.csv {
		rw.buf.WriteString("]}\n")
	}
	return rw.buf.Flush()
}

func csvCell(v any) string {
	if s, ok := v.(*string); ok { // an optional time: empty when absent
		if s == nil {
			return ""
		}
		v = *s
	}
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		if strings.ContainsAny(v, ",\"\r\n") {
			return `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
		}
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// seconds is a duration as seconds, to the millisecond.
func seconds(d time.Duration) float64 { return float64(d.Milliseconds()) / 1000 }

// appendSeconds appends seconds(d) as the report writes a float64 (the
// shortest form, no exponent), from the whole milliseconds: a whole part
// and up to three decimals without trailing zeros. The two agree because
// the shortest decimal that reads back as float64(ms)/1000 is ms/1000
// itself for any duration time.Duration can hold (report_test.go checks).
func appendSeconds(b []byte, d time.Duration) []byte {
	ms := d.Milliseconds()
	if ms < 0 {
		b = append(b, '-')
		ms = -ms
	}
	b = strconv.AppendInt(b, ms/1000, 10)
	frac := ms % 1000
	if frac == 0 {
		return b
	}
	digits := []byte{'.', byte('0' + frac/100), byte('0' + frac/10%10), byte('0' + frac%10)}
	for digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
	}
	return append(b, digits...)
}
