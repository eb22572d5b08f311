package odata

import (
	"strings"
	"testing"
)

// The tree the parser builds, fully parenthesised: precedence and
// associativity as doc.go states them.
func TestParsePrecedence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"A eq 1", "(eq A 1:Int64)"},
		{"((A eq 1))", "(eq A 1:Int64)"},
		{"(((A)) eq (1))", "(eq A 1:Int64)"},
		{"A eq 1 or B eq 2 and C eq 3", "(or (eq A 1:Int64) (and (eq B 2:Int64) (eq C 3:Int64)))"},
		{"(A eq 1 or B eq 2) and C eq 3", "(and (or (eq A 1:Int64) (eq B 2:Int64)) (eq C 3:Int64))"},
		{"A or B or C", "(or (or A B) C)"},
		{"A and B and C", "(and (and A B) C)"},
		{"not A eq 1", "(not (eq A 1:Int64))"},
		{"not A eq 1 and B", "(and (not (eq A 1:Int64)) B)"},
		{"not not A", "(not (not A))"},
		{"A or not B and C", "(or A (and (not B) C))"},
		{"A add 1 mul 2 eq 3", "(eq (add A (mul 1:Int64 2:Int64)) 3:Int64)"},
		{"A sub 1 sub 2", "(sub (sub A 1:Int64) 2:Int64)"},
		{"A div 2 mod 3 mul 4", "(mul (mod (div A 2:Int64) 3:Int64) 4:Int64)"},
		{"A add B gt C sub D", "(gt (add A B) (sub C D))"},
		{"A lt B eq true", "(eq (lt A B) true:Boolean)"},
		{"true eq A lt B", "(eq true:Boolean (lt A B))"},
		{"A eq B ne C", "(ne (eq A B) C)"},
		{"A in (1, 2) eq true", "(eq (in A [1:Int64 2:Int64]) true:Boolean)"},
		{"A add 1 in (2, 3)", "(in (add A 1:Int64) [2:Int64 3:Int64])"},
		{"A in (1) and B in ('x', null)", "(and (in A [1:Int64]) (in B ['x':String null:null]))"},
		{"A in ((1), 1 add 1)", "(in A [1:Int64 (add 1:Int64 1:Int64)])"},
		{"-A mul B", "(mul (- A) B)"},
		{"-(A mul B)", "(- (mul A B))"},
		{"- 5", "(- 5:Int64)"},
		{"-(5)", "(- 5:Int64)"},
		{"--5", "(- -5:Int64)"},
		{"A sub -5", "(sub A -5:Int64)"},
		{"A sub-5", "(sub A -5:Int64)"},
		{"- -A", "(- (- A))"},
		{"contains(A, 'x')", "(contains [A 'x':String])"},
		{"now()", "(now [])"},
		{"substring(A, 1 add 1, length(B))", "(substring [A (add 1:Int64 1:Int64) (length [B])])"},
		{"concat(concat(A, ' '), B) eq 'x y'", "(eq (concat [(concat [A ' ':String]) B]) 'x y':String)"},
		{"not contains(A, 'x')", "(not (contains [A 'x':String]))"},
		{" \tA  eq\n1 ", "(eq A 1:Int64)"},
		{"A eq 2025-05-01T08:00:00Z and B", "(and (eq A 2025-05-01T08:00:00Z:DateTimeOffset) B)"},
		{"Id eq 01234567-89ab-cdef-0123-456789abcdef", "(eq Id 01234567-89ab-cdef-0123-456789abcdef:Guid)"},
		{"durationX eq 1", "(eq durationX 1:Int64)"},
		{"duration eq 1", "(eq duration 1:Int64)"},
	}
	for _, tt := range tests {
		x, err := parseFilter(tt.in)
		if err != nil {
			t.Errorf("parseFilter(%q): %v", tt.in, err)
			continue
		}
		if got := tree(x); got != tt.want {
			t.Errorf("parseFilter(%q):\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in  string
		pos int
		msg string
	}{
		{"", 0, "expected an expression"},
		{"   ", 3, "expected an expression"},
		{"A eq", 4, "found end of input"},
		{"A eq 1 B", 7, `expected an operator or the end, found "B"`},
		{"(A eq 1", 7, "expected ')' to close the '(' at 0"},
		{"A eq 1)", 6, `found ")"`},
		{"()", 1, "expected an expression"},
		{"A in 1", 5, "expected '(' after in"},
		{"A in ()", 6, "expected an expression"},
		{"A in (1,)", 8, "expected an expression"},
		{"f(1,", 4, "expected an expression"},
		{"f(1 2)", 4, "expected ',' or ')'"},
		{"A eq or", 5, `found "or"`},
		{"and", 0, `found "and"`},
		{"A eq not B", 5, `found "not"`},
		{"A eq -", 6, "expected an expression"},
		{"A ,", 2, `found ","`},
	}
	for _, tt := range tests {
		_, err := parseFilter(tt.in)
		wantError(t, err, "$filter", tt.pos, tt.msg)
	}
}

// Deep nesting is refused before it can exhaust the stack.
func TestParseDepth(t *testing.T) {
	deep := func(open, close string, n int) string {
		s := "A"
		for range n {
			s = open + s + close
		}
		return s
	}
	for _, tt := range []struct{ open, close string }{{"(", ")"}, {"not ", ""}, {"-", ""}, {"f(", ")"}, {"A in (", ")"}} {
		if _, err := parseFilter(deep(tt.open, tt.close, maxDepth)); err != nil {
			t.Errorf("%d levels of %q: %v", maxDepth, tt.open, err)
		}
		_, err := parseFilter(deep(tt.open, tt.close, maxDepth+1))
		if e, ok := err.(*Error); !ok || e.Msg != "expression nested more than 100 levels deep" {
			t.Errorf("%d levels of %q: got %v, want the nesting error", maxDepth+1, tt.open, err)
		}
	}
}

func TestTooManyTokens(t *testing.T) {
	long := strings.Repeat("Id eq 1 or ", maxTokens/4) + "Id eq 1"
	if _, err := parseFilter(long); err == nil || !strings.Contains(err.Error(), "too long") {
		t.Errorf("%d tokens: got %v, want too long", 4*(maxTokens/4)+3, err)
	}
	short := strings.Repeat("Id eq 1 or ", maxTokens/4-1) + "Id eq 1"
	if _, err := parseFilter(short); err != nil {
		t.Errorf("%d tokens: %v", 4*(maxTokens/4-1)+3, err)
	}
	if _, err := parseSearch(strings.Repeat("a ", maxTokens+1)); err == nil || !strings.Contains(err.Error(), "too long") {
		t.Errorf("%d search terms: got %v, want too long", maxTokens+1, err)
	}
}
