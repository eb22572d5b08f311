package api

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// List limits: a page is small enough to answer at once; exports stream
// larger sets.
const (
	defaultListLimit = 100
	maxListLimit     = 1000
)

type page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"nextCursor"`
}

// ListStatusEvents serves GET /api/v1/status-events.
func (a *API) ListStatusEvents(w http.ResponseWriter, r *http.Request) {
	f, err := listFilter(r.URL.Query(), false)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	if f.Queue != nil {
		a.WriteError(w, r, activity.Errorf(activity.EInvalid, "queue does not apply to status events: it filters session events and calls"))
		return
	}
	if statuses, ok := r.URL.Query()["status"]; ok {
		f.Statuses = statuses
	}
	out := page[statusEventJSON]{Items: []statusEventJSON{}}
	var last store.Cursor
	err = a.DB.StatusEvents(r.Context(), principal(r).Tenant.ID, f, func(e store.StoredStatusEvent) error {
		out.Items = append(out.Items, statusEventOut(e.StatusEvent))
		last = store.Cursor{Time: e.Time.UnixMilli(), Seq: e.Seq}
		return nil
	})
	a.answerPage(w, r, &out, err, f.Limit, last)
}

// ListSessionEvents serves GET /api/v1/session-events.
func (a *API) ListSessionEvents(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := listFilter(q, false)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	if f.Action = q.Get("action"); f.Action != "" && f.Action != activity.Login && f.Action != activity.Logout {
		a.WriteError(w, r, activity.Errorf(activity.EInvalid, "action %q is not valid: use login or logout", f.Action))
		return
	}
	out := page[sessionEventJSON]{Items: []sessionEventJSON{}}
	var last store.Cursor
	err = a.DB.SessionEvents(r.Context(), principal(r).Tenant.ID, f, func(e store.StoredSessionEvent) error {
		out.Items = append(out.Items, sessionEventOut(e.SessionEvent))
		last = store.Cursor{Time: e.Time.UnixMilli(), Seq: e.Seq}
		return nil
	})
	a.answerPage(w, r, &out, err, f.Limit, last)
}

// ListCalls serves GET /api/v1/calls.
func (a *API) ListCalls(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f, err := listFilter(q, true)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	if statuses, ok := q["status"]; ok {
		f.Statuses = statuses
	}
	switch f.Direction = q.Get("direction"); f.Direction {
	case "", activity.Inbound, activity.Outbound, activity.Internal:
	default:
		a.WriteError(w, r, activity.Errorf(activity.EInvalid, "direction %q is not valid: use inbound, outbound or internal", f.Direction))
		return
	}
	out := page[callJSON]{Items: []callJSON{}}
	var last store.Cursor
	err = a.DB.Calls(r.Context(), principal(r).Tenant.ID, f, func(c activity.Call) error {
		out.Items = append(out.Items, callOut(c))
		last = store.Cursor{Time: c.CreatedAt.UnixMilli(), ID: c.ID}
		return nil
	})
	a.answerPage(w, r, &out, err, f.Limit, last)
}

// answerPage writes a page, with a cursor to the next one when the page is
// full.
func (a *API) answerPage(w http.ResponseWriter, r *http.Request, p interface{ setNext(string, int) }, err error, limit int, last store.Cursor) {
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	p.setNext(encodeCursor(last), limit)
	writeJSON(w, http.StatusOK, p)
}

func (p *page[T]) setNext(cursor string, limit int) {
	if len(p.Items) == limit {
		p.NextCursor = &cursor
	}
}

// listFilter reads the parameters every list shares: from, to, userIds,
// queue, limit and cursor.
func listFilter(q url.Values, callCursor bool) (store.EventFilter, error) {
	var f store.EventFilter
	var err error
	if f.From, err = optionalTime(q, "from"); err != nil {
		return f, err
	}
	if f.To, err = optionalTime(q, "to"); err != nil {
		return f, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return f, activity.Errorf(activity.EInvalid, "to is before from")
	}
	if f.UserIDs, err = userIDs(q); err != nil {
		return f, err
	}
	if queue, ok := q["queue"]; ok {
		f.Queue = &queue[0]
	}
	if f.Limit, err = limit(q.Get("limit")); err != nil {
		return f, err
	}
	f.After, err = decodeCursor(q.Get("cursor"), callCursor)
	return f, err
}

func optionalTime(q url.Values, name string) (time.Time, error) {
	s := q.Get(name)
	if s == "" {
		return time.Time{}, nil
	}
	return parseField(name, s)
}

// userIds may come as userIds=a&userIds=b, userIds[]=a, or userIds=a,b.
func userIDs(q url.Values) ([]string, error) {
	var ids []string
	for _, key := range []string{"userIds", "userIds[]", "userId"} {
		for _, v := range q[key] {
			for _, id := range strings.Split(v, ",") {
				if id = strings.TrimSpace(id); !activity.IsUUID(id) {
					return nil, activity.Errorf(activity.EInvalid, "userIds: %q is not a UUID", id)
				}
				ids = append(ids, id)
			}
		}
	}
	return ids, nil
}

func limit(s string) (int, error) {
	if s == "" {
		return defaultListLimit, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > maxListLimit {
		return 0, activity.Errorf(activity.EInvalid, "limit %q is not valid: use a whole number from 1 to %d", s, maxListLimit)
	}
	return n, nil
}

// A cursor is opaque to clients: the time and tie-breaker of the last row
// of the previous page.
func encodeCursor(c store.Cursor) string {
	raw := strconv.FormatInt(c.Time, 10) + ":" + strconv.FormatInt(c.Seq, 10)
	if c.ID != "" {
		raw = strconv.FormatInt(c.Time, 10) + ":" + c.ID
	}
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

func decodeCursor(s string, call bool) (*store.Cursor, error) {
	if s == "" {
		return nil, nil
	}
	bad := activity.Errorf(activity.EInvalid, "cursor %q is not valid: pass the nextCursor of the previous page unchanged", s)
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	timePart, tie, ok := strings.Cut(string(raw), ":")
	t, err := strconv.ParseInt(timePart, 10, 64)
	if !ok || err != nil {
		return nil, bad
	}
	if call {
		if !activity.IsUUID(tie) {
			return nil, bad
		}
		return &store.Cursor{Time: t, ID: tie}, nil
	}
	seq, err := strconv.ParseInt(tie, 10, 64)
	if err != nil {
		return nil, bad
	}
	return &store.Cursor{Time: t, Seq: seq}, nil
}
