package api_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// TestStatusTimeBruteForce compares the time-in-status report with a
// computation that clips every interval against every bucket, over more
// users than one query reads, across the autumn daylight-saving change,
// with intervals that span many buckets, several statuses in one bucket,
// changes on bucket edges and in the same millisecond, a period whose
// edges are not bucket edges, and "now" inside the period.
func TestStatusTimeBruteForce(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2025, 10, 27, 3, 33, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeReportsRead)
		events := bruteForceEvents()
		if _, err := db.IngestStatusEvents(t.Context(), tenant.ID, events); err != nil {
			t.Fatal(err)
		}
		if err := db.PutStatusDefinition(t.Context(), tenant.ID, &activity.StatusDefinition{Name: "Lunch", Category: activity.CategoryAway, Color: "#c9a400"}); err != nil {
			t.Fatal(err)
		}
		srv := servertest.Start(t, db)
		from, to := time.Date(2025, 10, 25, 21, 17, 0, 0, time.UTC), time.Date(2025, 10, 27, 5, 0, 0, 500e6, time.UTC)
		cases := []struct {
			bucket, zone, hours string
			unit                activity.Unit
		}{
			{"1h", "Europe/Berlin", "", activity.Hour},
			{"15m", "Asia/Kathmandu", "", activity.Quarter},
			{"1d", "Europe/Berlin", "", activity.Day},
			{"1h", "Europe/Berlin", "08:00-17:00", activity.Hour},
		}
		for _, c := range cases {
			t.Run(c.bucket+" "+c.zone+" "+c.hours, func(t *testing.T) {
				zone, _ := time.LoadLocation(c.zone)
				q := url.Values{"from": {activity.FormatTime(from)}, "to": {activity.FormatTime(to)}, "bucket": {c.bucket}, "tz": {c.zone}}
				var windows []activity.Span
				if c.hours != "" {
					q.Set("dayStart", c.hours[:5])
					q.Set("dayEnd", c.hours[6:])
					windows = localWindows(from, to, zone, 8, 17)
				}
				res := srv.Do(t, "GET", "/api/v1/reports/status-time?"+q.Encode(), map[string]string{"Key": key})
				if res.Status != 200 {
					t.Fatalf("status %d: %s", res.Status, res.Body)
				}
				got := reportLines(t, res.Body)
				want := bruteForceStatusTime(events, from, to, now, activity.Buckets(from, to, zone, c.unit), zone, windows)
				if len(got) != len(want) {
					t.Errorf("got %d rows, want %d", len(got), len(want))
				}
				for i := range min(len(got), len(want)) {
					if got[i] != want[i] {
						t.Fatalf("row %d:\ngot  %s\nwant %s", i, got[i], want[i])
					}
				}
			})
		}
	})
}

// bruteForceEvents are 40 users' status changes around the period, in
// time order (the order they are ingested in breaks ties).
func bruteForceEvents() []activity.StatusEvent {
	rng := rand.New(rand.NewPCG(7, 11))
	statuses := []string{"Available", "Break", "Lunch", "Wrap-up", ""}
	base := time.Date(2025, 10, 25, 12, 0, 0, 0, time.UTC)
	var events []activity.StatusEvent
	add := func(user int, status string, t time.Time) {
		events = append(events, activity.StatusEvent{ID: fmt.Sprintf("e%d", len(events)),
			User: activity.UserRef{Login: fmt.Sprintf("agent%02d", user)}, Status: status, Time: t})
	}
	for u := range 40 {
		switch u {
		case 0: // one status from before the period to after it
			add(u, "Available", base)
		case 1: // changes on the period's and the buckets' edges, and two in one millisecond
			add(u, "Break", time.Date(2025, 10, 25, 21, 17, 0, 0, time.UTC))
			add(u, "Lunch", time.Date(2025, 10, 26, 0, 0, 0, 0, time.UTC))
			add(u, "Available", time.Date(2025, 10, 26, 0, 0, 0, 0, time.UTC))
			add(u, "Break", time.Date(2025, 10, 26, 0, 45, 0, 0, time.UTC))
			add(u, "Wrap-up", time.Date(2025, 10, 27, 5, 0, 0, 500e6, time.UTC))
		case 2: // a change only after the period: no rows
			add(u, "Available", time.Date(2025, 10, 27, 6, 0, 0, 0, time.UTC))
		default:
			t := base.Add(time.Duration(rng.Int64N(int64(12 * time.Hour))))
			for t.Before(time.Date(2025, 10, 27, 8, 0, 0, 0, time.UTC)) {
				add(u, statuses[rng.IntN(len(statuses))], t.Truncate(time.Millisecond))
				// mostly minutes, now and then many hours
				step := time.Duration(rng.Int64N(int64(40 * time.Minute)))
				if rng.IntN(12) == 0 {
					step = time.Duration(rng.Int64N(int64(20 * time.Hour)))
				}
				t = t.Add(step)
			}
		}
	}
	slices.SortStableFunc(events, func(a, b activity.StatusEvent) int { return a.Time.Compare(b.Time) })
	return events
}

