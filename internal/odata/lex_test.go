package odata

import (
	"testing"
	"time"
)

// Each literal form, read in "Id eq <literal>"-free isolation: the
// literal's canonical form and type.
func TestLiterals(t *testing.T) {
	tests := []struct{ in, want string }{
		{"'abc'", "'abc':String"},
		{"''", "'':String"},
		{"'it''s'", "'it''s':String"},
		{"''''", "'''':String"},
		{"'a b  c'", "'a b  c':String"},
		{"'ä€😀'", "'ä€😀':String"},
		{"0", "0:Int64"},
		{"42", "42:Int64"},
		{"-42", "-42:Int64"},
		{"007", "7:Int64"},
		{"9223372036854775807", "9223372036854775807:Int64"},
		{"-9223372036854775808", "-9223372036854775808:Int64"},
		{"9223372036854775808", "9.223372036854776e+18:Decimal"},
		{"1.5", "1.5:Decimal"},
		{"-0.25", "-0.25:Decimal"},
		{"2.0", "2.0:Decimal"},
		{"1e3", "1000.0:Decimal"},
		{"1.5E-3", "0.0015:Decimal"},
		{"1e+21", "1e+21:Decimal"},
		{"1e-400", "0.0:Decimal"},
		{"true", "true:Boolean"},
		{"false", "false:Boolean"},
		{"null", "null:null"},
		{"2025-05-01", "2025-05-01:Date"},
		{"0001-01-01", "0001-01-01:Date"},
		{"2024-02-29", "2024-02-29:Date"},
		{"2025-05-01T08:00:00Z", "2025-05-01T08:00:00Z:DateTimeOffset"},
		{"2025-05-01T08:00Z", "2025-05-01T08:00:00Z:DateTimeOffset"},
		{"2025-05-01T08:00:00.123Z", "2025-05-01T08:00:00.123Z:DateTimeOffset"},
		{"2025-05-01T08:00:00.1234567Z", "2025-05-01T08:00:00.1234567Z:DateTimeOffset"},
		{"2025-05-01T08:00:00.000Z", "2025-05-01T08:00:00Z:DateTimeOffset"},
		{"2025-05-01T08:00:00+03:00", "2025-05-01T08:00:00+03:00:DateTimeOffset"},
		{"2025-05-01T08:00:00.5-05:30", "2025-05-01T08:00:00.5-05:30:DateTimeOffset"},
		{"2025-05-01T08:00:00+00:00", "2025-05-01T08:00:00Z:DateTimeOffset"},
		{"08:30", "08:30:00:TimeOfDay"},
		{"08:30:15", "08:30:15:TimeOfDay"},
		{"23:59:59.999999999", "23:59:59.999999999:TimeOfDay"},
		{"00:00:00.000000000001", "00:00:00:TimeOfDay"},
		{"duration'PT1H'", "duration'PT1H':Duration"},
		{"duration'PT90M'", "duration'PT1H30M':Duration"},
		{"duration'P1DT2H3M4.5S'", "duration'P1DT2H3M4.5S':Duration"},
		{"duration'P2D'", "duration'P2D':Duration"},
		{"duration'-PT0.001S'", "duration'-PT0.001S':Duration"},
		{"duration'PT0S'", "duration'PT0S':Duration"},
		{"duration'P0D'", "duration'PT0S':Duration"},
		{"01234567-89ab-cdef-0123-456789abcdef", "01234567-89ab-cdef-0123-456789abcdef:Guid"},
		{"ABCDEF01-89AB-CDEF-0123-456789ABCDEF", "abcdef01-89ab-cdef-0123-456789abcdef:Guid"},
	}
	for _, tt := range tests {
		x, err := parseFilter(tt.in)
		if err != nil {
			t.Errorf("parseFilter(%q): %v", tt.in, err)
			continue
		}
		if got := tree(x); got != tt.want {
			t.Errorf("parseFilter(%q): got %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestLiteralErrors(t *testing.T) {
	tests := []struct {
		in  string
		pos int
		msg string
	}{
		{"'abc", 0, "unterminated string"},
		{"'it''s", 0, "unterminated string"},
		{"1.", 0, `malformed number "1."`},
		{"1e", 0, "malformed number"},
		{"1e+", 0, "malformed number"},
		{"1.2.3", 0, "malformed number"},
		{"12ab", 0, "malformed number"},
		{"1e309", 0, "out of range"},
		{"2025-5-01", 0, "malformed date"},
		{"2025-05-1", 0, "malformed date"},
		{"2025-02-29", 0, "malformed date"},
		{"2025-05-01x", 0, "malformed date"},
		{"2025-05-01T", 0, "malformed DateTimeOffset"},
		{"2025-05-01T08:00:00", 0, "malformed DateTimeOffset"},
		{"2025-05-01T24:00:00Z", 0, "malformed DateTimeOffset"},
		{"2025-05-01T08:00:00z", 0, "malformed DateTimeOffset"},
		{"2025-05-01T08:00:00+3:00", 0, "malformed DateTimeOffset"},
		{"2025-05-01T08:00:00.Z", 0, "malformed DateTimeOffset"},
		{"2025-05-01T8:00:00Z", 0, "malformed DateTimeOffset"},
		{"24:00", 0, "malformed time of day"},
		{"08:60", 0, "malformed time of day"},
		{"08:30.5", 0, "malformed time of day"},
		{"08:30:00.", 0, "malformed time of day"},
		{"duration'PT'", 0, "malformed duration"},
		{"duration'P'", 0, "malformed duration"},
		{"duration'P1M'", 0, "malformed duration"},
		{"duration'PT1H1H'", 0, "malformed duration"},
		{"duration'PT1M1H'", 0, "malformed duration"},
		{"duration'PT1.5H'", 0, "malformed duration"},
		{"duration'P106752D'", 0, "malformed duration"},
		{"duration'PT1H", 0, "unterminated duration"},
		{"Id eq #", 6, `unexpected character "#"`},
		{"Id eq é", 6, `unexpected character "é"`},
		{"A/B", 1, "navigation"},
	}
	for _, tt := range tests {
		_, err := parseFilter(tt.in)
		wantError(t, err, "$filter", tt.pos, tt.msg)
	}
}

func TestDurations(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"PT1H", time.Hour},
		{"PT1H30M", 90 * time.Minute},
		{"P1D", 24 * time.Hour},
		{"P1DT1S", 24*time.Hour + time.Second},
		{"PT0.5S", 500 * time.Millisecond},
		{"PT0.123456789123S", 123456789},
		{"-PT1M", -time.Minute},
		{"PT36H", 36 * time.Hour},
		{"P106751DT23H47M16.854775807S", 1<<63 - 1},
	}
	for _, tt := range tests {
		got, ok := parseDuration(tt.in)
		if !ok || got != tt.want {
			t.Errorf("parseDuration(%q): got %v, %v, want %v", tt.in, got, ok, tt.want)
		}
		if back, ok := parseDuration(formatDuration(got)); !ok || back != got {
			t.Errorf("formatDuration(%v) = %q reads back as %v", got, formatDuration(got), back)
		}
	}
	if got, want := formatDuration(-1<<63), "-P106751DT23H47M16.854775808S"; got != want {
		t.Errorf("formatDuration(min): got %s, want %s", got, want)
	}
}
