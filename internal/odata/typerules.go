package odata

import (
	"strconv"
	"strings"
)

// comparable reports whether values of types a and b may be compared.
// Integers and decimals compare as numbers; a DateTimeOffset and a Date
// compare as instants, the Date standing for midnight UTC of its day (so
// "Start ge 2025-05-01" means from that midnight UTC on); null compares
// with anything.
func comparable(a, b Type) bool {
	return a == Null || b == Null || a == b ||
		a.numeric() && b.numeric() || isInstant(a) && isInstant(b)
}

func isInstant(t Type) bool { return t == DateTimeOffset || t == Date }

// arithType returns the result type of an arithmetic operator, or false
// if it does not take these operands. Integer operands give an integer
// (div truncates); mod takes integers only, because SQLite's % would
// truncate decimals. A null operand makes the result null, of type Null.
func arithType(op Op, a, b Type) (Type, bool) {
	addSub := op == OpAdd || op == OpSub
	switch {
	case a == Null || b == Null:
		return Null, arithOperand(op, a) && arithOperand(op, b)
	case a == Int && b == Int:
		return Int, true
	case a.numeric() && b.numeric():
		return Decimal, op != OpMod
	case addSub && a == DateTimeOffset && b == Duration:
		return DateTimeOffset, true
	case addSub && a == Duration && b == Duration:
		return Duration, true
	case op == OpSub && a == DateTimeOffset && b == DateTimeOffset:
		return Duration, true
	}
	return 0, false
}

// arithOperand reports whether op may take an operand of type t at all.
func arithOperand(op Op, t Type) bool {
	switch t {
	case Null, Int:
		return true
	case Decimal:
		return op != OpMod
	case DateTimeOffset, Duration:
		return op == OpAdd || op == OpSub
	}
	return false
}

// mayDivideByZero reports whether x divides by something that may be
// zero: division by zero gives null (SQLite's answer; PostgreSQL's error
// is avoided with NULLIF), so such an expression may be null.
func mayDivideByZero(x *BinaryExpr) bool {
	if x.Op != OpDiv && x.Op != OpMod {
		return false
	}
	lit, ok := x.RHS.(*Literal)
	return !ok || lit.Value == nil || lit.Value == int64(0) || lit.Value == 0.0
}

func (c checker) call(x *CallExpr) error {
	f, ok := functions[x.Func]
	if !ok {
		if _, lower := functions[strings.ToLower(x.Func)]; lower {
			return errorf("$filter", x.pos, "unknown function %q (function names are lower case: %s)", x.Func, strings.ToLower(x.Func))
		}
		return errorf("$filter", x.pos, "unknown function %q", x.Func)
	}
	x.constant = true
	for _, a := range x.Args {
		if err := c.expr(a); err != nil {
			return err
		}
		x.nullable = x.nullable || a.base().nullable
		x.constant = x.constant && a.base().constant
	}
	s, err := resolve(x, f)
	x.typ = s.result
	return err
}

// resolve picks the signature of f that the arguments of x fit.
func resolve(x *CallExpr, f function) (signature, error) {
	var fit []signature
	for _, s := range f.sigs {
		if len(s.params) == len(x.Args) {
			fit = append(fit, s)
		}
	}
	if len(fit) == 0 {
		return signature{}, errorf("$filter", x.pos, "%s takes %s, not %d", x.Func, arity(f), len(x.Args))
	}
	for i, a := range x.Args {
		t := a.base().typ
		var next []signature
		var want []string
		for _, s := range fit {
			if t == Null || s.params[i] == t {
				next = append(next, s)
			}
			want = append(want, s.params[i].String())
		}
		if len(next) == 0 {
			return signature{}, errorf("$filter", a.base().pos, "argument %d of %s must be %s, not %s of type %s",
				i+1, x.Func, strings.Join(want, " or "), quoteExpr(a), t)
		}
		fit = next
	}
	return fit[0], nil
}

// arity says how many arguments f takes: "2 arguments", "2 or 3 arguments".
func arity(f function) string {
	var counts []string
	for _, s := range f.sigs {
		counts = append(counts, strconv.Itoa(len(s.params)))
	}
	if len(counts) == 1 && counts[0] == "1" {
		return "1 argument"
	}
	if counts[0] == "0" {
		return "no arguments"
	}
	return strings.Join(counts, " or ") + " arguments"
}
