package odata

import (
	"cmp"
	"strconv"
	"strings"
	"time"
)

// Row is one entity instance: property name → value. Values are string
// (String, Guid), int64 (Int; other Go integer types are accepted),
// float64 (Decimal), bool, time.Time (DateTimeOffset; Date: its day in its
// own location), time.Duration (Duration; TimeOfDay: since midnight) or
// nil. A value of another Go type than its property's counts as null.
type Row map[string]any

// textTimeLayout writes an instant as answers show it: with a numeric
// offset (+00:00 rather than Z), so that $search finds what a client sees.
const textTimeLayout = "2006-01-02T15:04:05.999999999-07:00"

// normalize converts a row's value of a property of type t to the form
// literals of t have.
func normalize(t Type, v any) any {
	switch v := v.(type) {
	case string:
		if t == Guid {
			return strings.ToLower(v)
		}
		if t == String {
			return v
		}
	case bool:
		if t == Bool {
			return v
		}
	case time.Time:
		if t == Date {
			return dateOf(v)
		}
		if t == DateTimeOffset {
			return v
		}
	case time.Duration:
		if t == Duration || t == TimeOfDay {
			return v
		}
	case float64:
		if t == Decimal {
			return v
		}
	case float32:
		if t == Decimal {
			return float64(v)
		}
	}
	return normalizeInt(t, v)
}

func normalizeInt(t Type, v any) any {
	var n int64
	switch v := v.(type) {
	case int64:
		n = v
	case int:
		n = int64(v)
	case int32:
		n = int64(v)
	case int16:
		n = int64(v)
	case uint32:
		n = int64(v)
	case uint16:
		n = int64(v)
	case uint8:
		n = int64(v)
	default:
		return nil
	}
	switch t {
	case Int:
		return n
	case Decimal:
		return float64(n)
	}
	return nil
}

// compare orders two non-null values of comparable types; false if they
// are not (which the checker rules out).
func compare(a, b any) (int, bool) {
	switch a := a.(type) {
	case int64:
		if b, ok := b.(int64); ok {
			return cmp.Compare(a, b), true
		}
		bf, ok := b.(float64)
		return cmp.Compare(float64(a), bf), ok
	case float64:
		if b, ok := b.(int64); ok {
			return cmp.Compare(a, float64(b)), true
		}
		bf, ok := b.(float64)
		return cmp.Compare(a, bf), ok
	case string:
		bs, ok := b.(string)
		return strings.Compare(a, bs), ok
	case bool:
		bb, ok := b.(bool)
		return cmp.Compare(boolInt(a), boolInt(bb)), ok
	case time.Time:
		bt, ok := b.(time.Time)
		return a.Compare(bt), ok
	case time.Duration:
		bd, ok := b.(time.Duration)
		return cmp.Compare(a, bd), ok
	}
	return 0, false
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// compareNullsFirst orders values for $orderby: null before everything,
// as SQLite sorts, and PostgreSQL is told to.
func compareNullsFirst(a, b any) int {
	if a == nil || b == nil {
		return cmp.Compare(boolInt(a != nil), boolInt(b != nil))
	}
	c, _ := compare(a, b)
	return c
}

// textForm is the text $search looks for terms in: what the JSON of the
// row shows.
func textForm(t Type, v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case time.Time:
		if t == Date {
			return v.Format(dateLayout)
		}
		return v.Format(textTimeLayout)
	case time.Duration:
		if t == TimeOfDay {
			return formatTimeOfDay(v)
		}
		return formatDuration(v)
	}
	if n, ok := normalizeInt(Int, v).(int64); ok {
		return strconv.FormatInt(n, 10)
	}
	return ""
}
