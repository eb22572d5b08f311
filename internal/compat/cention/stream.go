package cention

import (
	"bufio"
	"net/http"
	"sort"

	"agentlog/internal/metrics"
	"agentlog/internal/store"
)

// record is one logio record before it is written.
type record struct {
	name      string
	timestamp int64 // unix seconds
	action    string
	seq       int64
}

// stream writes the records of f while it reads them, so memory does not
// grow with the period. Events come in millisecond order; Cention orders by
// whole seconds, ties in ingestion order, so the events of one second are
// held back and put in that order before they are written: the only memory
// the stream keeps.
func (h *Handler) stream(w http.ResponseWriter, r *http.Request, tenantID int64, f store.EventFilter, format string) {
	out := newWriter(w, format)
	var second []record
	flushSecond := func() error {
		sort.SliceStable(second, func(i, j int) bool { return second[i].seq < second[j].seq })
		for _, rec := range second {
			if err := out.write(rec); err != nil {
				return err
			}
		}
		second = second[:0]
		return nil
	}
	err := h.DB.SessionEvents(r.Context(), tenantID, f, func(e store.StoredSessionEvent) error {
		rec := record{name: e.User.Login, timestamp: e.Time.Unix(), action: actionName(e.Action), seq: e.Seq}
		if len(second) > 0 && second[0].timestamp != rec.timestamp {
			if err := flushSecond(); err != nil {
				return err
			}
		}
		second = append(second, rec)
		return nil
	})
	if err == nil {
		err = flushSecond()
	}
	h.finish(w, r, out, err)
}

// finish ends the response. An error before the first record is an
// ordinary error answer; after it, the response can only be cut short, so
// that the client sees a broken transfer rather than a short one.
func (h *Handler) finish(w http.ResponseWriter, r *http.Request, out *writer, err error) {
	metrics.RowsStreamed.WithLabelValues("cention").Add(float64(out.n))
	switch {
	case err != nil && out.n == 0:
		h.writeError(w, r, err)
	case err != nil:
		h.Log.Warn("logio cut short", "path", r.URL.Path, "records", out.n, "err", err)
		panic(http.ErrAbortHandler)
	default:
		out.close()
	}
}

func actionName(action string) string {
	if action == "login" {
		return "Login"
	}
	return "Logout"
}

// writer writes records as CSV or JSON through a buffer.
type writer struct {
	w      http.ResponseWriter
	buf    *bufio.Writer
	json   bool
	n      int64
	line   []byte
	opened bool
}

func newWriter(w http.ResponseWriter, format string) *writer {
	return &writer{w: w, buf: bufio.NewWriterSize(w, 32<<10), json: format == "json"}
}

func (o *writer) write(rec record) error {
	if !o.opened {
		o.open()
	}
	o.n++
	if o.json {
		o.line = appendJSON(o.line[:0], o.n, rec, o.n > 1)
	} else {
		o.line = appendCSV(o.line[:0], o.n, rec)
	}
	_, err := o.buf.Write(o.line)
	return err
}

func (o *writer) open() {
	o.opened = true
	if o.json {
		o.w.Header().Set("Content-Type", "application/json")
		o.buf.WriteByte('[')
		return
	}
	o.w.Header().Set("Content-Type", "text/csv; charset=utf-8")
}

// close ends the body: "]" for JSON, and for an empty result "[]" or
// nothing.
func (o *writer) close() {
	if !o.opened {
		o.open()
	}
	if o.json {
		o.buf.WriteByte(']')
	}
	_ = o.buf.Flush()
}
