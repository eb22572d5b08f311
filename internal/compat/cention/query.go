package cention

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// query is a logio request's parameters.
type query struct {
	name     string // one agent's login; "" for all
	format   string // csv or json
	from, to int64  // unix seconds, both included
}

// defaultPeriod is how far back a request without from looks.
const defaultPeriod = 7 * 24 * time.Hour

// Unix seconds are accepted from the epoch to the end of year 9999, far
// from overflowing milliseconds.
const maxUnixSeconds = 253402300799

func (h *Handler) parseQuery(r *http.Request) (query, error) {
	v := r.URL.Query()
	now := h.DB.Now().Unix()
	q := query{name: v.Get("name"), format: v.Get("format")}
	if !v.Has("format") {
		q.format = "csv"
	}
	switch q.format {
	case "csv", "json":
	default:
		return q, activity.Errorf(activity.EInvalid, "format %q is not known: use csv or json", q.format)
	}
	var err error
	if q.from, err = unixSeconds(v, "from", now-int64(defaultPeriod/time.Second)); err != nil {
		return q, err
	}
	if q.to, err = unixSeconds(v, "to", now); err != nil {
		return q, err
	}
	if q.to < q.from {
		return q, activity.Errorf(activity.EInvalid, "to (%d) is before from (%d)", q.to, q.from)
	}
	return q, nil
}

// unixSeconds reads an optional parameter of unix seconds: absent gives the
// fallback, present it must be an integer (an empty value is not).
func unixSeconds(v url.Values, name string, fallback int64) (int64, error) {
	if !v.Has(name) {
		return fallback, nil
	}
	s := v.Get(name)
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, activity.Errorf(activity.EInvalid, "%s %q is not an integer: give unix seconds, such as 1554108462", name, s)
	}
	if n < 0 || n > maxUnixSeconds {
		return 0, activity.Errorf(activity.EInvalid, "%s %d is out of range: give unix seconds from 0 to %d", name, n, int64(maxUnixSeconds))
	}
	return n, nil
}

// filter turns a query into the store's terms: the inclusive period in
// seconds becomes [from, to+1 s) in milliseconds, and a name becomes its
// user, or nothing when no user has it.
func (h *Handler) filter(r *http.Request, tenantID int64, q query) (store.EventFilter, error) {
	f := store.EventFilter{From: time.Unix(q.from, 0), To: time.Unix(q.to+1, 0)}
	if q.name == "" {
		return f, nil
	}
	u, err := h.DB.UserByLogin(r.Context(), tenantID, q.name)
	switch activity.ErrorCode(err) {
	case "":
		f.UserIDs = []string{u.ID}
	case activity.ENotFound:
		f.UserIDs = []string{} // an unknown name: an empty result
	default:
		return f, err
	}
	return f, nil
}
