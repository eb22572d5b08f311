package odata

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// ISO 8601 durations as OData writes them: [-]P[nD][T[nH][nM][n[.f]S]],
// at least one component, and none after an empty T. Years and months are
// not allowed: their length varies.

type durationUnit struct {
	letter byte
	size   time.Duration
}

var (
	dayUnits   = []durationUnit{{'D', 24 * time.Hour}}
	clockUnits = []durationUnit{{'H', time.Hour}, {'M', time.Minute}, {'S', time.Second}}
)

// parseDuration reads an ISO 8601 duration; false if malformed or beyond
// the range of time.Duration (about 292 years).
func parseDuration(s string) (time.Duration, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	if !strings.HasPrefix(s, "P") || len(s) == 1 {
		return 0, false
	}
	days, clock, hasT := strings.Cut(s[1:], "T")
	if hasT && clock == "" {
		return 0, false
	}
	d1, ok1 := durationComponents(days, dayUnits)
	d2, ok2 := durationComponents(clock, clockUnits)
	if !ok1 || !ok2 || d1 > math.MaxInt64-d2 {
		return 0, false
	}
	if neg {
		return -(d1 + d2), true
	}
	return d1 + d2, true
}

// durationComponents adds up components such as 1H30M, whose units must
// come in the order of units; only seconds may have a fraction.
func durationComponents(s string, units []durationUnit) (time.Duration, bool) {
	var total time.Duration
	for s != "" {
		end := strings.IndexFunc(s, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
		if end <= 0 {
			return 0, false
		}
		for len(units) > 0 && units[0].letter != s[end] {
			units = units[1:]
		}
		if len(units) == 0 {
			return 0, false
		}
		d, ok := durationComponent(s[:end], units[0])
		if !ok || total > math.MaxInt64-d {
			return 0, false
		}
		total += d
		s, units = s[end+1:], units[1:]
	}
	return total, true
}

func durationComponent(num string, u durationUnit) (time.Duration, bool) {
	whole, frac, hasFrac := strings.Cut(num, ".")
	if hasFrac && u.letter != 'S' {
		return 0, false
	}
	n, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || whole == "" || n > int64(math.MaxInt64/u.size) {
		return 0, false
	}
	d := time.Duration(n) * u.size
	if !hasFrac {
		return d, true
	}
	ns, ok := fraction(frac)
	if !ok || d > math.MaxInt64-ns {
		return 0, false
	}
	return d + ns, true
}

// formatDuration writes d canonically: days, hours, minutes, seconds with
// their fraction, leaving out zero components; PT0S for zero.
func formatDuration(d time.Duration) string {
	var b strings.Builder
	u := uint64(d) // as unsigned, so that the most negative value negates
	if d < 0 {
		b.WriteByte('-')
		u = -u
	}
	b.WriteByte('P')
	day, hour, minute, second := uint64(24*time.Hour), uint64(time.Hour), uint64(time.Minute), uint64(time.Second)
	days := u / day
	if days > 0 {
		b.WriteString(strconv.FormatUint(days, 10) + "D")
	}
	u %= day
	if u == 0 && days > 0 {
		return b.String()
	}
	b.WriteByte('T')
	if h := u / hour; h > 0 {
		b.WriteString(strconv.FormatUint(h, 10) + "H")
	}
	if m := u % hour / minute; m > 0 {
		b.WriteString(strconv.FormatUint(m, 10) + "M")
	}
	if s, ns := u%minute/second, u%second; s > 0 || ns > 0 || u == 0 {
		b.WriteString(strconv.FormatUint(s, 10))
		if ns > 0 {
			b.WriteString(strings.TrimRight("."+strconv.FormatUint(ns+1e9, 10)[1:], "0"))
		}
		b.WriteByte('S')
	}
	return b.String()
}
