package odata

import (
	"testing"
	"time"
)

// evalOn evaluates a checked filter on one row, as Apply does.
func evalOn(t *testing.T, filter string, row Row, now time.Time) any {
	t.Helper()
	return evaluator{now: now}.eval(mustFilter(t, filter), row)
}

// In memory, the date functions read a DateTimeOffset in the offset it
// carries: a report's bucket "2025-05-01T00:00:00+03:00" is day 1, hour 0,
// as its JSON shows (SQL, holding UTC, would say April 30, 21:00).
func TestDateFunctionsUseTheValuesOffset(t *testing.T) {
	berlin := time.FixedZone("+03:00", 3*3600)
	row := Row{"Start": time.Date(2025, 5, 1, 0, 30, 0, 0, berlin)}
	tests := []struct {
		filter string
		want   any
	}{
		{"day(Start) eq 1", true},
		{"hour(Start) eq 0", true},
		{"minute(Start) eq 30", true},
		{"date(Start) eq 2025-05-01", true},
		{"time(Start) eq 00:30", true},
		{"Start eq 2025-04-30T21:30:00Z", true},
		{"Start lt 2025-05-01", true}, // the instant is before midnight UTC
	}
	for _, tt := range tests {
		if got := evalOn(t, tt.filter, row, time.Time{}); got != tt.want {
			t.Errorf("%s on %v: got %v, want %v", tt.filter, row["Start"], got, tt.want)
		}
	}
}

// Row values of other Go integer and float types are accepted; values of
// the wrong type count as null.
func TestRowValues(t *testing.T) {
	tests := []struct {
		filter string
		row    Row
		want   any
	}{
		{"Count eq 3", Row{"Count": 3}, true},
		{"Count eq 3", Row{"Count": int32(3)}, true},
		{"Count eq 3", Row{"Count": uint8(3)}, true},
		{"Score eq 1.5", Row{"Score": float32(1.5)}, true},
		{"Score eq 2", Row{"Score": 2}, true},
		{"Count eq null", Row{"Count": "3"}, true},
		{"Count eq null", Row{}, true},
		{"Name eq null", Row{"Name": 5}, true},
		{"Day eq 2025-05-01", Row{"Day": time.Date(2025, 5, 1, 23, 0, 0, 0, time.FixedZone("", -3600))}, true},
		{"Uid eq 01234567-89ab-cdef-0123-456789abcdef", Row{"Uid": "01234567-89AB-CDEF-0123-456789ABCDEF"}, true},
		{"At eq 08:00", Row{"At": 8 * time.Hour}, true},
		{"Answered", Row{"Answered": 1}, nil},
	}
	for _, tt := range tests {
		if got := evalOn(t, tt.filter, tt.row, time.Time{}); got != tt.want {
			t.Errorf("%s on %v: got %v, want %v", tt.filter, tt.row, got, tt.want)
		}
	}
}

func TestEvalValues(t *testing.T) {
	now := mustTime(t, "2025-06-01T12:00:00Z")
	row := Row{"Name": "Ünïcode", "Count": int64(7), "Start": mustTime(t, "2025-05-01T08:00:00Z")}
	tests := []struct {
		filter string
		want   any
	}{
		{"length(Name) eq 7", true},          // characters, not bytes
		{"indexof(Name, 'code') eq 3", true}, // characters, not bytes
		{"substring(Name, 1, 2) eq 'nï'", true},
		{"tolower(Name) eq 'ünïcode'", true}, // all of Unicode in memory
		{"Count div 2 eq 3", true},
		{"Count div 0 eq null", true},
		{"-9223372036854775808 div -1 lt 0", true}, // wraps, does not panic
		{"now() eq 2025-06-01T12:00:00Z", true},
		{"now() sub Start eq duration'P31DT4H'", true},
		{"Count eq null or Name eq null", false},
	}
	for _, tt := range tests {
		if got := evalOn(t, tt.filter, row, now); got != tt.want {
			t.Errorf("%s: got %v, want %v", tt.filter, got, tt.want)
		}
	}
}

// Apply leaves its input alone: sorting works on a copy, $select makes
// new rows.
func TestApplyDoesNotModifyRows(t *testing.T) {
	rows := []Row{{"Id": int64(2), "Name": "b"}, {"Id": int64(1), "Name": "a"}}
	o := mustOptions(t, "$orderby=Id&$select=Name")
	page, count := o.Apply(rows)
	if count != 2 || len(page) != 2 || page[0]["Name"] != "a" || len(page[0]) != 1 {
		t.Fatalf("got %v, %d, want [map[Name:a] map[Name:b]], 2", page, count)
	}
	if rows[0]["Id"] != int64(2) || len(rows[0]) != 2 {
		t.Errorf("the input changed: %v", rows)
	}
}

// Without Options.Now, now() is the current time.
func TestNowDefault(t *testing.T) {
	o := mustOptions(t, filterQuery("Start gt now() sub duration'PT1M' and Start le now()"))
	page, _ := o.Apply([]Row{{"Start": time.Now()}, {"Start": time.Now().Add(-time.Hour)}})
	if len(page) != 1 {
		t.Errorf("got %d rows, want the one of now", len(page))
	}
}
