package odata

import (
	"errors"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// FuzzParseOptions feeds ParseOptions arbitrary query strings. Whatever
// comes in: no panic; an error is an *Error whose position lies within
// the option's value; a parsed filter or search prints as text that
// parses back to the same tree; Apply and SQL run without panicking.
func FuzzParseOptions(f *testing.F) {
	for _, s := range roundTripFilters {
		f.Add(filterQuery(s))
	}
	files, _ := filepath.Glob("testdata/*.corpus")
	for _, file := range files {
		for _, c := range readCorpus(f, file).cases {
			f.Add(c.query)
		}
	}
	f.Fuzz(func(t *testing.T, raw string) {
		o, err := ParseOptions(raw, call)
		if err != nil {
			checkFuzzError(t, raw, err)
			return
		}
		if o.Filter != nil {
			checkFilterRoundTrip(t, o.Filter)
		}
		if o.Search != nil {
			s := o.Search.String()
			if y, err := parseSearch(s); err != nil || y.String() != s {
				t.Fatalf("search %q reads back as %v, %v", s, y, err)
			}
		}
		o.Now = func() time.Time { return time.Unix(1746057600, 0) }
		o.Apply(fuzzRows)
		for _, d := range []Dialect{SQLite, PostgreSQL} {
			if _, _, _, err := o.SQL(callColumns, d, 1); err != nil && o.Search == nil {
				t.Fatalf("SQL: %v", err)
			}
		}
	})
}

// FuzzFilter explores the $filter grammar directly, where mutations of a
// whole query string mostly break its percent-encoding: the same checks,
// on the decoded value.
func FuzzFilter(f *testing.F) {
	for _, s := range roundTripFilters {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, filter string) {
		x, err := parseChecked(filter)
		if err != nil {
			checkFuzzError(t, filterQuery(filter), err)
			return
		}
		checkFilterRoundTrip(t, x)
		o := &Options{Filter: x, entity: call, Now: func() time.Time { return time.Unix(1746057600, 0) }}
		o.Apply(fuzzRows)
		if _, _, _, err := o.SQL(callColumns, PostgreSQL, 1); err != nil {
			t.Fatalf("SQL: %v", err)
		}
	})
}

var fuzzRows = []Row{
	{"Id": int64(1), "Name": "Ünï'co%de_", "Agent": "", "Count": int64(-1 << 63), "Score": -0.0, "Answered": true,
		"Start": time.Unix(0, 0), "End": time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", -14*3600)),
		"Day": time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), "At": 24*time.Hour - 1, "Talk": time.Duration(-1 << 63), "Uid": "X"},
	{"Id": int64(2), "Count": int64(1<<63 - 1), "Score": 1e308, "Talk": time.Duration(1<<63 - 1)},
	{},
}

func checkFuzzError(t *testing.T, raw string, err error) {
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%q: got %v (%T), want an *Error", raw, err, err)
	}
	if e.Pos < -1 || e.Pos > longestValue(raw, e.Option) || e.Option == "" && e.Pos != -1 {
		t.Fatalf("%q: position %d of %s lies outside the value", raw, e.Pos, e.Option)
	}
}

// longestValue returns the length of the longest decoded value of option.
func longestValue(raw, option string) int {
	longest := -1
	for _, p := range strings.Split(raw, "&") {
		name, value, _ := strings.Cut(p, "=")
		name, err1 := url.QueryUnescape(name)
		value, err2 := url.QueryUnescape(value)
		if err1 == nil && err2 == nil && strings.EqualFold(name, option) {
			longest = max(longest, len(value))
		}
	}
	return longest
}

func checkFilterRoundTrip(t *testing.T, x Expr) {
	s := x.String()
	y, err := parseChecked(s)
	if err != nil {
		t.Fatalf("filter %s prints as %q, which does not parse: %v", tree(x), s, err)
	}
	if tree(y) != tree(x) || y.String() != s {
		t.Fatalf("filter %q reads back as %s, not %s", s, tree(y), tree(x))
	}
}
