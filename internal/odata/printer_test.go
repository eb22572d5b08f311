package odata

import (
	"testing"
	"time"
)

// roundTripFilters are filters whose String must parse back to the same
// tree; the fuzz target seeds from them too.
var roundTripFilters = []string{
	"Name eq 'Alice'",
	"((Id eq 1))",
	"Name eq 'O''Brien' and (Count gt 1 or Count eq null)",
	"not (Id eq 1) and not contains(Name, 'x')",
	"not not Answered",
	"not (Answered or Id eq 2)",
	"Id in (1, 2, 3) or Name in ('a', null)",
	"(Id in (1)) eq true",
	"Count add 1 mul 2 sub 3 div 4 mod 5 gt -6",
	"Count sub (1 sub 2) eq Count sub 1 sub 2",
	"(Count add 1) mul 2 eq 4",
	"-Count eq -(1) and -(-1) eq --Count and -(Count add 1) lt 0",
	"Score gt 1.5 and Score lt 1e21 and Score ne 2.0 and Score ne -0.001",
	"Start ge 2025-05-01T08:00:00.123Z and Start lt 2025-05-01T11:00:00+03:00",
	"End sub Start gt duration'PT1H30M' and Talk le duration'-P1DT0.5S'",
	"Day eq 2025-05-01 and At lt 08:30:00.5 and Uid eq 01234567-89ab-cdef-0123-456789abcdef",
	"year(Start) eq 2025 and month(Day) eq 5 and hour(At) ge 8 and date(Start) eq Day and time(Start) lt At",
	"Start lt now() sub duration'P7D'",
	"substring(Name, 1, 2) eq 'li' and indexof(Agent, 'x') ge 0 and length(trim(Name)) gt 0",
	"concat(tolower(Name), toupper(Agent)) eq 'aB' and startswith(Name, 'A') and endswith(Name, '%_')",
	"(Id lt 2) eq (Id gt 0)",
	"true eq (Id lt 2)",
	"null eq null or Count add null eq null",
}

func TestStringRoundTrip(t *testing.T) {
	for _, f := range roundTripFilters {
		x := mustFilter(t, f)
		s := x.String()
		y, err := parseChecked(s)
		if err != nil {
			t.Errorf("%q prints as %q, which does not parse: %v", f, s, err)
			continue
		}
		if got, want := tree(y), tree(x); got != want {
			t.Errorf("%q prints as %q, which parses to\n %s\nnot\n %s", f, s, got, want)
		}
		if y.String() != s {
			t.Errorf("%q: String is not canonical: %q, then %q", f, s, y.String())
		}
	}
}

// String writes one canonical spelling: single spaces, minimal parentheses
// (but around the operand of not), literals in one form.
func TestStringCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"((Id   eq 1))", "Id eq 1"},
		{"(Id eq 1) and (Id eq 2)", "Id eq 1 and Id eq 2"},
		{"(Id eq 1 or Id eq 2) and Id eq 3", "(Id eq 1 or Id eq 2) and Id eq 3"},
		{"Id eq 1 or (Id eq 2 and Id eq 3)", "Id eq 1 or Id eq 2 and Id eq 3"},
		{"not Id eq 1", "not (Id eq 1)"},
		{"not(Answered)", "not Answered"},
		{"Count sub (1 add 2) eq 0", "Count sub (1 add 2) eq 0"},
		{"(Count sub 1) add 2 eq 0", "Count sub 1 add 2 eq 0"},
		{"Id in (1,2,3)", "Id in (1, 2, 3)"},
		{"contains(Name,'x')", "contains(Name, 'x')"},
		{"Score eq 1E3", "Score eq 1000.0"},
		{"Start eq 2025-05-01T08:00Z", "Start eq 2025-05-01T08:00:00Z"},
		{"Start eq 2025-05-01T08:00:00.1200+02:00", "Start eq 2025-05-01T08:00:00.12+02:00"},
		{"At eq 08:00", "At eq 08:00:00"},
		{"Talk eq duration'PT36H'", "Talk eq duration'P1DT12H'"},
		{"Uid eq 01234567-89AB-CDEF-0123-456789ABCDEF", "Uid eq 01234567-89ab-cdef-0123-456789abcdef"},
		{"-(Count) eq - 1", "-Count eq -(1)"},
	}
	for _, tt := range tests {
		if got := mustFilter(t, tt.in).String(); got != tt.want {
			t.Errorf("%q: got %q, want %q", tt.in, got, tt.want)
		}
	}
}

// A DateTimeOffset literal keeps its offset: in String, and for the date
// functions in memory.
func TestDateTimeOffsetKeepsOffset(t *testing.T) {
	x := mustFilter(t, "Start eq 2025-05-01T01:00:00+03:00")
	lit := x.(*BinaryExpr).RHS.(*Literal)
	v := lit.Value.(time.Time)
	if _, off := v.Zone(); off != 3*3600 {
		t.Errorf("got offset %d, want %d", off, 3*3600)
	}
	if want := mustTime(t, "2025-04-30T22:00:00Z"); !v.Equal(want) {
		t.Errorf("got %v, want the instant %v", v, want)
	}
}
