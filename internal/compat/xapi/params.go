package xapi

import (
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// params reads a function's parameters by type, remembering the first
// error and which parameters were read, so that unknown ones can be named.
type params struct {
	f    function
	used map[string]bool
	err  error
}

func newParams(f function) *params { return &params{f: f, used: map[string]bool{}} }

// get returns the literal of a required parameter.
func (p *params) get(name string) (literal, bool) {
	p.used[name] = true
	lit, ok := p.f.params[name]
	if !ok {
		p.fail(name, "parameter %s is missing", name)
	}
	return lit, ok && p.err == nil
}

func (p *params) fail(name, format string, args ...any) {
	if p.err == nil {
		p.err = badRequest(name, format, args...)
	}
}

// done names a parameter the function does not take.
func (p *params) done() error {
	if p.err != nil {
		return p.err
	}
	for name := range p.f.params {
		if !p.used[name] {
			return badRequest(name, "%s takes no parameter %s", p.f.name, name)
		}
	}
	return nil
}

// text reads a string literal: 'text'. ” and null mean "no filter" and
// give "".
func (p *params) text(name string) string {
	lit, ok := p.get(name)
	if !ok || (!lit.quoted && lit.text == "null") {
		return ""
	}
	if !lit.quoted {
		p.fail(name, "parameter %s must be a string in single quotes, such as '101', or null", name)
	}
	return lit.text
}

// dateTime reads a DateTimeOffset: 2025-03-13T23:00:00.000Z or with an
// offset, unquoted.
func (p *params) dateTime(name string) time.Time {
	lit, ok := p.get(name)
	if !ok {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, lit.text)
	if err != nil || lit.quoted {
		p.fail(name, "parameter %s must be a DateTimeOffset without quotes, such as 2025-03-13T23:00:00.000Z or 2025-06-01T00:00:00+02:00", name)
	}
	return t.UTC()
}

func (p *params) boolean(name string) bool {
	lit, ok := p.get(name)
	if ok && (lit.quoted || lit.text != "true" && lit.text != "false") {
		p.fail(name, "parameter %s must be true or false", name)
	}
	return lit.text == "true"
}

// integer reads a bare integer from lo to hi; lo when it is not one.
func (p *params) integer(name string, lo, hi int) int {
	lit, ok := p.get(name)
	if !ok {
		return lo
	}
	n, err := strconv.Atoi(lit.text)
	if err != nil || lit.quoted || n < lo || n > hi {
		p.fail(name, "parameter %s must be an integer from %d to %d", name, lo, hi)
		return lo
	}
	return n
}

func (p *params) zone(name string) *time.Location {
	text := p.text(name)
	if p.err != nil {
		return nil
	}
	zone, err := activity.ParseZone(text)
	if err != nil {
		p.fail(name, "parameter %s: %s", name, activity.ErrorMessage(err))
	}
	return zone
}

// timeSpan reads a TimeSpan: 'h:mm:ss', 'd.hh:mm:ss', with an optional
// fraction of a second.
func (p *params) timeSpan(name string) time.Duration {
	text := p.text(name)
	if p.err != nil || text == "" {
		return 0
	}
	d, ok := parseTimeSpan(text)
	if !ok {
		p.fail(name, "parameter %s %q is not a TimeSpan: use 'h:mm:ss' or 'd.hh:mm:ss', such as '0:00:30'", name, text)
	}
	return d
}

// maxTimeSpanHours keeps a TimeSpan within time.Duration (about 292 years).
const maxTimeSpanHours = 2_562_000

// parseTimeSpan reads a non-negative TimeSpan; any sign is refused, so
// that '-0:00:30' is an error rather than thirty seconds. Seconds are
// digits with an optional fraction (no exponent, no NaN).
func parseTimeSpan(s string) (time.Duration, bool) {
	if strings.ContainsAny(s, "+-") {
		return 0, false
	}
	var days int64
	if dot := strings.IndexByte(s, '.'); dot >= 0 && dot < strings.IndexByte(s, ':') {
		n, err := strconv.ParseInt(s[:dot], 10, 32)
		if err != nil || n < 0 {
			return 0, false
		}
		days, s = n, s[dot+1:]
	}
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return 0, false
	}
	h, errH := strconv.ParseInt(parts[0], 10, 32)
	m, errM := strconv.ParseInt(parts[1], 10, 32)
	sec, errS := strconv.ParseFloat(parts[2], 64)
	if errH != nil || errM != nil || errS != nil || h < 0 || m < 0 || m > 59 || sec < 0 || sec >= 60 || len(parts[1]) != 2 ||
		strings.Trim(parts[2], "0123456789.") != "" || days*24+h > maxTimeSpanHours {
		return 0, false
	}
	total := time.Duration(days)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute
	return total + time.Duration(sec*float64(time.Second)), true
}

// list splits '101 102' or '101,102' into its items.
func list(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' })
}
