package odata

import (
	"math"
	"time"
)

// evaluator computes checked expressions over rows, with OData's null
// rules: null propagates through arithmetic and functions; and, or and
// not are three-valued; a comparison with null is false, except that
// eq and ne treat null as a value (null eq null is true). A row passes a
// filter only when the filter is true.
type evaluator struct {
	now time.Time // now(), the same instant for every row
}

func (ev evaluator) test(x Expr, row Row) bool {
	b, _ := ev.eval(x, row).(bool)
	return b
}

func (ev evaluator) eval(x Expr, row Row) any {
	switch x := x.(type) {
	case *Literal:
		return x.Value
	case *PropertyRef:
		return normalize(x.typ, row[x.Name])
	case *UnaryExpr:
		return ev.unary(x, row)
	case *BinaryExpr:
		return ev.binary(x, row)
	case *InExpr:
		v := ev.eval(x.X, row)
		for _, item := range x.List {
			if equal(v, ev.eval(item, row)) {
				return true
			}
		}
		return false
	case *CallExpr:
		return ev.call(x, row)
	}
	return nil
}

func (ev evaluator) unary(x *UnaryExpr, row Row) any {
	switch v := ev.eval(x.X, row).(type) {
	case bool:
		return !v
	case int64:
		return -v
	case float64:
		return -v
	case time.Duration:
		return -v
	}
	return nil
}

func (ev evaluator) binary(x *BinaryExpr, row Row) any {
	l := ev.eval(x.LHS, row)
	switch x.Op {
	case OpAnd, OpOr:
		// false and anything is false, true or anything is true, even null
		decisive := x.Op == OpOr
		if l == decisive {
			return decisive
		}
		r := ev.eval(x.RHS, row)
		if r == decisive {
			return decisive
		}
		if l == nil || r == nil {
			return nil
		}
		return !decisive
	}
	r := ev.eval(x.RHS, row)
	switch x.Op {
	case OpEq:
		return equal(l, r)
	case OpNe:
		return !equal(l, r)
	case OpLt, OpLe, OpGt, OpGe:
		return ordered(x.Op, l, r)
	}
	return arith(x.Op, l, r)
}

// equal is eq: null equals null only.
func equal(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	c, ok := compare(a, b)
	return ok && c == 0
}

// ordered is lt, le, gt and ge: false if either side is null.
func ordered(op Op, a, b any) bool {
	if a == nil || b == nil {
		return false
	}
	c, ok := compare(a, b)
	switch op {
	case OpLt:
		return ok && c < 0
	case OpLe:
		return ok && c <= 0
	case OpGt:
		return ok && c > 0
	}
	return ok && c >= 0
}

func (ev evaluator) call(x *CallExpr, row Row) any {
	if x.Func == "now" {
		return ev.now
	}
	args := make([]any, len(x.Args))
	for i, a := range x.Args {
		if args[i] = ev.eval(a, row); args[i] == nil {
			return nil
		}
	}
	return functions[x.Func].eval(args)
}

// arith computes add, sub, mul, div and mod. Division by zero is null,
// as in SQLite. Integer overflow wraps (the databases differ here: SQLite
// switches to floating point, PostgreSQL fails the query).
func arith(op Op, a, b any) any {
	switch a := a.(type) {
	case int64:
		if b, ok := b.(int64); ok {
			return intArith(op, a, b)
		}
		if b, ok := b.(float64); ok {
			return floatArith(op, float64(a), b)
		}
	case float64:
		if b, ok := b.(int64); ok {
			return floatArith(op, a, float64(b))
		}
		if b, ok := b.(float64); ok {
			return floatArith(op, a, b)
		}
	case time.Time:
		return timeArith(op, a, b)
	case time.Duration:
		if b, ok := b.(time.Duration); ok && op == OpSub {
			return a - b
		} else if ok {
			return a + b
		}
	}
	return nil
}

func intArith(op Op, a, b int64) any {
	switch op {
	case OpAdd:
		return a + b
	case OpSub:
		return a - b
	case OpMul:
		return a * b
	}
	if b == 0 {
		return nil
	}
	if op == OpDiv {
		return a / b // truncates toward zero, as SQL does
	}
	return a % b
}

func floatArith(op Op, a, b float64) any {
	switch op {
	case OpAdd:
		return a + b
	case OpSub:
		return a - b
	case OpMul:
		return a * b
	}
	if b == 0 {
		return nil
	}
	if op == OpDiv {
		return a / b
	}
	return math.Mod(a, b)
}

func timeArith(op Op, a time.Time, b any) any {
	switch b := b.(type) {
	case time.Duration:
		if op == OpSub {
			return a.Add(-b)
		}
		return a.Add(b)
	case time.Time:
		return a.Sub(b)
	}
	return nil
}
