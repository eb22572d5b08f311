package connector

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// cention reads Cention's logio API, GET /s/{workspace}/capi/custom/logio,
// into session events. Cention has no paging: one request answers a whole
// period, from and to in unix seconds, both included. Windows are
// Cention's default period, seven days, so that no answer is larger than
// the one Cention gives without parameters. The URL names the workspace:
// https://<host>/s/<workspace>.
type cention struct {
	s        *syncer
	endpoint string
}

// centionWindow is Cention's default period (from: now − 7 days).
const centionWindow = 7 * 24 * time.Hour

// centionRecord is one logio record.
type centionRecord struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Timestamp int64  `json:"timestamp"`
	Action    string `json:"action"`
}

func newCention(s *syncer) *cention {
	base := strings.TrimSuffix(s.cfg.URL, "/capi/custom/logio")
	return &cention{s: s, endpoint: base + "/capi/custom/logio"}
}

// span is whole seconds, Cention's precision: a window [from, to) is asked
// as from … to−1 s, both included.
func (c *cention) span(pos, end time.Time) (time.Time, time.Time) {
	from := pos.Truncate(time.Second)
	return from, earliest(from.Add(c.s.windowOr(centionWindow, centionWindow)), end.Truncate(time.Second))
}

func (c *cention) read(ctx context.Context, from, to time.Time) error {
	q := url.Values{"format": {"json"}, "from": {strconv.FormatInt(from.Unix(), 10)}, "to": {strconv.FormatInt(to.Unix()-1, 10)}}
	seen := twins{}
	return c.s.get(ctx, c.endpoint+"?"+q.Encode(), c.header, func(r io.Reader) error {
		clear(seen) // a retry reads the window from its start
		_, err := decodeArray(r, func(b []centionRecord) error { return c.store(ctx, b, seen) })
		return err
	})
}

func (c *cention) header(h http.Header) { h.Set("Authorization", "Bearer "+c.s.cfg.Key) }

// store keeps records as session events of the user with that login.
// Cention names no queue: the sessions are to all queues.
func (c *cention) store(ctx context.Context, records []centionRecord, seen twins) error {
	events := make([]activity.SessionEvent, len(records))
	for i, r := range records {
		action := strings.ToLower(r.Action)
		if action != activity.Login && action != activity.Logout {
			return badAnswer{fmt.Errorf("record %d: action %q is neither Login nor Logout", r.ID, r.Action)}
		}
		events[i] = activity.SessionEvent{ID: seen.id("cention", r.Name, action, strconv.FormatInt(r.Timestamp, 10)),
			User: activity.UserRef{Login: r.Name}, Action: action, Time: time.Unix(r.Timestamp, 0).UTC()}
	}
	return c.s.count(c.s.cfg.DB.IngestSessionEvents(ctx, c.s.cfg.Tenant.ID, events))
}