// localWindows are from:00 to until:00 on the clock of every local day
// around the period.
func localWindows(from, to time.Time, zone *time.Location, fromHour, untilHour int) []activity.Span {
	var out []activity.Span
	for d := from.In(zone).AddDate(0, 0, -1); d.Before(to.AddDate(0, 0, 1)); d = d.AddDate(0, 0, 1) {
		out = append(out, activity.Span{Start: time.Date(d.Year(), d.Month(), d.Day(), fromHour, 0, 0, 0, zone),
			End: time.Date(d.Year(), d.Month(), d.Day(), untilHour, 0, 0, 0, zone)})
	}
	return out
}

// bruteForceStatusTime writes the report's rows as reportLines does, by
// clipping every interval to every bucket (and window) in turn.
func bruteForceStatusTime(events []activity.StatusEvent, from, to, now time.Time, starts []time.Time, zone *time.Location, windows []activity.Span) []string {
	byUser := map[string][]activity.StatusEvent{}
	var logins []string
	for _, e := range events {
		if byUser[e.User.Login] == nil {
			logins = append(logins, e.User.Login)
		}
		byUser[e.User.Login] = append(byUser[e.User.Login], e)
	}
	slices.Sort(logins)
	end := now
	if to.Before(end) {
		end = to
	}
	var lines []string
	for _, login := range logins {
		type cell struct {
			total, lo, hi time.Duration
			n             int
		}
		cells := make([]map[string]*cell, len(starts))
		var changes []activity.StatusEvent
		for _, e := range byUser[login] {
			switch {
			case e.Time.Before(from):
				changes = []activity.StatusEvent{e} // only the last before the period counts
			case e.Time.Before(to):
				changes = append(changes, e)
			}
		}
		for i, c := range changes {
			ivEnd := end
			if i+1 < len(changes) && changes[i+1].Time.Before(end) {
				ivEnd = changes[i+1].Time
			}
			for b := range starts {
				bucket := activity.Span{Start: starts[b], End: to}
				if b+1 < len(starts) {
					bucket.End = starts[b+1]
				}
				part := activity.Intersect(activity.Intersect(activity.Span{Start: c.Time, End: ivEnd}, bucket), activity.Span{Start: from, End: to})
				d := activity.Overlap(part, part)
				if windows != nil {
					d = 0
					for _, w := range windows {
						d += activity.Overlap(part, w)
					}
				}
				if d <= 0 {
					continue
				}
				if cells[b] == nil {
					cells[b] = map[string]*cell{}
				}
				x := cells[b][c.Status]
				if x == nil {
					x = &cell{lo: d}
					cells[b][c.Status] = x
				}
				x.total += d
				x.n++
				x.lo, x.hi = min(x.lo, d), max(x.hi, d)
			}
		}
		for b, byStatus := range cells {
			var statuses []string
			for s := range byStatus {
				statuses = append(statuses, s)
			}
			slices.Sort(statuses)
			for _, s := range statuses {
				x := byStatus[s]
				category := activity.CategoryOther
				if s == "Lunch" {
					category = activity.CategoryAway
				}
				lines = append(lines, fmt.Sprintf("%s %s %q %s %g %d %g %g %g", starts[b].In(zone).Format("2006-01-02T15:04:05-07:00"), login, s, category,
					ms(x.total), x.n, ms(x.lo), ms(x.hi), ms(x.total/time.Duration(x.n))))
			}
		}
	}
	return lines
}

func ms(d time.Duration) float64 { return float64(d.Milliseconds()) / 1000 }

// reportLines reads the report's rows in the form bruteForceStatusTime
// writes.
func reportLines(t *testing.T, body []byte) []string {
	var answer struct {
		Rows []struct {
			Bucket, Login, Status, Category string
			Seconds, MinSeconds, MaxSeconds float64
			AvgSeconds                      float64
			Count                           int
		}
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range answer.Rows {
		lines = append(lines, fmt.Sprintf("%s %s %q %s %g %d %g %g %g", r.Bucket, r.Login, r.Status, r.Category,
			r.Seconds, r.Count, r.MinSeconds, r.MaxSeconds, r.AvgSeconds))
	}
	return lines
}
