package odata

import (
	"strconv"
	"strings"
	"time"
)

// The text forms of OData's literals: parsing (strict, so that what a
// client sends means one thing) and formatting (canonical, so that String
// round-trips).

const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02T15:04:05.999999999Z07:00"
)

// parseDate reads 2025-05-01 as midnight UTC of that day.
func parseDate(s string) (time.Time, bool) {
	t, err := time.Parse(dateLayout, s)
	return t, err == nil
}

// parseDateTime reads a DateTimeOffset: seconds and their fraction are
// optional, the offset (Z or ±hh:mm) is not. The offset is kept, so that
// date functions see the components the client wrote.
func parseDateTime(s string) (time.Time, bool) {
	if len(s) < 14 || s[13] != ':' { // time.Parse would take a one-digit hour
		return time.Time{}, false
	}
	layout := "2006-01-02T15:04Z07:00"
	if len(s) > 16 && s[16] == ':' {
		layout = "2006-01-02T15:04:05Z07:00" // also accepts a fraction
	}
	t, err := time.Parse(layout, s)
	return t, err == nil
}

// parseTimeOfDay reads hh:mm[:ss[.fraction]] as the time since midnight.
func parseTimeOfDay(s string) (time.Duration, bool) {
	clock, frac, hasFrac := strings.Cut(s, ".")
	parts := strings.Split(clock, ":")
	if len(parts) < 2 || len(parts) > 3 || (hasFrac && len(parts) != 3) {
		return 0, false
	}
	limits := []int{23, 59, 59}
	var d time.Duration
	units := []time.Duration{time.Hour, time.Minute, time.Second}
	for i, p := range parts {
		n, ok := twoDigits(p)
		if !ok || n > limits[i] {
			return 0, false
		}
		d += time.Duration(n) * units[i]
	}
	if !hasFrac {
		return d, true
	}
	ns, ok := fraction(frac)
	return d + ns, ok
}

func twoDigits(s string) (int, bool) {
	if len(s) != 2 || !isDigit(s[0]) || !isDigit(s[1]) {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

// fraction reads the digits after a decimal point as nanoseconds; digits
// past the ninth are dropped (OData allows twelve).
func fraction(s string) (time.Duration, bool) {
	if s == "" || len(s) > 12 || strings.Trim(s, "0123456789") != "" {
		return 0, false
	}
	s = (s + "000000000")[:9]
	n, err := strconv.ParseInt(s, 10, 64)
	return time.Duration(n), err == nil
}

func formatTimeOfDay(d time.Duration) string {
	h, m := d/time.Hour, d%time.Hour/time.Minute
	s, ns := d%time.Minute/time.Second, d%time.Second
	out := pad2(int(h)) + ":" + pad2(int(m)) + ":" + pad2(int(s))
	if ns > 0 {
		out += strings.TrimRight("."+strconv.Itoa(int(ns) + 1e9)[1:], "0")
	}
	return out
}

func pad2(n int) string { return strconv.Itoa(n + 100)[1:] }

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }

// isGUID reports whether s is a GUID in the 8-4-4-4-12 form.
func isGUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		dash := i == 8 || i == 13 || i == 18 || i == 23
		if dash != (s[i] == '-') || !dash && !isHex(s[i]) {
			return false
		}
	}
	return true
}

// formatDecimal writes f so that it reads back as a decimal, not an
// integer: 100 becomes 100.0.
func formatDecimal(f float64) string {
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".eIN") {
		s += ".0"
	}
	return s
}

// formatLiteral writes a value of type t as a $filter literal.
func formatLiteral(t Type, v any) string {
	if v == nil {
		return "null"
	}
	switch t {
	case String:
		return "'" + strings.ReplaceAll(v.(string), "'", "''") + "'"
	case Int:
		return strconv.FormatInt(v.(int64), 10)
	case Decimal:
		return formatDecimal(v.(float64))
	case Bool:
		return strconv.FormatBool(v.(bool))
	case DateTimeOffset:
		return v.(time.Time).Format(dateTimeLayout)
	case Date:
		return v.(time.Time).Format(dateLayout)
	case TimeOfDay:
		return formatTimeOfDay(v.(time.Duration))
	case Duration:
		return "duration'" + formatDuration(v.(time.Duration)) + "'"
	case Guid:
		return v.(string)
	}
	return "null"
}
