package activity

import (
	"strings"
	"time"
)

// TimeForms names the accepted forms of a time, for error messages.
const TimeForms = "ISO 8601: 2023-05-29, 2023-05-29T15:02:10Z, with an optional fraction (.282) and an offset (+02:00) instead of Z"

// ParseTime reads an ISO 8601 date or timestamp as agentlog accepts it
// everywhere: a date alone is 00:00:00 UTC; a timestamp needs Z or an
// offset and may carry a fraction of a second. The result is UTC, truncated
// to the millisecond, the precision agentlog stores.
func ParseTime(s string) (time.Time, bool) {
	var t time.Time
	var err error
	switch {
	case len(s) == len("2006-01-02"):
		t, err = time.Parse("2006-01-02", s)
	case strings.Contains(s, "T"):
		t, err = time.Parse(time.RFC3339Nano, s)
	default:
		return time.Time{}, false
	}
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC().Truncate(time.Millisecond), true
}

// FormatTime writes t as UTC with exactly three fraction digits and Z, the
// form every agentlog answer uses.
func FormatTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// Millis converts t to milliseconds since the epoch, the stored form.
func Millis(t time.Time) int64 { return t.UnixMilli() }

// FromMillis converts stored milliseconds to a UTC time.
func FromMillis(ms int64) time.Time { return time.UnixMilli(ms).UTC() }

// MillisPtr is Millis for optional times: nil stays nil.
func MillisPtr(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	ms := t.UnixMilli()
	return &ms
}

// FromMillisPtr is FromMillis for optional times.
func FromMillisPtr(ms *int64) *time.Time {
	if ms == nil {
		return nil
	}
	t := FromMillis(*ms)
	return &t
}
