package activity

import (
	"strings"
	"testing"
	"time"
)

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	z, err := ParseZone(name)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func utc(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func labels(starts []time.Time, zone *time.Location) []string {
	out := make([]string, len(starts))
	for i, s := range starts {
		out[i] = FormatOffsetTime(s, zone)
	}
	return out
}

func TestHourBucketsAcrossDaylightSaving(t *testing.T) {
	cases := []struct {
		zone, from, to string
		hours          int
		contains       []string
	}{
		// Berlin: 23 hours in spring, 25 in autumn with 02:00 twice.
		{"Europe/Berlin", "2025-03-29T23:00:00Z", "2025-03-30T22:00:00Z", 23, []string{"2025-03-30T01:00:00+01:00", "2025-03-30T03:00:00+02:00"}},
		{"Europe/Berlin", "2025-10-25T22:00:00Z", "2025-10-26T23:00:00Z", 25, []string{"2025-10-26T02:00:00+02:00", "2025-10-26T02:00:00+01:00"}},
		{"America/New_York", "2025-03-09T05:00:00Z", "2025-03-10T04:00:00Z", 23, []string{"2025-03-09T01:00:00-05:00", "2025-03-09T03:00:00-04:00"}},
		{"America/New_York", "2025-11-02T04:00:00Z", "2025-11-03T05:00:00Z", 25, []string{"2025-11-02T01:00:00-04:00", "2025-11-02T01:00:00-05:00"}},
		{"Asia/Kolkata", "2025-05-01T18:30:00Z", "2025-05-02T18:30:00Z", 24, []string{"2025-05-02T00:00:00+05:30", "2025-05-02T23:00:00+05:30"}},
		{"+08:00", "2025-05-01T16:00:00Z", "2025-05-02T16:00:00Z", 24, []string{"2025-05-02T00:00:00+08:00"}},
	}
	for _, c := range cases {
		zone := mustZone(t, c.zone)
		got := labels(Buckets(utc(c.from), utc(c.to), zone, Hour), zone)
		if len(got) != c.hours {
			t.Errorf("%s %s: %d hourly buckets, want %d: %v", c.zone, c.from, len(got), c.hours, got)
		}
		for _, want := range c.contains {
			if !strings.Contains(strings.Join(got, " "), want) {
				t.Errorf("%s %s: buckets %v lack %s", c.zone, c.from, got, want)
			}
		}
	}
}

func TestDayWeekMonthBuckets(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	days := Buckets(utc("2025-03-29T23:00:00Z"), utc("2025-04-01T22:00:00Z"), berlin, Day)
	if got := labels(days, berlin); strings.Join(got, " ") != "2025-03-30T00:00:00+01:00 2025-03-31T00:00:00+02:00 2025-04-01T00:00:00+02:00" {
		t.Errorf("days: %v", got)
	}
	if d := days[1].Sub(days[0]); d != 23*time.Hour {
		t.Errorf("the day of the spring change lasts %s, want 23h", d)
	}
	weeks := labels(Buckets(utc("2025-05-01T00:00:00Z"), utc("2025-05-20T00:00:00Z"), berlin, Week), berlin)
	if strings.Join(weeks, " ") != "2025-04-28T00:00:00+02:00 2025-05-05T00:00:00+02:00 2025-05-12T00:00:00+02:00 2025-05-19T00:00:00+02:00" {
		t.Errorf("weeks start on Monday: %v", weeks)
	}
	ny := mustZone(t, "America/New_York")
	months := labels(Buckets(utc("2025-01-15T00:00:00Z"), utc("2025-04-01T04:00:00Z"), ny, Month), ny)
	if strings.Join(months, " ") != "2025-01-01T00:00:00-05:00 2025-02-01T00:00:00-05:00 2025-03-01T00:00:00-05:00" {
		t.Errorf("months: %v", months)
	}
}

func TestQuartersFallInsideOneBucket(t *testing.T) {
	for _, name := range []string{"Europe/Berlin", "Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "+08:00", "-03:30"} {
		zone := mustZone(t, name)
		from, to := utc("2025-01-01T00:00:00Z"), utc("2025-12-31T00:00:00Z")
		starts := Buckets(from, to, zone, Hour)
		for q := from; q.Before(to); q = q.Add(15 * time.Minute) {
			i := BucketIndex(starts, q)
			j := BucketIndex(starts, q.Add(15*time.Minute-time.Millisecond))
			if i < 0 || i != j {
				t.Fatalf("%s: the quarter at %s spans buckets %d and %d", name, q, i, j)
			}
		}
	}
}

func TestBucketIndex(t *testing.T) {
	starts := []time.Time{utc("2025-01-01T00:00:00Z"), utc("2025-01-01T01:00:00Z")}
	for _, c := range []struct {
		at   string
		want int
	}{{"2024-12-31T23:59:59Z", -1}, {"2025-01-01T00:00:00Z", 0}, {"2025-01-01T00:59:59Z", 0}, {"2025-01-01T01:00:00Z", 1}, {"2025-01-01T05:00:00Z", 1}} {
		if got := BucketIndex(starts, utc(c.at)); got != c.want {
			t.Errorf("BucketIndex(%s) = %d, want %d", c.at, got, c.want)
		}
	}
}

func TestParseZone(t *testing.T) {
	for _, ok := range []string{"Europe/Berlin", "UTC", "+08:00", "-05:30", "+00:00"} {
		if _, err := ParseZone(ok); err != nil {
			t.Errorf("ParseZone(%q): %v", ok, err)
		}
	}
	for _, bad := range []string{"", "Local", "Mars/Base", "+24:00", "+8:00", "08:00", "+08:60"} {
		if _, err := ParseZone(bad); ErrorCode(err) != EInvalid {
			t.Errorf("ParseZone(%q) = %v, want invalid", bad, err)
		}
	}
	if got := FormatOffsetTime(utc("2025-05-01T05:00:00Z"), mustZone(t, "+03:00")); got != "2025-05-01T08:00:00+03:00" {
		t.Errorf("got %s", got)
	}
}
