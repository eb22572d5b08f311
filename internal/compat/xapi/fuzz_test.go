package xapi

import (
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"
)

// escapeAll percent-encodes every byte but letters and digits, so that no
// byte of s can be read as syntax.
func escapeAll(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// segment writes f back as a function segment.
func (f function) segment() string {
	var params []string
	for name, lit := range f.params {
		v := escapeAll(lit.text)
		if lit.quoted {
			v = "'" + v + "'"
		}
		params = append(params, escapeAll(name)+"="+v)
	}
	return escapeAll(f.name) + "(" + strings.Join(params, ",") + ")"
}

// FuzzParseFunction: a refused function segment is a 400 OData error with
// a message; an accepted one, written back, parses to the same function.
func FuzzParseFunction(f *testing.F) {
	for _, s := range []string{
		"Pbx.GetUserActivity(clientTimeZone='Europe%2FBerlin',periodFrom=2025-03-13T23%3A00%3A00.000Z,periodTo=2025-03-14T23:00:00.000Z," +
			"groupNumber='',extensionDns='',waitInterval='0:00:00',includeQueueCalls=true,callArea=0,groupingType=0)",
		"Pbx.DownloadCallHistory()", "Pbx.X(a='it''s',b=null)", "Pbx.X(a=1,)", "Pbx.X(a)", "Pbx.X(a=1 b=2)", "Pbx.X(a=)", "Pbx.X(",
		"Pbx.X(a='x", "Pbx.X(a=%zz)", "Pbx.X(a=1,a=2)", "(((", "Pbx.X(a=''''')", "Pbx.X( a = 1 )",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fn, err := parseFunction(s)
		if err != nil {
			e, ok := err.(*odataError)
			if !ok || e.status != 400 || e.msg == "" {
				t.Fatalf("parseFunction(%q): got %#v, want a 400 OData error with a message", s, err)
			}
			return
		}
		again, err := parseFunction(fn.segment())
		if err != nil || again.name != fn.name || !maps.Equal(again.params, fn.params) {
			t.Fatalf("parseFunction(%q) = %+v, written %q, parses to %+v, %v", s, fn, fn.segment(), again, err)
		}
	})
}

// FuzzTimeSpan: an accepted TimeSpan is not negative and, written as
// d.hh:mm:ss.fffffffff, reads back as itself (to the microsecond: seconds
// are read as a float).
func FuzzTimeSpan(f *testing.F) {
	for _, s := range []string{"0:00:00", "0:00:30", "1.02:03:04.5", "23:59:59.9999999", "99:00:00", "-0:00:30", "0:60:00",
		"0:00:60", "1.2.3:00:00", "106751.23:47:16", "2147483647.00:00:00", "0:00:1e3", "0:00:NaN", "0:00:+5", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, ok := parseTimeSpan(s)
		if !ok {
			return
		}
		if d < 0 {
			t.Fatalf("parseTimeSpan(%q) = %v: negative", s, d)
		}
		days, rest := d/(24*time.Hour), d%(24*time.Hour)
		text := fmt.Sprintf("%d.%02d:%02d:%02d.%09d", days, rest/time.Hour, rest%time.Hour/time.Minute, rest%time.Minute/time.Second, rest%time.Second)
		back, ok := parseTimeSpan(text)
		if diff := back - d; !ok || diff > time.Microsecond || diff < -time.Microsecond {
			t.Fatalf("parseTimeSpan(%q) = %v, written %q, reads back as %v, %v", s, d, text, back, ok)
		}
	})
}
