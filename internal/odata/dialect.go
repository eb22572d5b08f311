package odata

import (
	"fmt"
	"strconv"
	"strings"
)

// Dialect selects the SQL the builder writes.
type Dialect int

// The databases agentlog stores in.
const (
	SQLite Dialect = iota + 1
	PostgreSQL
)

// placeholder writes parameter n. PostgreSQL gets the type with it, so that
// it need not infer one ("$1 || name" would not resolve otherwise); SQLite
// reads $n as the n-th argument too.
func (d Dialect) placeholder(n int, t Type) string {
	p := "$" + strconv.Itoa(n)
	if d != PostgreSQL {
		return p
	}
	switch t {
	case Int, DateTimeOffset, Duration:
		return p + "::bigint"
	case Decimal:
		return p + "::double precision"
	case Bool:
		return p + "::boolean"
	}
	return p + "::text"
}

// collate makes text order bytewise, as Go's and SQLite's is.
func (d Dialect) collate() string {
	if d == PostgreSQL {
		return ` COLLATE "C"`
	}
	return ""
}

// direction writes ASC or DESC; null sorts first ascending, as in SQLite,
// which PostgreSQL must be told.
func (d Dialect) direction(desc, nullable bool) string {
	switch {
	case !desc && nullable && d == PostgreSQL:
		return " ASC NULLS FIRST"
	case desc && nullable && d == PostgreSQL:
		return " DESC NULLS LAST"
	case desc:
		return " DESC"
	}
	return " ASC"
}

// nullSafe writes eq or ne for two operands that may both be null.
func (d Dialect) nullSafe(op Op, l, r string) string {
	switch {
	case d == PostgreSQL && op == OpEq:
		return l + " IS NOT DISTINCT FROM " + r
	case d == PostgreSQL:
		return l + " IS DISTINCT FROM " + r
	case op == OpEq:
		return l + " IS " + r
	}
	return l + " IS NOT " + r
}

// utc writes the UTC date-time of a milliseconds column, as the first
// arguments of SQLite's date functions or a PostgreSQL timestamp.
func (d Dialect) utc(ms string) string {
	if d == PostgreSQL {
		return "(to_timestamp(" + ms + " / 1000.0) AT TIME ZONE 'UTC')"
	}
	return ms + " / 1000.0, 'unixepoch'"
}

// dateToMs converts a 'yyyy-mm-dd' Date to the milliseconds of its
// midnight UTC.
func (d Dialect) dateToMs(date string) string {
	if d == PostgreSQL {
		return "(CAST(EXTRACT(EPOCH FROM CAST(" + date + " AS date)) AS bigint) * 1000)"
	}
	return "(CAST(strftime('%s', " + date + ") AS INTEGER) * 1000)"
}

// datePart writes year(), month(), ... hour(), minute(), second() of a
// DateTimeOffset (milliseconds), Date or TimeOfDay (text).
func (d Dialect) datePart(name, x string, t Type) string {
	if d == PostgreSQL {
		field := strings.ToUpper(name)
		switch t {
		case DateTimeOffset:
			x = d.utc(x)
		case Date:
			x = "CAST(" + x + " AS date)"
		default:
			x = "CAST(" + x + " AS time)"
		}
		return "CAST(FLOOR(EXTRACT(" + field + " FROM " + x + ")) AS bigint)"
	}
	format := map[string]string{"year": "%Y", "month": "%m", "day": "%d", "hour": "%H", "minute": "%M", "second": "%S"}[name]
	if t == DateTimeOffset {
		x = d.utc(x)
	}
	return "CAST(strftime('" + format + "', " + x + ") AS INTEGER)"
}

// format writes date() and time() of a DateTimeOffset as their text forms.
func (d Dialect) format(name, ms string) string {
	if d == PostgreSQL {
		layout := map[string]string{"date": "YYYY-MM-DD", "time": "HH24:MI:SS.MS"}[name]
		return "to_char(" + d.utc(ms) + ", '" + layout + "')"
	}
	if name == "date" {
		return "date(" + d.utc(ms) + ")"
	}
	return "strftime('%H:%M:%f', " + d.utc(ms) + ")"
}

// index writes the 1-based position of b in a, 0 if absent.
func (d Dialect) index(a, b string) string {
	if d == PostgreSQL {
		return "strpos(" + a + ", " + b + ")"
	}
	return "instr(" + a + ", " + b + ")"
}

// clamp bounds an integer argument of substr to [0, limit], keeping null.
func (d Dialect) clamp(n string, limit int) string {
	if d == PostgreSQL { // substr takes integer, not bigint
		return fmt.Sprintf("CAST(CASE WHEN %[1]s < 0 THEN 0 WHEN %[1]s > %[2]d THEN %[2]d ELSE %[1]s END AS integer)", n, limit)
	}
	return "max(" + n + ", 0)"
}
