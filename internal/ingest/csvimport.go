package ingest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// Kinds of items the generic CSV and NDJSON imports read.
const (
	StatusEvents  = "status-events"
	SessionEvents = "session-events"
	Calls         = "calls"
)

// kindFields are the fields of each kind: the names of the /api/v1 items,
// which are also the columns of agentlog's CSV export. Links are
// "links.<name>Id" columns.
var kindFields = map[string][]string{
	StatusEvents:  {"id", "userId", "login", "status", "time"},
	SessionEvents: {"id", "userId", "login", "action", "time", "queue"},
	Calls: {"id", "direction", "fromNumber", "toNumber", "userId", "login", "extension", "queue",
		"startedAt", "answeredAt", "endedAt", "updatedAt", "createdAt", "status", "statusMessage",
		"outcome", "costCents", "callData"},
}

// FatalError stops an import whatever Strict says: the file cannot be read
// at all (a CSV header naming unknown fields).
type FatalError struct{ Msg string }

func (e *FatalError) Error() string { return e.Msg }

// Records decodes generic CSV (a header row names the fields) or NDJSON
// (the /api/v1 items) of one kind. Map renames source columns or keys to
// agentlog fields; a column mapped to "-" is dropped.
type Records struct {
	Kind   string
	NDJSON bool
	Map    map[string]string

	header []string // CSV: the field of each column, "" when dropped
}

// ParseMap reads "col=field,col2=field2".
func ParseMap(s string) (map[string]string, error) {
	m := map[string]string{}
	if s == "" {
		return m, nil
	}
	for _, pair := range strings.Split(s, ",") {
		col, field, ok := strings.Cut(pair, "=")
		if !ok || strings.TrimSpace(col) == "" || strings.TrimSpace(field) == "" {
			return nil, fmt.Errorf("--map %q: give col=field pairs separated by commas", pair)
		}
		m[strings.TrimSpace(col)] = strings.TrimSpace(field)
	}
	return m, nil
}

// knownField reports whether name is a field of kind.
func knownField(kind, name string) bool {
	if kind == Calls && strings.HasPrefix(name, "links.") && strings.HasSuffix(name, "Id") {
		return true
	}
	return slices.Contains(kindFields[kind], name)
}

func (d *Records) field(col string) string {
	if f, ok := d.Map[col]; ok {
		if f == "-" {
			return ""
		}
		return f
	}
	return col
}

// Decode reads one line: the header (CSV's first line), or one item.
func (d *Records) Decode(_ int64, line string, out *Batch) error {
	if _, ok := kindFields[d.Kind]; !ok {
		return &FatalError{fmt.Sprintf("kind %q is unknown: use status-events, session-events or calls", d.Kind)}
	}
	rec := map[string]*string{}
	if d.NDJSON {
		var obj map[string]json.RawMessage
		dec := json.NewDecoder(strings.NewReader(line))
		if err := dec.Decode(&obj); err != nil || obj == nil {
			return fmt.Errorf("not a JSON object: %v", err)
		}
		if dec.More() {
			return fmt.Errorf("more than one JSON value on the line")
		}
		for _, k := range slices.Sorted(maps.Keys(obj)) { // in order: the same line, the same error
			raw := obj[k]
			name := d.field(k)
			if name == "" || (name == "links" && d.Kind == Calls) {
				continue
			}
			if !knownField(d.Kind, name) {
				return fmt.Errorf("field %q is not a field of %s (rename it with --map %s=field or drop it with --map %s=-)", k, d.Kind, k, k)
			}
			v, err := jsonText(raw)
			if err != nil {
				return fmt.Errorf("field %q: %v", k, err)
			}
			rec[name] = v
		}
		if raw, ok := obj["links"]; ok && d.Kind == Calls {
			var links map[string]*string
			if err := json.Unmarshal(raw, &links); err != nil {
				return fmt.Errorf("links is not an object of ids")
			}
			for k, v := range links {
				rec["links."+k] = v
			}
		}
	} else {
		f, err := csvFields(line)
		if err != nil {
			return err
		}
		if d.header == nil {
			return d.readHeader(f)
		}
		if len(f) != len(d.header) {
			return fmt.Errorf("%d columns, the header has %d", len(f), len(d.header))
		}
		for i, v := range f {
			if d.header[i] != "" {
				rec[d.header[i]] = &v
			}
		}
	}
	return d.item(rec, out)
}

