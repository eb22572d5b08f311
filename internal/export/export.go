// Package export writes every event of one kind in a period as NDJSON or
// CSV while it reads them from the store, so that memory does not grow with
// the export. The HTTP export (GET /api/v1/export/{kind}) and the command
// line (agentlog export) share it.
//
// The JSON items are not defined here: they are the items the API lists,
// handed in as Items, so that an export line and a listed item never
// differ. CSV columns are derived from those same items.
package export

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// Kind is a kind of event that can be exported, named as in the API's paths.
type Kind string

// The kinds.
const (
	StatusEvents  Kind = "status-events"
	SessionEvents Kind = "session-events"
	Calls         Kind = "calls"
)

// kindList names the kinds for error messages.
const kindList = "status-events, session-events or calls"

// ParseKind reads a kind by its name.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(s); k {
	case StatusEvents, SessionEvents, Calls:
		return k, nil
	}
	return "", activity.Errorf(activity.EInvalid, "kind %q is unknown: use %s", s, kindList)
}

// Scope is the scope a key needs to export the kind: the scope that lists it.
func (k Kind) Scope() string {
	switch k {
	case StatusEvents:
		return activity.ScopeStatusesRead
	case SessionEvents:
		return activity.ScopeSessionsRead
	}
	return activity.ScopeCallsRead
}

// Format is how rows are written.
type Format string

// The formats. NDJSON is the default.
const (
	NDJSON Format = "ndjson"
	CSV    Format = "csv"
)

// ParseFormat reads a format by its name; "" is NDJSON.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case "":
		return NDJSON, nil
	case NDJSON, CSV:
		return f, nil
	}
	return "", activity.Errorf(activity.EInvalid, "format %q is not valid: use ndjson or csv", s)
}

// ContentType is the media type of the format.
func (f Format) ContentType() string {
	if f == CSV {
		return "text/csv; charset=utf-8"
	}
	return "application/x-ndjson"
}

// Filename names an export file: <kind>-<from>-<to>.<format>. A bound is
// a date when it falls on midnight UTC, else an ISO 8601 basic timestamp
// (no colons, which some file systems refuse); an absent one is "start" or
// "end".
func Filename(k Kind, f Format, from, to time.Time) string {
	return string(k) + "-" + fileTime(from, "start") + "-" + fileTime(to, "end") + "." + string(f)
}

func fileTime(t time.Time, absent string) string {
	switch t = t.UTC(); {
	case t.IsZero():
		return absent
	case t.Equal(t.Truncate(24 * time.Hour)):
		return t.Format("2006-01-02")
	}
	return t.Format("20060102T150405Z")
}

// Items turns events into the JSON items of the API. Each function returns
// a struct whose fields, by their json tags, are the item's members.
type Items struct {
	StatusEvent  func(activity.StatusEvent) any
	SessionEvent func(activity.SessionEvent) any
	Call         func(activity.Call) any
}

// sample is an item of kind k made from a zero event, which CSV reads its
// columns from.
func (it Items) sample(k Kind) any {
	switch k {
	case StatusEvents:
		return it.StatusEvent(activity.StatusEvent{})
	case SessionEvents:
		return it.SessionEvent(activity.SessionEvent{})
	}
	return it.Call(activity.Call{})
}

// Export is one export: which rows, in which format.
type Export struct {
	Kind   Kind
	Format Format
	Filter store.EventFilter // From, To and UserIDs; Limit must stay 0
	Items  Items
	// Row, when set, is called after each row is written, with the number
	// written so far: for progress.
	Row func(rows int64)
}

// bufferSize is how much output is gathered before it is written on.
const bufferSize = 32 << 10

// Run writes the export to w as the rows are read, buffered, and returns
// how many rows it wrote. CSV starts with its header row even when there
// are no rows. On error, what was buffered is not flushed.
func (e *Export) Run(ctx context.Context, db *store.DB, tenantID int64, w io.Writer) (int64, error) {
	buf := bufio.NewWriterSize(w, bufferSize)
	write, err := e.rowWriter(buf)
	if err != nil {
		return 0, err
	}
	var n int64
	emit := func(item any) error {
		if err := write(item); err != nil {
			return err
		}
		n++
		if e.Row != nil {
			e.Row(n)
		}
		return nil
	}
	f := e.Filter
	f.Limit, f.Offset = 0, 0
	switch e.Kind {
	case StatusEvents:
		err = db.StatusEvents(ctx, tenantID, f, func(s store.StoredStatusEvent) error { return emit(e.Items.StatusEvent(s.StatusEvent)) })
	case SessionEvents:
		err = db.SessionEvents(ctx, tenantID, f, func(s store.StoredSessionEvent) error { return emit(e.Items.SessionEvent(s.SessionEvent)) })
	case Calls:
		err = db.Calls(ctx, tenantID, f, func(c activity.Call) error { return emit(e.Items.Call(c)) })
	default:
		_, err = ParseKind(string(e.Kind))
	}
	if err != nil {
		return n, err
	}
	return n, buf.Flush()
}

// rowWriter returns the function that writes one item in e's format, after
// writing what comes before the rows.
func (e *Export) rowWriter(buf *bufio.Writer) (func(item any) error, error) {
	if e.Format == CSV {
		t, err := newTable(e.Items.sample(e.Kind))
		if err != nil {
			return nil, err
		}
		if _, err := buf.Write(t.header()); err != nil {
			return nil, err
		}
		return func(item any) error {
			line, err := t.row(item)
			if err != nil {
				return err
			}
			_, err = buf.Write(line)
			return err
		}, nil
	}
	// Encode writes what json.Marshal does, HTML escaping included, then a
	// new line: the bytes of the item in a listed page.
	enc := json.NewEncoder(buf)
	return func(item any) error { return enc.Encode(item) }, nil
}
