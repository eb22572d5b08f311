package odata

import "testing"

// FuzzDuration: an accepted ISO 8601 duration, written canonically, reads
// back as the same duration, and the canonical form is a fixed point.
func FuzzDuration(f *testing.F) {
	for _, s := range []string{"P1D", "PT1H30M", "-P1DT2H3M4.5S", "PT0S", "PT0.000000001S", "P106751DT23H47M16.854775807S",
		"-P106751DT23H47M16.854775808S", "P", "PT", "P1Y", "PT1.5M", "P1DT", "PT1S2M", "P99999999999999999999D", "P-1D", "PT.5S"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseDuration(s)
		if !ok {
			return
		}
		text := formatDuration(d)
		back, ok := parseDuration(text)
		if !ok || back != d {
			t.Fatalf("parseDuration(%q) = %v, written %q, reads back as %v, %v", s, d, text, back, ok)
		}
		if again := formatDuration(back); again != text {
			t.Fatalf("the canonical form of %q is %q, then %q", s, text, again)
		}
	})
}

// FuzzTimeOfDay: an accepted time of day lies within the day and reads
// back as itself once written.
func FuzzTimeOfDay(f *testing.F) {
	for _, s := range []string{"00:00", "23:59:59.999999999999", "12:30:00.5", "24:00", "9:00", "12:60", "12:30:", "12:30:00.", "12:30.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseTimeOfDay(s)
		if !ok {
			return
		}
		if d < 0 || d >= 24*60*60*1e9 {
			t.Fatalf("parseTimeOfDay(%q) = %v: outside the day", s, d)
		}
		if back, ok := parseTimeOfDay(formatTimeOfDay(d)); !ok || back != d {
			t.Fatalf("parseTimeOfDay(%q) = %v, written %q, reads back as %v, %v", s, d, formatTimeOfDay(d), back, ok)
		}
	})
}
