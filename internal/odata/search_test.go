package odata

import "testing"

func TestSearchParse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"alice", "alice"},
		{"  alice  ", "alice"},
		{"alice bob", "alice AND bob"},
		{"alice AND bob", "alice AND bob"},
		{"alice OR bob carol", "alice OR bob AND carol"},
		{"(alice OR bob) carol", "(alice OR bob) AND carol"},
		{"alice OR (bob OR carol)", "alice OR (bob OR carol)"},
		{"NOT alice", "NOT alice"},
		{"NOT NOT alice", "NOT NOT alice"},
		{"NOT (alice OR bob)", "NOT (alice OR bob)"},
		{"alice NOT bob", "alice AND NOT bob"},
		{`"alice smith"`, `"alice smith"`},
		{`"say \"hi\" \\o/"`, `"say \"hi\" \\o/"`},
		{`"a\b"`, `"a\\b"`},
		{`"AND"`, `"AND"`},
		{"and or not", "and AND or AND not"},
		{"a+b 2025-05-01T08:00:00Z", "a+b AND 2025-05-01T08:00:00Z"},
		{`alice"bob"`, `alice AND "bob"`},
		{"((a))", "a"},
	}
	for _, tt := range tests {
		x, err := parseSearch(tt.in)
		if err != nil {
			t.Errorf("parseSearch(%q): %v", tt.in, err)
			continue
		}
		if got := x.String(); got != tt.want {
			t.Errorf("parseSearch(%q): got %s, want %s", tt.in, got, tt.want)
		}
		y, err := parseSearch(x.String())
		if err != nil || y.String() != x.String() {
			t.Errorf("%q prints as %q, which reads back as %v, %v", tt.in, x.String(), y, err)
		}
	}
}

func TestSearchPhraseText(t *testing.T) {
	x, err := parseSearch(`"say \"hi\" \\o/ \n"`)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := x.(*SearchTerm).Text, `say "hi" \o/ \n`; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSearchErrors(t *testing.T) {
	tests := []struct {
		in  string
		pos int
		msg string
	}{
		{"", 0, "expected a search term, found end of input"},
		{"OR a", 0, `found "OR"`},
		{"a AND", 5, "expected a search term"},
		{"a AND OR b", 6, `found "OR"`},
		{"NOT", 3, "expected a search term"},
		{"(a", 2, "expected ')' to close the '(' at 0"},
		{"a)", 1, `expected AND, OR or the end, found ")"`},
		{"()", 1, `found ")"`},
		{`"a`, 0, "unterminated phrase"},
		{`a "b\"`, 2, "unterminated phrase"},
		{`""`, 0, "empty phrase"},
	}
	for _, tt := range tests {
		_, err := parseSearch(tt.in)
		wantError(t, err, "$search", tt.pos, tt.msg)
	}
}

// Without an entity, $search looks in every value of the row.
func TestSearchWithoutEntity(t *testing.T) {
	x, err := parseSearch("alice 42")
	if err != nil {
		t.Fatal(err)
	}
	o := &Options{Search: x}
	page, count := o.Apply([]Row{{"a": "Alice", "b": int64(42)}, {"a": "Alice", "b": 41}})
	if count != 1 || len(page) != 1 {
		t.Errorf("got %v, %d, want the first row", page, count)
	}
}
