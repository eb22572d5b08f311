package odata

import "fmt"

// check types the tree of a $filter against e, recording each node's type
// and whether it may be null, and returns an *Error for unknown names and
// type mismatches, at the position of the offending node or operator.
func check(x Expr, e *Entity) error {
	if err := (checker{e}).expr(x); err != nil {
		return err
	}
	if t := x.base().typ; t != Bool && t != Null {
		return errorf("$filter", 0, "expected a boolean expression, found %s of type %s", quoteExpr(x), t)
	}
	return nil
}

type checker struct{ e *Entity }

func (c checker) expr(x Expr) error {
	switch x := x.(type) {
	case *Literal:
		x.typ, x.nullable, x.constant = x.Type, x.Value == nil, true
		return nil
	case *PropertyRef:
		p, ok := c.e.property(x.Name)
		if !ok {
			return c.e.unknown("$filter", x.pos, x.Name)
		}
		x.typ, x.nullable = p.Type, p.Nullable
		return nil
	case *UnaryExpr:
		return c.unary(x)
	case *BinaryExpr:
		return c.binary(x)
	case *InExpr:
		return c.in(x)
	case *CallExpr:
		return c.call(x)
	}
	return fmt.Errorf("odata: unknown node %T", x)
}

func (c checker) unary(x *UnaryExpr) error {
	if err := c.expr(x.X); err != nil {
		return err
	}
	t := x.X.base().typ
	x.typ, x.nullable, x.constant = t, x.X.base().nullable, x.X.base().constant
	switch {
	case x.Op == OpNot && (t == Bool || t == Null):
		x.typ = Bool
		return nil
	case x.Op == OpNeg && (t.numeric() || t == Duration || t == Null):
		return nil
	}
	return errorf("$filter", x.pos, "operator %s cannot take %s of type %s", x.Op, quoteExpr(x.X), t)
}

func (c checker) binary(x *BinaryExpr) error {
	if err := c.expr(x.LHS); err != nil {
		return err
	}
	if err := c.expr(x.RHS); err != nil {
		return err
	}
	l, r := x.LHS.base(), x.RHS.base()
	x.constant = l.constant && r.constant
	switch opPrecedence(x.Op) {
	case precOr, precAnd:
		x.typ, x.nullable = Bool, l.nullable || r.nullable
		if (l.typ == Bool || l.typ == Null) && (r.typ == Bool || r.typ == Null) {
			return nil
		}
	case precEquality, precRelational:
		x.typ = Bool // never null: comparisons with null are false, except eq and ne
		if comparable(l.typ, r.typ) {
			return nil
		}
		return errorf("$filter", x.pos, "cannot compare %s (%s) with %s (%s)", quoteExpr(x.LHS), l.typ, quoteExpr(x.RHS), r.typ)
	default:
		t, ok := arithType(x.Op, l.typ, r.typ)
		x.typ, x.nullable = t, l.nullable || r.nullable || mayDivideByZero(x)
		if ok {
			return nil
		}
		if x.Op == OpMod {
			return errorf("$filter", x.pos, "operator mod takes two integers, not %s and %s", l.typ, r.typ)
		}
	}
	return errorf("$filter", x.pos, "operator %s cannot take %s and %s", x.Op, l.typ, r.typ)
}

func (c checker) in(x *InExpr) error {
	if err := c.expr(x.X); err != nil {
		return err
	}
	t := x.X.base().typ
	x.constant = x.X.base().constant
	for _, item := range x.List {
		if err := c.expr(item); err != nil {
			return err
		}
		x.constant = x.constant && item.base().constant
		if it := item.base().typ; !comparable(t, it) {
			return errorf("$filter", item.base().pos, "cannot compare %s (%s) with %s (%s) in the list of in", quoteExpr(x.X), t, quoteExpr(item), it)
		}
	}
	x.typ = Bool
	return nil
}

// quoteExpr shows an operand in a message, shortened if long.
func quoteExpr(x Expr) string {
	s := x.String()
	if r := []rune(s); len(r) > 40 {
		s = string(r[:37]) + "..."
	}
	return s
}
