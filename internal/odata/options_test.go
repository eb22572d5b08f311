package odata

import (
	"slices"
	"testing"
)

// Option names arrive plain, percent-encoded or in another case; values
// URLSearchParams style.
func TestParseOptionsEncoding(t *testing.T) {
	tests := []struct {
		raw    string
		filter string
		top    int
	}{
		{"$top=5&$filter=Id eq 1", "Id eq 1", 5},
		{"%24top=5&%24filter=Id+eq+1", "Id eq 1", 5},
		{"%24TOP=5&%24Filter=Id%20eq%201", "Id eq 1", 5},
		{"$top=5&$filter=Name+eq+%27a%2Bb+c%27", "Name eq 'a+b c'", 5},
		{"$top=5&$filter=Start+ge+2025-05-01T00%3A00%3A00%2B02%3A00", "Start ge 2025-05-01T00:00:00+02:00", 5},
		{"$top=5&$filter=contains(Name%2C%27%25_%27)", "contains(Name, '%_')", 5},
		{"$top=5&&$filter=Id+eq+1&", "Id eq 1", 5},
		{"clientTimeZone=x&$top=5&$filter=Id+eq+1&top=7", "Id eq 1", 5},
		{"$top=5&$filter=%28%28Id+eq+1%29%29", "Id eq 1", 5},
	}
	for _, tt := range tests {
		o := mustOptions(t, tt.raw)
		if o.Filter == nil || o.Filter.String() != tt.filter || o.Top == nil || *o.Top != tt.top {
			t.Errorf("%s: got filter %v, top %v; want %q, %d", tt.raw, o.Filter, o.Top, tt.filter, tt.top)
		}
	}
}

func TestParseOptionsFields(t *testing.T) {
	o := mustOptions(t, "$orderby=Start desc,Id&$select=Name,Id&$skip=3&$count=true&$search=a OR b")
	wantOrder := []OrderItem{{Property: Property{Name: "Start", Type: DateTimeOffset}, Desc: true}, {Property: Property{Name: "Id", Type: Int}}}
	if !slices.Equal(o.OrderBy, wantOrder) {
		t.Errorf("OrderBy: got %v, want %v", o.OrderBy, wantOrder)
	}
	if !slices.Equal(o.Select, []string{"Name", "Id"}) {
		t.Errorf("Select: got %v, want [Name Id]", o.Select)
	}
	if o.Top != nil || o.Skip == nil || *o.Skip != 3 || !o.Count || o.Filter != nil {
		t.Errorf("got Top %v, Skip %v, Count %v, Filter %v; want nil, 3, true, nil", o.Top, o.Skip, o.Count, o.Filter)
	}
	if o.Search == nil || o.Search.String() != "a OR b" {
		t.Errorf("Search: got %v, want a OR b", o.Search)
	}
	empty := mustOptions(t, "")
	if empty.Filter != nil || empty.Search != nil || empty.OrderBy != nil || empty.Select != nil || empty.Top != nil || empty.Skip != nil || empty.Count {
		t.Errorf("no options: got %+v, want zero options", empty)
	}
}

func TestParseOptionsErrors(t *testing.T) {
	tests := []struct {
		raw, option string
		pos         int
		msg         string
	}{
		{"$expand=Calls", "$expand", -1, "$expand is not supported: Call has no navigation properties"},
		{"%24expand=", "$expand", -1, "$expand is not supported"},
		{"$levels=2", "$levels", -1, "unknown system query option $levels"},
		{"$=1", "$", -1, "unknown system query option"},
		{"$top=1&$TOP=2", "$top", -1, "more than once"},
		{"%2", "", -1, ""},
		{"%24fil%ter=1", "", -1, "malformed percent-encoding in the option name"},
		{"$filter=%", "$filter", -1, "malformed percent-encoding"},
		{"$filter=Id+eq+1&$top=x", "$top", 0, "expected a non-negative integer"},
		{"$filter=Name+eq+5", "$filter", 5, "cannot compare"},
	}
	for _, tt := range tests {
		_, err := ParseOptions(tt.raw, call)
		if tt.msg == "" {
			if err != nil {
				t.Errorf("%s: got %v, want no error (not an option)", tt.raw, err)
			}
			continue
		}
		wantError(t, err, tt.option, tt.pos, tt.msg)
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Option: "$filter", Pos: 5, Msg: "x"}, "$filter at position 5: x"},
		{&Error{Option: "$expand", Pos: -1, Msg: "y"}, "$expand: y"},
		{&Error{Pos: -1, Msg: "z"}, "query: z"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("got %q, want %q", got, tt.want)
		}
	}
}
