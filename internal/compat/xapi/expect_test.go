package xapi_test

// The rows the model expects: the buckets of a zone's calendar, cut with
// time.Date (never with activity.Buckets), each counted by brute force over
// the calls the test ingested.

import (
	"fmt"
	"time"
)

// uaRow is one expected row.
type uaRow struct {
	start, end           time.Time
	interval             string // DateTimeInterval
	answered, unanswered int
}

// expect returns q's rows over calls: every bucket of the zone's calendar
// that overlaps the period, counted by brute force.
func (q query) expect(calls []tcall) []uaRow {
	from, to := q.period()
	zone := q.location()
	var rows []uaRow
	for _, b := range calendar(from, to, zone, q.grouping) {
		r := uaRow{start: b[0], end: b[1], interval: offsetTime(b[0], zone)}
		for _, c := range calls {
			if c.start.Before(b[0]) || !c.start.Before(b[1]) {
				continue
			}
			a, u := q.counts(c)
			r.answered += map[bool]int{true: 1}[a]
			r.unanswered += map[bool]int{true: 1}[u]
		}
		rows = append(rows, r)
	}
	return rows
}

// calendar returns the buckets [start, end) of unit (0 hour, 1 day, 2 week
// from Monday, 3 month) of zone's calendar that overlap [from, to). Days
// run from one local midnight (time.Date) to the next; hours are the whole
// hours from a local midnight, so a day of 23 or 25 hours has 23 or 25.
func calendar(from, to time.Time, zone *time.Location, unit int) [][2]time.Time {
	y, m, d := from.In(zone).Date()
	var bounds []time.Time
	for k := -1; len(bounds) == 0 || !bounds[len(bounds)-1].After(to); k++ {
		switch unit {
		case 0, 1:
			day, next := time.Date(y, m, d+k, 0, 0, 0, 0, zone), time.Date(y, m, d+k+1, 0, 0, 0, 0, zone)
			for h := day; h.Before(next); h = h.Add(time.Hour) {
				if local := h.In(zone); local.Minute() != 0 || local.Second() != 0 {
					panic(fmt.Sprintf("%s is not a whole hour in %s", h, zone))
				}
				bounds = append(bounds, h)
				if unit == 1 {
					break
				}
			}
		case 2:
			back := (int(time.Date(y, m, d, 12, 0, 0, 0, zone).Weekday()) + 6) % 7
			bounds = append(bounds, time.Date(y, m, d-back+7*k, 0, 0, 0, 0, zone))
		case 3:
			bounds = append(bounds, time.Date(y, m+time.Month(k), 1, 0, 0, 0, 0, zone))
		}
	}
	var out [][2]time.Time
	for i := 0; i+1 < len(bounds); i++ {
		if bounds[i].Before(to) && bounds[i+1].After(from) {
			out = append(out, [2]time.Time{bounds[i], bounds[i+1]})
		}
	}
	return out
}

// offsetTime writes t as local time with the zone's offset at t,
// 2025-05-01T08:00:00+03:00.
func offsetTime(t time.Time, zone *time.Location) string {
	local := t.In(zone)
	_, off := local.Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", local.Year(), local.Month(), local.Day(),
		local.Hour(), local.Minute(), local.Second(), sign, off/3600, off%3600/60)
}

// render writes rows as the JSON objects of the answer, with the named
// properties (all three when none are named).
func render(rows []uaRow, props ...string) []map[string]any {
	if len(props) == 0 {
		props = []string{"DateTimeInterval", "AnsweredCount", "UnansweredCount"}
	}
	out := make([]map[string]any, len(rows))
	for i, r := range rows {
		all := map[string]any{"DateTimeInterval": r.interval, "AnsweredCount": r.answered, "UnansweredCount": r.unanswered}
		out[i] = map[string]any{}
		for _, p := range props {
			out[i][p] = all[p]
		}
	}
	return out
}

// totals sums the counts of rows.
func totals(rows []uaRow) (answered, unanswered int) {
	for _, r := range rows {
		answered, unanswered = answered+r.answered, unanswered+r.unanswered
	}
	return answered, unanswered
}
