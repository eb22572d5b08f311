package api_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// Golden tests of the time-in-status report on the days calendars are
// hardest: daylight-saving changes, a half-hour zone, and weeks and months
// across a year's end. One user is Available without a break, so every
// bucket holds exactly its own length.

type goldenRow struct {
	Bucket  string  `json:"bucket"`
	Status  string  `json:"status"`
	Seconds float64 `json:"seconds"`
	Count   int     `json:"count"`
}

func statusTime(t *testing.T, srv *servertest.Server, key string, query url.Values) []goldenRow {
	t.Helper()
	res := srv.Do(t, "GET", "/api/v1/reports/status-time?"+query.Encode(), map[string]string{"Key": key})
	if res.Status != 200 {
		t.Fatalf("status %d: %s", res.Status, res.Body)
	}
	var answer struct{ Rows []goldenRow }
	if err := json.Unmarshal(res.Body, &answer); err != nil {
		t.Fatal(err)
	}
	return answer.Rows
}

// summary writes rows as "bucket=hours" for comparison.
func summary(rows []goldenRow) string {
	parts := make([]string, len(rows))
	for i, r := range rows {
		parts[i] = fmt.Sprintf("%s=%gh", r.Bucket, r.Seconds/3600)
	}
	return strings.Join(parts, " ")
}

func TestStatusTimeGolden(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		db.Now = func() time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) }
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeReportsRead)
		_, err := db.IngestStatusEvents(t.Context(), tenant.ID, []activity.StatusEvent{
			{User: activity.UserRef{Login: "ann"}, Status: "Available", Time: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)},
		})
		if err != nil {
			t.Fatal(err)
		}
		srv := servertest.Start(t, db)
		for _, c := range goldenCases {
			t.Run(c.name, func(t *testing.T) {
				q := url.Values{"from": {c.from}, "to": {c.to}, "bucket": {c.bucket}, "tz": {c.zone}}
				rows := statusTime(t, srv, key, q)
				if got := summary(rows); got != c.want {
					t.Errorf("got  %s\nwant %s", got, c.want)
				}
			})
		}
	})
}

// hours writes n hourly buckets of one hour from the given local labels.
func hours(labels ...string) string {
	for i := range labels {
		labels[i] += "=1h"
	}
	return strings.Join(labels, " ")
}

func localHours(day, offset string, from, to int) []string {
	var out []string
	for h := from; h <= to; h++ {
		out = append(out, fmt.Sprintf("%sT%02d:00:00%s", day, h, offset))
	}
	return out
}

var goldenCases = []struct {
	name, zone, from, to, bucket, want string
}{
	{"Amsterdam spring day: 23 hours", "Europe/Amsterdam", "2025-03-29T23:00:00Z", "2025-03-30T22:00:00Z", "1h",
		hours(append(localHours("2025-03-30", "+01:00", 0, 1), localHours("2025-03-30", "+02:00", 3, 23)...)...)},
	{"Amsterdam autumn day: 25 hours, 02:00 twice", "Europe/Amsterdam", "2025-10-25T22:00:00Z", "2025-10-26T23:00:00Z", "1h",
		hours(append(localHours("2025-10-26", "+02:00", 0, 2), localHours("2025-10-26", "+01:00", 2, 23)...)...)},
	{"New York spring day: 23 hours", "America/New_York", "2025-03-09T05:00:00Z", "2025-03-10T04:00:00Z", "1h",
		hours(append(localHours("2025-03-09", "-05:00", 0, 1), localHours("2025-03-09", "-04:00", 3, 23)...)...)},
	{"New York autumn day: 25 hours, 01:00 twice", "America/New_York", "2025-11-02T04:00:00Z", "2025-11-03T05:00:00Z", "1h",
		hours(append(localHours("2025-11-02", "-04:00", 0, 1), localHours("2025-11-02", "-05:00", 1, 23)...)...)},
	{"Amsterdam change days as days", "Europe/Amsterdam", "2025-03-29T23:00:00Z", "2025-04-01T22:00:00Z", "1d",
		"2025-03-30T00:00:00+01:00=23h 2025-03-31T00:00:00+02:00=24h 2025-04-01T00:00:00+02:00=24h"},
	{"half-hour zone, days", "+05:30", "2025-05-01T18:30:00Z", "2025-05-03T18:30:00Z", "1d",
		"2025-05-02T00:00:00+05:30=24h 2025-05-03T00:00:00+05:30=24h"},
	{"half-hour zone, a period not on the hour", "Asia/Kolkata", "2025-05-01T19:00:00Z", "2025-05-01T21:00:00Z", "1h",
		"2025-05-02T00:00:00+05:30=0.5h 2025-05-02T01:00:00+05:30=1h 2025-05-02T02:00:00+05:30=0.5h"},
	{"weeks across the year's end", "Europe/Amsterdam", "2025-12-24T23:00:00Z", "2026-01-09T23:00:00Z", "1w",
		"2025-12-22T00:00:00+01:00=96h 2025-12-29T00:00:00+01:00=168h 2026-01-05T00:00:00+01:00=120h"},
	{"months across the year's end", "America/New_York", "2025-11-15T05:00:00Z", "2026-02-15T05:00:00Z", "1M",
		"2025-11-01T00:00:00-04:00=384h 2025-12-01T00:00:00-05:00=744h 2026-01-01T00:00:00-05:00=744h 2026-02-01T00:00:00-05:00=336h"},
	{"the whole period", "UTC", "2025-06-01T00:00:00Z", "2025-06-03T12:00:00Z", "all",
		"2025-06-01T00:00:00+00:00=60h"},
}
