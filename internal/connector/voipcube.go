package connector

import (
	"context"
	"io"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"agentlog/internal/activity"
)

// voipcube reads VoIPcube's status log, GET /stats/user-statuses, into
// status events. A request may span at most one calendar year; within it
// the log is read in pages (page, size), which VoIPcube orders by time and
// arrival, so pages are stable.
type voipcube struct{ s *syncer }

// voipcubePageSize is the page size asked for: VoIPcube documents no
// maximum, and a thousand entries are some 100 kB.
const voipcubePageSize = 1000

// voipcubeEntry is one entry of the log.
type voipcubeEntry struct {
	Status string `json:"status"`
	UserID string `json:"userId"`
	Time   string `json:"time"`
}

// span is a calendar year from pos (VoIPcube's limit), or less when asked.
func (v *voipcube) span(pos, end time.Time) (time.Time, time.Time) {
	to := OneYearAfter(pos)
	if v.s.cfg.Window > 0 {
		to = earliest(to, pos.Add(v.s.cfg.Window))
	}
	return pos, earliest(to, end)
}

func (v *voipcube) read(ctx context.Context, from, to time.Time) error {
	seen := twins{}
	for page := 1; ; page++ {
		q := url.Values{"from": {activity.FormatTime(from)}, "to": {activity.FormatTime(to)},
			"page": {strconv.Itoa(page)}, "size": {strconv.Itoa(voipcubePageSize)}}
		var n int
		err := v.s.get(ctx, v.s.cfg.URL+"/stats/user-statuses?"+q.Encode(), v.header, func(r io.Reader) (err error) {
			pageSeen := maps.Clone(seen) // a retry reads the page again from its start
			n, err = decodeArray(r, func(b []voipcubeEntry) error { return v.store(ctx, b, pageSeen) })
			if err == nil {
				seen = pageSeen
			}
			return err
		})
		if err != nil || n != voipcubePageSize { // a short page is the last; a longer one, a server that does not page
			return err
		}
	}
}

func (v *voipcube) header(h http.Header) { h.Set("Key", v.s.cfg.Key) }

// store keeps a page's entries. VoIPcube names users by id only: a user
// agentlog does not know yet is created with that id, its login the id
// until renamed.
func (v *voipcube) store(ctx context.Context, entries []voipcubeEntry, seen twins) error {
	events := make([]activity.StatusEvent, len(entries))
	for i, e := range entries {
		t, err := parseTime("time", e.Time)
		if err != nil {
			return err
		}
		events[i] = activity.StatusEvent{ID: seen.id("voipcube", e.UserID, e.Status, e.Time), User: activity.UserRef{ID: e.UserID}, Status: e.Status, Time: t}
	}
	return v.s.count(v.s.cfg.DB.IngestStatusEvents(ctx, v.s.cfg.Tenant.ID, events))
}

// OneYearAfter is the latest end VoIPcube accepts for a period from t: the
// same date and time a year later (UTC); from 29 February, 28 February.
func OneYearAfter(t time.Time) time.Time {
	t = t.UTC()
	next := t.AddDate(1, 0, 0)
	if next.Day() != t.Day() { // 29 February rolled over into March
		next = next.AddDate(0, 0, -next.Day())
	}
	return next
}
