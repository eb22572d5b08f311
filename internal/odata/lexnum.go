package odata

import (
	"strconv"
	"strings"
)

// Tokens that start with a digit: numbers, dates, DateTimeOffsets and
// times of day.

func (l *lexer) number() (token, error) {
	start := l.pos
	digits := l.span(start, isDigit)
	switch {
	case digits-start == 4 && l.at(digits, '-'):
		return l.date()
	case digits-start == 2 && l.at(digits, ':'):
		return l.timeOfDay()
	}
	end := l.numberEnd(digits)
	if l.wordGoesOn(end) || l.at(end, '.') {
		bad := l.span(end, func(c byte) bool { return isWordChar(c) || c == '.' })
		return token{}, errorf("$filter", start, "malformed number %q", l.src[start:bad])
	}
	t, v, ok := numberLiteral(l.src[start:end])
	if !ok {
		return token{}, errorf("$filter", start, "number %s is out of range", l.src[start:end])
	}
	return l.literal(end, t, v)
}

// numberEnd returns the end of [.digits][e[±]digits] from i.
func (l *lexer) numberEnd(i int) int {
	if l.at(i, '.') && i+1 < len(l.src) && isDigit(l.src[i+1]) {
		i = l.span(i+1, isDigit)
	}
	if l.at(i, 'e') || l.at(i, 'E') {
		j := i + 1
		if l.at(j, '+') || l.at(j, '-') {
			j++
		}
		if j < len(l.src) && isDigit(l.src[j]) {
			i = l.span(j, isDigit)
		}
	}
	return i
}

// numberLiteral reads an integer as Int, or as Decimal when it has a
// fraction or exponent or does not fit 64 bits.
func numberLiteral(text string) (Type, any, bool) {
	if !strings.ContainsAny(text, ".eE") {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return Int, n, true
		}
	}
	f, err := strconv.ParseFloat(text, 64) // an error means ±Inf; tiny values become 0
	if err != nil {
		return 0, nil, false
	}
	return Decimal, f, true
}

func (l *lexer) at(i int, c byte) bool { return i < len(l.src) && l.src[i] == c }

// wordGoesOn reports whether a word character follows at i: then the
// token before it is not a literal but a malformed something.
func (l *lexer) wordGoesOn(i int) bool { return i < len(l.src) && isWordChar(l.src[i]) }

func (l *lexer) date() (token, error) {
	start := l.pos
	end := l.span(start, func(c byte) bool { return isDigit(c) || c == '-' })
	if l.at(end, 'T') {
		return l.dateTime(end)
	}
	t, ok := parseDate(l.src[start:end])
	if !ok || l.wordGoesOn(end) {
		return token{}, errorf("$filter", start, "malformed date %q: expected yyyy-mm-dd", l.src[start:l.span(end, isWordChar)])
	}
	return l.literal(end, Date, t)
}

// dateTime reads yyyy-mm-ddThh:mm[:ss[.f]] and its offset; t is the index
// of the T.
func (l *lexer) dateTime(t int) (token, error) {
	start := l.pos
	clock := func(c byte) bool { return isDigit(c) || c == ':' || c == '.' }
	end := l.span(t+1, clock)
	switch {
	case l.at(end, 'Z'):
		end++
	case l.at(end, '+') || l.at(end, '-'):
		end = l.span(end+1, clock)
	}
	v, ok := parseDateTime(l.src[start:end])
	if !ok || l.wordGoesOn(end) {
		return token{}, errorf("$filter", start, "malformed DateTimeOffset %q: expected yyyy-mm-ddThh:mm[:ss[.fffffff]] and Z or ±hh:mm (send + as %%2B)", l.src[start:l.span(end, isWordChar)])
	}
	return l.literal(end, DateTimeOffset, v)
}

func (l *lexer) timeOfDay() (token, error) {
	start := l.pos
	end := l.span(start, func(c byte) bool { return isDigit(c) || c == ':' || c == '.' })
	d, ok := parseTimeOfDay(l.src[start:end])
	if !ok || l.wordGoesOn(end) {
		return token{}, errorf("$filter", start, "malformed time of day %q: expected hh:mm[:ss[.fffffff]]", l.src[start:l.span(end, isWordChar)])
	}
	return l.literal(end, TimeOfDay, d)
}
