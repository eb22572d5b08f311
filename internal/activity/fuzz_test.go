package activity

import (
	"testing"
	"time"
)

// FuzzParseTime: an accepted time is UTC, whole milliseconds, and written
// back by FormatTime it reads as the same instant.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2023-05-29", "2023-05-29T15:02:10Z", "2023-05-29T15:02:10.282Z", "2023-05-29T17:02:10+02:00",
		"2023-05-29T15:02:10.123456789-07:30", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2024-02-30", "2023-05-29T15:02:10",
		"", "T", "2023-13-01", "+2023-05-29", "2023-05-29T24:00:00Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := ParseTime(s)
		if !ok {
			return
		}
		if got.Location() != time.UTC || got.Nanosecond()%int(time.Millisecond) != 0 {
			t.Fatalf("ParseTime(%q) = %v: want UTC in whole milliseconds", s, got)
		}
		if got.Year() < 0 || got.Year() > 9999 {
			return // FormatTime writes four-digit years only
		}
		back, ok := ParseTime(FormatTime(got))
		if !ok || !back.Equal(got) {
			t.Fatalf("ParseTime(%q) = %v, written %q, reads back as %v, %v", s, got, FormatTime(got), back, ok)
		}
	})
}

// FuzzParseZone: a refused zone is an invalid-input error that says so;
// an accepted one names a zone that is accepted again under its own name.
func FuzzParseZone(f *testing.F) {
	for _, s := range []string{"UTC", "Europe/Berlin", "+02:00", "-09:30", "+14:00", "+25:00", "Local", "", "Mars/Olympus", "../etc/passwd", "Etc/GMT+5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		loc, err := ParseZone(s)
		if err != nil {
			if ErrorCode(err) != EInvalid || ErrorMessage(err) == "" {
				t.Fatalf("ParseZone(%q): got %v, want an invalid-input error with a message", s, err)
			}
			return
		}
		if _, err := ParseZone(loc.String()); err != nil {
			t.Fatalf("ParseZone(%q) gave zone %q, which is then refused: %v", s, loc, err)
		}
	})
}