// jsonText is a JSON value as text: a string's content, nil for null,
// anything else as written.
func jsonText(raw json.RawMessage) (*string, error) {
	raw = bytes.TrimSpace(raw)
	if string(raw) == "null" {
		return nil, nil
	}
	s := string(raw)
	if len(raw) > 0 && raw[0] == '"' {
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, err
		}
	}
	return &s, nil
}

func (d *Records) readHeader(cols []string) error {
	d.header = make([]string, len(cols))
	for i, col := range cols {
		col = strings.TrimSpace(strings.TrimPrefix(col, "\ufeff"))
		name := d.field(col)
		if name != "" && !knownField(d.Kind, name) {
			return &FatalError{fmt.Sprintf("column %q is not a field of %s: rename it with --map %s=field or drop it with --map %s=- (fields: %s)",
				col, d.Kind, col, col, strings.Join(kindFields[d.Kind], ", "))}
		}
		d.header[i] = name
	}
	return errIgnored
}

func (d *Records) item(rec map[string]*string, out *Batch) error {
	get := func(name string) string {
		if v := rec[name]; v != nil {
			return *v
		}
		return ""
	}
	user := activity.UserRef{ID: get("userId"), Login: get("login")}
	switch d.Kind {
	case StatusEvents:
		if rec["status"] == nil {
			return fmt.Errorf("status is missing: give the status picked, or \"\" for a cleared status")
		}
		t, err := recordTime("time", get("time"))
		if err != nil {
			return err
		}
		out.Status = append(out.Status, activity.StatusEvent{ID: get("id"), User: user, Status: get("status"), Time: t})
	case SessionEvents:
		t, err := recordTime("time", get("time"))
		if err != nil {
			return err
		}
		out.Sessions = append(out.Sessions, activity.SessionEvent{ID: get("id"), User: user, Action: get("action"), Time: t, Queue: get("queue")})
	case Calls:
		c := activity.Call{ID: get("id"), Direction: get("direction"), FromNumber: get("fromNumber"), ToNumber: get("toNumber"),
			User: user, Extension: get("extension"), Queue: get("queue"), Status: get("status"), Outcome: get("outcome")}
		if c.Direction == "" {
			c.Direction = activity.Inbound
		}
		for _, f := range []struct {
			name string
			out  **time.Time
		}{{"startedAt", &c.StartedAt}, {"answeredAt", &c.AnsweredAt}, {"endedAt", &c.EndedAt}, {"updatedAt", nil}} {
			if get(f.name) == "" {
				continue
			}
			t, err := recordTime(f.name, get(f.name))
			if err != nil {
				return err
			}
			if f.out == nil {
				c.UpdatedAt = t
			} else {
				*f.out = &t
			}
		}
		if m := get("statusMessage"); m != "" {
			c.StatusMessage = &m
		}
		if s := get("costCents"); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return fmt.Errorf("costCents %q is not a whole number", s)
			}
			c.CostCents = n
		}
		if s := get("callData"); s != "" {
			c.CallData = json.RawMessage(s)
		}
		for k, v := range rec {
			if name, ok := strings.CutPrefix(k, "links."); ok && v != nil && *v != "" {
				if c.Links == nil {
					c.Links = map[string]string{}
				}
				c.Links[strings.TrimSuffix(name, "Id")] = *v
			}
		}
		out.Calls = append(out.Calls, c)
	}
	return nil
}

func recordTime(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, fmt.Errorf("%s is missing: give it as %s", name, activity.TimeForms)
	}
	t, ok := activity.ParseTime(s)
	if !ok {
		return t, fmt.Errorf("%s %q is not a time: accepted are %s", name, s, activity.TimeForms)
	}
	return t, nil
}
