package odata

import (
	"strings"
	"time"
	"unicode/utf8"
)

// signature is one way to call a function: the types of its parameters
// and of its result. A null argument fits any parameter.
type signature struct {
	params []Type
	result Type
}

// function is a built-in function of $filter. eval gets non-null
// arguments of the signature's types (a null argument makes the result
// null before eval is called). now has no eval: the evaluator supplies it.
type function struct {
	sigs []signature
	eval func(args []any) any
}

func sig(result Type, params ...Type) signature { return signature{params, result} }

var (
	stringTest = []signature{sig(Bool, String, String)}
	stringMap  = []signature{sig(String, String)}
	dateParts  = []signature{sig(Int, DateTimeOffset), sig(Int, Date)}
	clockParts = []signature{sig(Int, DateTimeOffset), sig(Int, TimeOfDay)}
)

var functions = map[string]function{
	"contains":   {stringTest, func(a []any) any { return strings.Contains(str(a[0]), str(a[1])) }},
	"startswith": {stringTest, func(a []any) any { return strings.HasPrefix(str(a[0]), str(a[1])) }},
	"endswith":   {stringTest, func(a []any) any { return strings.HasSuffix(str(a[0]), str(a[1])) }},
	"tolower":    {stringMap, func(a []any) any { return strings.ToLower(str(a[0])) }},
	"toupper":    {stringMap, func(a []any) any { return strings.ToUpper(str(a[0])) }},
	"trim":       {stringMap, func(a []any) any { return strings.Trim(str(a[0]), " ") }}, // spaces only, as SQL's trim
	"length":     {[]signature{sig(Int, String)}, func(a []any) any { return int64(utf8.RuneCountInString(str(a[0]))) }},
	"concat":     {[]signature{sig(String, String, String)}, func(a []any) any { return str(a[0]) + str(a[1]) }},
	"indexof":    {[]signature{sig(Int, String, String)}, indexOf},
	"substring":  {[]signature{sig(String, String, Int), sig(String, String, Int, Int)}, substring},
	"year":       {dateParts, func(a []any) any { return int64(instant(a[0]).Year()) }},
	"month":      {dateParts, func(a []any) any { return int64(instant(a[0]).Month()) }},
	"day":        {dateParts, func(a []any) any { return int64(instant(a[0]).Day()) }},
	"hour":       {clockParts, func(a []any) any { return int64(clock(a[0]) / time.Hour) }},
	"minute":     {clockParts, func(a []any) any { return int64(clock(a[0]) % time.Hour / time.Minute) }},
	"second":     {clockParts, func(a []any) any { return int64(clock(a[0]) % time.Minute / time.Second) }},
	"date":       {[]signature{sig(Date, DateTimeOffset)}, func(a []any) any { return dateOf(instant(a[0])) }},
	"time":       {[]signature{sig(TimeOfDay, DateTimeOffset)}, func(a []any) any { return clock(a[0]) }},
	"now":        {[]signature{sig(DateTimeOffset)}, nil},
}

func str(v any) string        { return v.(string) }
func instant(v any) time.Time { return v.(time.Time) }

// dateOf returns the day of t, in the offset t carries, as a Date value.
func dateOf(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// clock returns the time of day of a DateTimeOffset, in the offset it
// carries (the components the client sees), or a TimeOfDay itself.
func clock(v any) time.Duration {
	if d, ok := v.(time.Duration); ok {
		return d
	}
	t := instant(v)
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute +
		time.Duration(t.Second())*time.Second + time.Duration(t.Nanosecond())
}

// indexOf counts characters, not bytes, as OData and SQL do.
func indexOf(a []any) any {
	i := strings.Index(str(a[0]), str(a[1]))
	if i < 0 {
		return int64(-1)
	}
	return int64(utf8.RuneCountInString(str(a[0])[:i]))
}

// substring(s, start[, length]) counts characters from 0. A start or
// length out of range is clamped, as SQL's substr does, rather than an
// error: the filter of a request cannot fail on one row.
func substring(a []any) any {
	r := []rune(str(a[0]))
	n := int64(len(r))
	start := min(max(a[1].(int64), 0), n)
	end := n
	if len(a) == 3 {
		end = start + min(max(a[2].(int64), 0), n-start)
	}
	return string(r[start:end])
}
