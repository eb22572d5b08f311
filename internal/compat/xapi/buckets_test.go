package xapi_test

// Buckets of hours, days, weeks and months in four zones, across both
// daylight-saving changes of 2025 in Berlin (03-30, 10-26) and New York
// (03-09, 11-02), with calls on every bucket boundary, a millisecond before
// it, and at periodFrom and periodTo.

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

var (
	bucketZones = []string{"Europe/Berlin", "America/New_York", "Asia/Kolkata", "+08:00"}
	changeDays  = [][3]int{{2025, 3, 9}, {2025, 3, 30}, {2025, 10, 26}, {2025, 11, 2}}
	// an odd period for every zone: it starts and ends inside an hour
	oddFrom, oddTo = "2025-10-26T00:30:00.000Z", "2025-10-26T03:30:00+00:00"
)

// boundaryCalls puts calls on every hour of the change days and on every
// month of 2025 in every bucket zone, a millisecond before each, at the odd
// period's ends, and spreads 1500 more over 2025.
func boundaryCalls() []tcall {
	g := rand.New(rand.NewPCG(2025, 1))
	var out []tcall
	add := func(at time.Time, answered bool) {
		out = append(out, tcall{start: at, agent: 1 + g.IntN(4), dir: activity.Inbound, answered: answered, ring: time.Minute})
		out[len(out)-1].ext = agents[out[len(out)-1].agent-1].ext
	}
	for _, name := range bucketZones {
		zone := query{zone: name}.location()
		for _, d := range changeDays {
			day := time.Date(d[0], time.Month(d[1]), d[2], 0, 0, 0, 0, zone)
			for _, b := range calendar(day, day.AddDate(0, 0, 1), zone, 0) {
				add(b[0], true)
				add(b[0].Add(-time.Millisecond), false)
				add(b[0].Add(30*time.Minute-time.Millisecond), g.IntN(2) == 0)
			}
		}
		for m := 1; m <= 13; m++ {
			add(time.Date(2025, time.Month(m), 1, 0, 0, 0, 0, zone), false)
			add(time.Date(2025, time.Month(m), 1, 0, 0, 0, 0, zone).Add(-time.Millisecond), true)
		}
	}
	for _, s := range []string{oddFrom, oddTo} {
		add(mustTime(s), true)
		add(mustTime(s).Add(-time.Millisecond), false)
	}
	year := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for range 1500 {
		add(year.Add(time.Duration(g.Int64N(int64(365*24*time.Hour/time.Millisecond)))*time.Millisecond), g.IntN(3) > 0)
	}
	return out
}

// bucketCase is one query and, for some, the rows it must have.
type bucketCase struct {
	name      string
	q         query
	rows      int               // the number of buckets; 0: not checked
	intervals map[int]string    // some rows' DateTimeInterval, by index
	check     func([]uaRow) int // optional: extra rows to count, see empty day
}

// localPeriod is [local midnight of from, local midnight of to) in zone,
// written as UTC with milliseconds, as 3CX's client writes it.
func localPeriod(zone *time.Location, from, to [3]int) (string, string) {
	f := time.Date(from[0], time.Month(from[1]), from[2], 0, 0, 0, 0, zone)
	t := time.Date(to[0], time.Month(to[1]), to[2], 0, 0, 0, 0, zone)
	return f.UTC().Format("2006-01-02T15:04:05.000Z"), t.UTC().Format("2006-01-02T15:04:05.000Z")
}

