package activity

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func h(hours float64) time.Time { return base.Add(time.Duration(hours * float64(time.Hour))) }

func show(ivs []Interval) string {
	var parts []string
	for _, iv := range ivs {
		s := fmt.Sprintf("%g-%g", iv.Start.Sub(base).Hours(), iv.End.Sub(base).Hours())
		if iv.Flagged {
			s += "!"
		}
		if iv.Open {
			s += "…"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestSessionIntervals(t *testing.T) {
	in, out := func(q string, at float64) SessionChange { return SessionChange{Login, q, h(at)} },
		func(q string, at float64) SessionChange { return SessionChange{Logout, q, h(at)} }
	cases := []struct {
		name    string
		changes []SessionChange
		end     float64
		want    string
	}{
		{"a day", []SessionChange{in("", 8), out("", 17)}, 24, "8-17"},
		{"still logged in", []SessionChange{in("", 8)}, 10, "8-10…"},
		{"logout missing, next login closes", []SessionChange{in("", 8), in("", 20), out("", 21)}, 24, "8-20! 20-21"},
		{"logout missing, timeout closes", []SessionChange{in("", 8)}, 30, "8-20!"},
		{"two queues merge", []SessionChange{in("800", 8), in("801", 9), out("800", 12), out("801", 13)}, 24, "8-13"},
		{"logout of all queues", []SessionChange{in("800", 8), in("801", 9), out("", 11)}, 24, "8-11"},
		{"a queue logout ends a session without queue", []SessionChange{in("", 8), out("800", 9)}, 24, "8-9"},
		{"a gap between two sessions", []SessionChange{in("", 8), out("", 9), in("", 10), out("", 11)}, 24, "8-9 10-11"},
		{"events after end are ignored", []SessionChange{in("", 8), out("", 12)}, 10, "8-10…"},
		{"a flag survives the merge", []SessionChange{in("800", 0), in("801", 11), out("801", 13)}, 24, "0-13!"},
	}
	for _, c := range cases {
		if got := show(SessionIntervals(c.changes, h(c.end), 12*time.Hour)); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

func TestBusinessHours(t *testing.T) {
	b, err := ParseBusinessHours("08:00", "17:30", "mon-fri")
	if err != nil {
		t.Fatal(err)
	}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	// Friday 28 March to Tuesday 1 April 2025: the clocks change on Sunday.
	ws := b.Windows(time.Date(2025, 3, 28, 0, 0, 0, 0, berlin), time.Date(2025, 4, 2, 0, 0, 0, 0, berlin), berlin)
	var got []string
	for _, w := range ws {
		got = append(got, FormatOffsetTime(w.Start, berlin)+"/"+w.End.Sub(w.Start).String())
	}
	want := "2025-03-28T08:00:00+01:00/9h30m0s 2025-03-31T08:00:00+02:00/9h30m0s 2025-04-01T08:00:00+02:00/9h30m0s"
	if strings.Join(got, " ") != want {
		t.Errorf("windows %v, want %s", got, want)
	}
	for _, bad := range [][3]string{{"8:00", "17:00", ""}, {"08:00", "08:00", ""}, {"09:00", "24:30", ""}, {"08:00", "17:00", "8"}, {"08:00", "17:00", "5-1"}, {"08:00", "17:00", "fun"}} {
		if _, err := ParseBusinessHours(bad[0], bad[1], bad[2]); ErrorCode(err) != EInvalid {
			t.Errorf("%v: got %v, want invalid", bad, err)
		}
	}
	weekend, err := ParseBusinessHours("00:00", "24:00", "6-7")
	if err != nil || !weekend.Days[time.Saturday] || !weekend.Days[time.Sunday] || weekend.Days[time.Monday] {
		t.Errorf("6-7: %+v, %v", weekend.Days, err)
	}
}
