package activity

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// BusinessHours is the working time of a week, in local time: from DayStart
// to DayEnd (offsets from midnight) on the given week days.
type BusinessHours struct {
	DayStart, DayEnd time.Duration
	Days             [7]bool // by time.Weekday
}

var clockPattern = regexp.MustCompile(`^([01][0-9]|2[0-4]):([0-5][0-9])$`)

// ParseBusinessHours reads dayStart and dayEnd ("08:00", "17:30"; "24:00"
// is the end of the day) and weekDays ("1-5", "mon,tue,sat", "0,6"; Sunday
// is 0 or 7).
func ParseBusinessHours(dayStart, dayEnd, weekDays string) (BusinessHours, error) {
	var b BusinessHours
	var err error
	if b.DayStart, err = parseClock("dayStart", dayStart); err != nil {
		return b, err
	}
	if b.DayEnd, err = parseClock("dayEnd", dayEnd); err != nil {
		return b, err
	}
	if b.DayEnd <= b.DayStart {
		return b, Errorf(EInvalid, "dayEnd (%s) is not after dayStart (%s)", dayEnd, dayStart)
	}
	b.Days, err = parseWeekDays(weekDays)
	return b, err
}

func parseClock(name, s string) (time.Duration, error) {
	m := clockPattern.FindStringSubmatch(s)
	if m == nil || m[1] == "24" && m[2] != "00" {
		return 0, Errorf(EInvalid, "%s %q is not a time of day: use hh:mm, such as 08:00 (24:00 for the end of the day)", name, s)
	}
	h, _ := strconv.Atoi(m[1])
	mins, _ := strconv.Atoi(m[2])
	return time.Duration(h)*time.Hour + time.Duration(mins)*time.Minute, nil
}

var dayNames = map[string]int{"sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6}

func parseWeekDays(s string) ([7]bool, error) {
	var days [7]bool
	if s == "" {
		s = "1-5"
	}
	bad := Errorf(EInvalid, "weekDays %q is not valid: use days 0-7 (Sunday is 0 or 7) or mon..sun, as a list (1,3,5) or ranges (1-5)", s)
	for _, part := range strings.Split(strings.ToLower(s), ",") {
		lo, hi, isRange := strings.Cut(strings.TrimSpace(part), "-")
		a, okA := weekDay(lo)
		b, okB := a, okA
		if isRange {
			b, okB = weekDay(hi)
		}
		if !okA || !okB || b < a {
			return days, bad
		}
		for d := a; d <= b; d++ {
			days[d%7] = true
		}
	}
	return days, nil
}

func weekDay(s string) (int, bool) {
	if d, ok := dayNames[s]; ok {
		return d, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= 7
}

// Windows returns the working spans of every local day that overlaps
// [from, to), in order. Days follow the zone's calendar, so on a
// daylight-saving change "08:00 to 17:00" is still 08:00 to 17:00 on the
// clock.
func (b BusinessHours) Windows(from, to time.Time, zone *time.Location) []Span {
	var out []Span
	for day := Floor(from, zone, Day); day.Before(to); day = next(day, zone, Day) {
		local := day.In(zone)
		if !b.Days[local.Weekday()] {
			continue
		}
		out = append(out, Span{clockTime(local, b.DayStart, zone), clockTime(local, b.DayEnd, zone)})
	}
	return out
}

// clockTime is the instant the local clock shows midnight+offset on day.
func clockTime(day time.Time, offset time.Duration, zone *time.Location) time.Time {
	h, m := int(offset/time.Hour), int(offset%time.Hour/time.Minute)
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, zone)
}
