package activity

import (
	"regexp"
	"sort"
	"strconv"
	"time"
)

// Unit is the size of a calendar bucket. Buckets follow the calendar of a
// zone: a day is midnight to midnight local time, so across a daylight-saving
// change a day lasts 23 or 25 hours and the repeated autumn hour is two
// hourly buckets with different offsets.
type Unit int

// The bucket sizes.
const (
	Quarter Unit = iota // 15 minutes
	HalfHour
	Hour
	Day
	Week // starting Monday
	Month
)

// Every zone's offset from UTC is a whole number of quarter hours, so a
// quarter of UTC lies inside exactly one bucket of any zone: reports count
// in UTC quarters and roll them up into local buckets.
const QuarterMillis = int64(15 * time.Minute / time.Millisecond)

// Buckets returns the start of every bucket of the zone's calendar that
// overlaps [from, to): the first starts at or before from.
func Buckets(from, to time.Time, zone *time.Location, unit Unit) []time.Time {
	var starts []time.Time
	for b := Floor(from, zone, unit); b.Before(to); b = next(b, zone, unit) {
		starts = append(starts, b)
	}
	return starts
}

// BucketIndex returns the index of the bucket holding t among starts (as
// Buckets returns them), or -1 when t lies before the first.
func BucketIndex(starts []time.Time, t time.Time) int {
	return sort.Search(len(starts), func(i int) bool { return starts[i].After(t) }) - 1
}

// Floor returns the start of the bucket that holds t in zone.
func Floor(t time.Time, zone *time.Location, unit Unit) time.Time {
	local := t.In(zone)
	switch unit {
	case Quarter, HalfHour, Hour:
		step := map[Unit]time.Duration{Quarter: 15 * time.Minute, HalfHour: 30 * time.Minute, Hour: time.Hour}[unit]
		_, offset := local.Zone()
		shift := time.Duration(offset) * time.Second
		return t.Add(shift).Truncate(step).Add(-shift).In(zone) // floor in local wall-clock terms
	case Day:
		return midnight(local.Year(), local.Month(), local.Day(), zone)
	case Week:
		back := (int(local.Weekday()) + 6) % 7 // days since Monday
		return midnight(local.Year(), local.Month(), local.Day()-back, zone)
	}
	return midnight(local.Year(), local.Month(), 1, zone)
}

// next returns the start of the bucket after the one starting at b.
func next(b time.Time, zone *time.Location, unit Unit) time.Time {
	local := b.In(zone)
	switch unit {
	case Quarter:
		return Floor(b.Add(15*time.Minute), zone, unit)
	case HalfHour:
		return Floor(b.Add(30*time.Minute), zone, unit)
	case Hour:
		return Floor(b.Add(time.Hour), zone, unit)
	case Day:
		return midnight(local.Year(), local.Month(), local.Day()+1, zone)
	case Week:
		return midnight(local.Year(), local.Month(), local.Day()+7, zone)
	}
	return midnight(local.Year(), local.Month()+1, 1, zone)
}

// midnight is the first instant of a local date. Where a zone skips
// midnight (a change at 00:00), it is the first instant the day has.
func midnight(year int, month time.Month, day int, zone *time.Location) time.Time {
	t := time.Date(year, month, day, 0, 0, 0, 0, zone)
	if t.Day() != time.Date(year, month, day, 12, 0, 0, 0, zone).Day() {
		t = time.Date(year, month, day, 1, 0, 0, 0, zone) // 00:00 did not exist that day
	}
	return t
}

var offsetPattern = regexp.MustCompile(`^([+-])([01][0-9]|2[0-3]):([0-5][0-9])$`)

// ParseZone reads an IANA zone name (Europe/Berlin, UTC) or a fixed offset
// (+08:00, -05:30).
func ParseZone(name string) (*time.Location, error) {
	if m := offsetPattern.FindStringSubmatch(name); m != nil {
		h, _ := strconv.Atoi(m[2])
		mins, _ := strconv.Atoi(m[3])
		secs := (h*60 + mins) * 60
		if m[1] == "-" {
			secs = -secs
		}
		return time.FixedZone(name, secs), nil
	}
	if name == "" || name == "Local" {
		return nil, Errorf(EInvalid, "time zone %q is unknown: use an IANA name such as Europe/Berlin, or an offset such as +08:00", name)
	}
	zone, err := time.LoadLocation(name)
	if err != nil {
		return nil, Errorf(EInvalid, "time zone %q is unknown: use an IANA name such as Europe/Berlin, or an offset such as +08:00", name)
	}
	return zone, nil
}

// FormatOffsetTime writes t in zone as ISO 8601 with the zone's offset at
// that instant, e.g. 2025-05-01T08:00:00+03:00.
func FormatOffsetTime(t time.Time, zone *time.Location) string {
	return t.In(zone).Format("2006-01-02T15:04:05-07:00")
}
