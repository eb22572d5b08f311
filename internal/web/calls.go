package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// callPageSize is how many calls one page of the log shows.
const callPageSize = 50

// callFilters are the call log's filters as the GET form sends them.
type callFilters struct {
	From, To, Direction, Status, User, Number string
}

type callLog struct {
	Form   callFilters
	Users  []activity.User
	Calls  []activity.Call
	Next   string // the next (older) page's URL; "" on the last
	First  string // the first page's URL, when this is a later one
	Logins map[string]string
	Error  string
}

// CallLog serves GET /calls: the tenant's calls, newest first, filtered by
// period, direction, status, agent and a part of a number, in pages that
// follow a keyset cursor (so a page never repeats or skips a call while
// new ones arrive).
func (w *Web) CallLog(rw http.ResponseWriter, r *http.Request, v *Visit) {
	ctx := r.Context()
	users, err := w.DB.Users(ctx, v.Tenant.ID)
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	q := r.URL.Query()
	d := callLog{Users: users, Form: callFilters{From: q.Get("from"), To: q.Get("to"), Direction: q.Get("direction"),
		Status: q.Get("status"), User: q.Get("user"), Number: strings.TrimSpace(q.Get("number"))}}
	f, err := d.filter(q.Get("cursor"), v.Zone, w.DB.Now())
	if err == nil {
		err = w.DB.Calls(ctx, v.Tenant.ID, f, func(c activity.Call) error {
			d.Calls = append(d.Calls, c)
			return nil
		})
	}
	if activity.ErrorCode(err) == activity.EInvalid {
		d.Error = activity.ErrorMessage(err)
		w.render(rw, r, http.StatusBadRequest, "calls.html", view{Visit: v, Title: "Calls", Nav: "calls", Data: d})
		return
	} else if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	d.pages(q)
	w.render(rw, r, http.StatusOK, "calls.html", view{Visit: v, Title: "Calls", Nav: "calls", Data: d})
}

// filter turns the form into the store's filter: one more call than a page
// is read, to know whether another page follows.
func (d *callLog) filter(cursor string, zone *time.Location, now time.Time) (store.EventFilter, error) {
	f := store.EventFilter{Newest: true, Limit: callPageSize + 1, Number: d.Form.Number}
	if len(f.Number) > 64 {
		return f, activity.Errorf(activity.EInvalid, "the number to search is longer than 64 characters")
	}
	for _, field := range [][2]string{{"status", d.Form.Status}, {"number", d.Form.Number}} {
		if !utf8.ValidString(field[1]) || strings.ContainsRune(field[1], 0) { // PostgreSQL cannot compare such text
			return f, activity.Errorf(activity.EInvalid, "the %s holds a NUL character or bytes that are not UTF-8", field[0])
		}
	}
	if d.Form.From != "" {
		from, err := dayParam(d.Form.From, zone, now)
		if err != nil {
			return f, err
		}
		f.From = from
	}
	if d.Form.To != "" {
		to, err := dayParam(d.Form.To, zone, now)
		if err != nil {
			return f, err
		}
		f.To = to.AddDate(0, 0, 1)
	}
	switch d.Form.Direction {
	case "", activity.Inbound, activity.Outbound, activity.Internal:
		f.Direction = d.Form.Direction
	default:
		return f, activity.Errorf(activity.EInvalid, "direction %q is not valid: use inbound, outbound or internal", d.Form.Direction)
	}
	if d.Form.Status != "" {
		f.Statuses = []string{d.Form.Status}
	}
	if d.Form.User != "" {
		if !activity.IsUUID(d.Form.User) {
			return f, activity.Errorf(activity.EInvalid, "user %q is not a user id: pick one from the list", d.Form.User)
		}
		f.UserIDs = []string{d.Form.User}
	}
	if cursor != "" {
		c, err := parseCallCursor(cursor)
		if err != nil {
			return f, err
		}
		f.After = &c
	}
	return f, nil
}

// pages cuts the extra call read and sets the links to the next page and
// back to the first.
func (d *callLog) pages(q url.Values) {
	if q.Get("cursor") != "" {
		first := cloneValues(q)
		first.Del("cursor")
		d.First = "/calls?" + first.Encode()
	}
	if len(d.Calls) <= callPageSize {
		return
	}
	d.Calls = d.Calls[:callPageSize]
	last := d.Calls[len(d.Calls)-1]
	next := cloneValues(q)
	next.Set("cursor", strconv.FormatInt(last.CreatedAt.UnixMilli(), 10)+"_"+last.ID)
	d.Next = "/calls?" + next.Encode()
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// parseCallCursor reads "<created ms>_<call id>".
func parseCallCursor(s string) (store.Cursor, error) {
	ms, id, ok := strings.Cut(s, "_")
	t, err := strconv.ParseInt(ms, 10, 64)
	if !ok || err != nil || !activity.IsUUID(id) {
		return store.Cursor{}, activity.Errorf(activity.EInvalid, "cursor %q is not valid: follow the page links", s)
	}
	return store.Cursor{Time: t, ID: activity.CanonicalUUID(id)}, nil
}

type callDetail struct {
	Call     activity.Call
	CallData string // indented JSON
	Agent    *activity.User
}

// CallDetail serves GET /calls/{id}: every field of one call.
func (w *Web) CallDetail(rw http.ResponseWriter, r *http.Request, v *Visit) {
	c, err := w.DB.Call(r.Context(), v.Tenant.ID, r.PathValue("id"))
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	d := callDetail{Call: c}
	if len(c.CallData) > 0 {
		var buf bytes.Buffer
		if json.Indent(&buf, c.CallData, "", "  ") == nil {
			d.CallData = buf.String()
		}
	}
	if c.User.ID != "" {
		if u, err := w.DB.User(r.Context(), v.Tenant.ID, c.User.ID); err == nil {
			d.Agent = &u
		}
	}
	w.render(rw, r, http.StatusOK, "call.html", view{Visit: v, Title: "Call " + c.ID, Nav: "calls", Data: d})
}