func bucketCases(name string) []bucketCase {
	zone := query{zone: name}.location()
	q := func(grouping int, from, to string) query {
		return query{zone: name, from: from, to: to, wait: "0:00:00", queueCalls: true, grouping: grouping}
	}
	var cases []bucketCase
	for _, d := range changeDays {
		from, to := localPeriod(zone, d, [3]int{d[0], d[1], d[2] + 1})
		c := bucketCase{name: fmt.Sprintf("hours of %d-%02d-%02d", d[0], d[1], d[2]), q: q(0, from, to), rows: 24}
		switch fmt.Sprint(name, d) {
		case "Europe/Berlin[2025 3 30]":
			c.rows, c.intervals = 23, map[int]string{1: "2025-03-30T01:00:00+01:00", 2: "2025-03-30T03:00:00+02:00"}
		case "Europe/Berlin[2025 10 26]":
			c.rows, c.intervals = 25, map[int]string{2: "2025-10-26T02:00:00+02:00", 3: "2025-10-26T02:00:00+01:00", 24: "2025-10-26T23:00:00+01:00"}
		case "America/New_York[2025 3 9]":
			c.rows, c.intervals = 23, map[int]string{1: "2025-03-09T01:00:00-05:00", 2: "2025-03-09T03:00:00-04:00"}
		case "America/New_York[2025 11 2]":
			c.rows, c.intervals = 25, map[int]string{1: "2025-11-02T01:00:00-04:00", 2: "2025-11-02T01:00:00-05:00"}
		case "Asia/Kolkata[2025 3 30]":
			c.intervals = map[int]string{0: "2025-03-30T00:00:00+05:30", 23: "2025-03-30T23:00:00+05:30"}
		case "+08:00[2025 10 26]":
			c.intervals = map[int]string{0: "2025-10-26T00:00:00+08:00"}
		}
		cases = append(cases, c)
	}
	spring, springEnd := localPeriod(zone, [3]int{2025, 3, 2}, [3]int{2025, 4, 7})
	autumn, autumnEnd := localPeriod(zone, [3]int{2025, 10, 19}, [3]int{2025, 11, 10})
	weekFrom := time.Date(2025, 3, 1, 0, 0, 0, 0, zone).Format(time.RFC3339) // a Saturday, with the zone's offset
	weekTo := time.Date(2025, 4, 15, 12, 0, 0, 0, zone).Format(time.RFC3339) // a Tuesday noon
	year, yearEnd := localPeriod(zone, [3]int{2025, 1, 1}, [3]int{2026, 1, 1})
	empty, emptyEnd := localPeriod(zone, [3]int{2026, 2, 1}, [3]int{2026, 2, 2})
	return append(cases,
		bucketCase{name: "hours of an odd period", q: q(0, oddFrom, oddTo)},
		bucketCase{name: "days of spring", q: q(1, spring, springEnd), rows: 36},
		bucketCase{name: "days of autumn", q: q(1, autumn, autumnEnd), rows: 22},
		bucketCase{name: "weeks from a Saturday to a Tuesday noon", q: q(2, weekFrom, weekTo), rows: 8},
		bucketCase{name: "weeks of autumn", q: q(2, autumn, autumnEnd), rows: 4},
		bucketCase{name: "months of 2025", q: q(3, year, yearEnd), rows: 12,
			intervals: map[int]string{0: offsetTime(time.Date(2025, 1, 1, 0, 0, 0, 0, zone), zone), 11: offsetTime(time.Date(2025, 12, 1, 0, 0, 0, 0, zone), zone)}},
		bucketCase{name: "a day without calls", q: q(0, empty, emptyEnd), rows: 24, check: func(rows []uaRow) int {
			a, u := totals(rows)
			return a + u
		}},
	)
}

func TestBuckets(t *testing.T) {
	calls := boundaryCalls()
	// The model's calendar is checked against the hand first.
	for _, name := range bucketZones {
		for _, c := range bucketCases(name) {
			rows := c.q.expect(calls)
			if c.rows > 0 && len(rows) != c.rows {
				t.Fatalf("%s, %s: the model makes %d rows, want %d", name, c.name, len(rows), c.rows)
			}
			for i, want := range c.intervals {
				if rows[i].interval != want {
					t.Fatalf("%s, %s: the model's row %d is %s, want %s", name, c.name, i, rows[i].interval, want)
				}
			}
			if a, u := totals(rows); c.check == nil && a+u == 0 || c.check != nil && c.check(rows) != 0 {
				t.Fatalf("%s, %s: the model counts %d calls", name, c.name, a+u)
			}
		}
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.ingest(t, calls)
		for _, name := range bucketZones {
			for _, c := range bucketCases(name) {
				wantRows(t, name+", "+c.name, e.get(t, c.q.target("GetUserActivity", ""), e.token), render(c.q.expect(calls)), nil)
			}
		}
	})
}

// TestBucketsAtPeriodEnds: a call at periodFrom counts and one at periodTo
// does not, whatever the bucket size.
func TestBucketsAtPeriodEnds(t *testing.T) {
	at := func(s string, answered bool) tcall {
		return tcall{start: mustTime(s), agent: 1, ext: "101", dir: activity.Inbound, answered: answered, ring: time.Minute}
	}
	calls := []tcall{at("2025-10-26T00:30:00Z", true), at("2025-10-26T00:29:59.999Z", true),
		at("2025-10-26T03:30:00Z", false), at("2025-10-26T03:29:59.999Z", false)}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.ingest(t, calls)
		for grouping := range 4 {
			q := query{zone: "Europe/Berlin", from: "2025-10-26T00:30:00.000Z", to: "2025-10-26T03:30:00.000Z", wait: "0:00:00",
				queueCalls: true, grouping: grouping}
			rows := q.expect(calls)
			if a, u := totals(rows); a != 1 || u != 1 {
				t.Fatalf("groupingType=%d: the model counts %d answered and %d unanswered, want 1 and 1", grouping, a, u)
			}
			wantRows(t, fmt.Sprintf("groupingType=%d", grouping), e.get(t, q.target("GetUserActivity", ""), e.token), render(rows), nil)
		}
	})
}
