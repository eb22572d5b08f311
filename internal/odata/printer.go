package odata

import "strings"

// String forms are canonical: single spaces around operators, literals in
// one spelling (DateTimeOffsets keep their offset), and parentheses only
// where precedence needs them, with one exception: the operand of "not" is
// parenthesised unless it is a single term, since "not A eq 1" reads
// ambiguously. Parsing a String gives back the same tree.

func (e *Literal) String() string { return formatLiteral(e.Type, e.Value) }

func (e *PropertyRef) String() string { return e.Name }

func (e *UnaryExpr) String() string {
	if e.Op == OpNot {
		if p := precedence(e.X); p == precNot || p >= precNeg {
			return "not " + e.X.String()
		}
		return "not (" + e.X.String() + ")"
	}
	// -(5) and -(-5) stay negations: "-5" would read back as a literal.
	if _, isLit := e.X.(*Literal); isLit || precedence(e.X) < precNeg {
		return "-(" + e.X.String() + ")"
	}
	return "-" + e.X.String()
}

func (e *BinaryExpr) String() string {
	p := opPrecedence(e.Op)
	return operand(e.LHS, p, false) + " " + string(e.Op) + " " + operand(e.RHS, p, true)
}

func (e *InExpr) String() string {
	return operand(e.X, precEquality, false) + " in (" + join(e.List) + ")"
}

func (e *CallExpr) String() string { return e.Func + "(" + join(e.Args) + ")" }

// operand writes e as an operand of an operator of precedence parent.
// Operators are left-associative, so an equal precedence on the right
// needs parentheses.
func operand(e Expr, parent int, right bool) string {
	p := precedence(e)
	if p < parent || p == parent && right {
		return "(" + e.String() + ")"
	}
	return e.String()
}

func join(list []Expr) string {
	s := make([]string, len(list))
	for i, e := range list {
		s[i] = e.String()
	}
	return strings.Join(s, ", ")
}
