package activity

import (
	"testing"
	"time"
)

func TestParseTime(t *testing.T) {
	cases := []struct {
		in   string
		want string // FormatTime of the result; "" = refused
	}{
		{"2023-05-29", "2023-05-29T00:00:00.000Z"},
		{"2023-05-29T15:02:10Z", "2023-05-29T15:02:10.000Z"},
		{"2023-07-19T12:58:19.282Z", "2023-07-19T12:58:19.282Z"},
		{"2023-07-19T12:58:19.2829Z", "2023-07-19T12:58:19.282Z"}, // truncated to the millisecond
		{"2023-05-29T15:02:10+02:00", "2023-05-29T13:02:10.000Z"},
		{"2023-05-29T15:02:10.5-05:30", "2023-05-29T20:32:10.500Z"},
		{"2023-05-29T15:02:10", ""}, // no zone: ambiguous
		{"2023-02-30", ""},
		{"29.05.2023", ""},
		{"", ""},
		{"2023-05-29 15:02:10Z", ""},
		{"1685372530", ""},
	}
	for _, c := range cases {
		got, ok := ParseTime(c.in)
		if c.want == "" {
			if ok {
				t.Errorf("ParseTime(%q) = %s, want refused", c.in, FormatTime(got))
			}
			continue
		}
		if !ok || FormatTime(got) != c.want {
			t.Errorf("ParseTime(%q) = %s, %v; want %s", c.in, FormatTime(got), ok, c.want)
		}
	}
}

func TestFormatTimeIsUTCWithMillis(t *testing.T) {
	zone := time.FixedZone("x", 3*3600)
	got := FormatTime(time.Date(2024, 1, 2, 3, 4, 5, 6_000_000, zone))
	if want := "2024-01-02T00:04:05.006Z"; got != want {
		t.Fatalf("got %s, want %s", got, want)
	}
}

func TestMillisRoundTrip(t *testing.T) {
	tm := time.Date(2024, 2, 29, 23, 59, 59, 999_000_000, time.UTC)
	if got := FromMillis(Millis(tm)); !got.Equal(tm) {
		t.Fatalf("got %s, want %s", got, tm)
	}
	if MillisPtr(nil) != nil || FromMillisPtr(nil) != nil {
		t.Fatal("nil times must stay nil")
	}
}
