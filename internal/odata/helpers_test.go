package odata

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// call is the entity most unit tests use: one property of each type,
// nullable and not.
var call = &Entity{Name: "Call", Properties: []Property{
	{Name: "Id", Type: Int},
	{Name: "Name", Type: String, Nullable: true},
	{Name: "Agent", Type: String},
	{Name: "Count", Type: Int, Nullable: true},
	{Name: "Score", Type: Decimal, Nullable: true},
	{Name: "Answered", Type: Bool, Nullable: true},
	{Name: "Start", Type: DateTimeOffset},
	{Name: "End", Type: DateTimeOffset, Nullable: true},
	{Name: "Day", Type: Date, Nullable: true},
	{Name: "At", Type: TimeOfDay, Nullable: true},
	{Name: "Talk", Type: Duration, Nullable: true},
	{Name: "Uid", Type: Guid, Nullable: true},
}}

// filterQuery encodes a $filter as a browser's URLSearchParams would.
func filterQuery(filter string) string { return "%24filter=" + url.QueryEscape(filter) }

// parseChecked parses and checks a $filter against call.
func parseChecked(filter string) (Expr, error) {
	o, err := ParseOptions(filterQuery(filter), call)
	if err != nil {
		return nil, err
	}
	return o.Filter, nil
}

func mustFilter(t testing.TB, filter string) Expr {
	t.Helper()
	x, err := parseChecked(filter)
	if err != nil {
		t.Fatalf("parsing %q: %v", filter, err)
	}
	return x
}

func mustOptions(t testing.TB, rawQuery string) *Options {
	t.Helper()
	o, err := ParseOptions(rawQuery, call)
	if err != nil {
		t.Fatalf("ParseOptions(%q): %v", rawQuery, err)
	}
	return o
}

func mustTime(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// tree writes x fully parenthesised, in prefix form, so that tests see the
// structure the parser built: (and (eq Name 'x') (not Answered)).
func tree(x Expr) string {
	switch x := x.(type) {
	case *UnaryExpr:
		return "(" + string(x.Op) + " " + tree(x.X) + ")"
	case *BinaryExpr:
		return "(" + string(x.Op) + " " + tree(x.LHS) + " " + tree(x.RHS) + ")"
	case *InExpr:
		return "(in " + tree(x.X) + " " + trees(x.List) + ")"
	case *CallExpr:
		return "(" + x.Func + " " + trees(x.Args) + ")"
	case *Literal:
		return fmt.Sprintf("%s:%s", x.String(), strings.TrimPrefix(x.Type.String(), "Edm."))
	}
	return x.String()
}

func trees(list []Expr) string {
	s := make([]string, len(list))
	for i, x := range list {
		s[i] = tree(x)
	}
	return "[" + strings.Join(s, " ") + "]"
}

// wantError checks that err is an *Error of option at pos whose message
// contains msg.
func wantError(t *testing.T, err error, option string, pos int, msg string) {
	t.Helper()
	e, ok := err.(*Error)
	switch {
	case !ok:
		t.Errorf("got error %v (%T), want an *Error of %s at %d containing %q", err, err, option, pos, msg)
	case e.Option != option || e.Pos != pos || !strings.Contains(e.Msg, msg):
		t.Errorf("got %s %d %q, want %s %d containing %q", e.Option, e.Pos, e.Msg, option, pos, msg)
	}
}
