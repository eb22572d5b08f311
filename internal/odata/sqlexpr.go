package odata

import "strings"

// Comparisons in SQL must give OData's answers, which are never null: a
// comparison with null is false, except that eq and ne treat null as a
// value. SQL's "x > 5" is NULL for a NULL x, which a NOT around it would
// keep NULL where OData's would be true. So each comparison with an
// operand that may be null is made two-valued, in forms that still let an
// index serve "x = $1":
//
//	x eq null                x IS NULL
//	x eq y, x nullable       (x = y AND x IS NOT NULL)
//	x ne y, x nullable       (x <> y OR x IS NULL)
//	x lt y, x nullable       (x < y AND x IS NOT NULL)
//	x eq y, both nullable    x IS y (SQLite), x IS NOT DISTINCT FROM y
//	x lt null                FALSE

func (b *builder) compare(op Op, l, r Expr) string {
	lNull, rNull := b.isNull(l), b.isNull(r)
	if lNull || rNull {
		other := l
		if lNull {
			other = r
		}
		switch op {
		case OpEq:
			return "(" + b.expr(other) + " IS NULL)"
		case OpNe:
			return "(" + b.expr(other) + " IS NOT NULL)"
		}
		return "FALSE"
	}
	instant := l.base().typ == DateTimeOffset || r.base().typ == DateTimeOffset
	ls, rs := b.operand(l, instant), b.operand(r, instant)
	ln, rn := l.base().nullable && !l.base().constant, r.base().nullable && !r.base().constant
	if ln && rn && (op == OpEq || op == OpNe) {
		return "(" + b.d.nullSafe(op, ls, rs) + ")"
	}
	if op != OpEq && op != OpNe && !instant && l.base().typ.heldAsText() {
		rs += b.d.collate()
	}
	cond := []string{ls + " " + sqlOps[op] + " " + rs}
	for _, side := range []struct {
		nullable bool
		sql      string
	}{{ln, ls}, {rn, rs}} {
		switch {
		case side.nullable && op == OpNe:
			cond = append(cond, side.sql+" IS NULL")
		case side.nullable:
			cond = append(cond, side.sql+" IS NOT NULL")
		}
	}
	if op == OpNe {
		return "(" + strings.Join(cond, " OR ") + ")"
	}
	return "(" + strings.Join(cond, " AND ") + ")"
}

// isNull reports whether x is null for every row: of type Null (an
// operation on null), or a constant that computes to null.
func (b *builder) isNull(x Expr) bool {
	return x.base().typ == Null || x.base().constant && b.ev.eval(x, nil) == nil
}

// operand compiles a comparison operand. When the other side is a
// DateTimeOffset, a Date becomes milliseconds of its midnight UTC.
func (b *builder) operand(x Expr, instant bool) string {
	if !instant || x.base().typ != Date {
		return b.expr(x)
	}
	if x.base().constant {
		return b.param(DateTimeOffset, b.ev.eval(x, nil))
	}
	return b.d.dateToMs(b.expr(x))
}

// in compiles "x in (...)" as "x IN (constants...)" where it can (an index
// serves it), or-ed with an eq comparison for each other item.
func (b *builder) in(x *InExpr) string {
	instant := x.X.base().typ == DateTimeOffset
	for _, item := range x.List {
		instant = instant || item.base().typ == DateTimeOffset
	}
	var consts, parts []string
	for _, item := range x.List {
		if item.base().constant && !b.isNull(item) {
			consts = append(consts, b.operand(item, instant))
		} else {
			parts = append(parts, b.compare(OpEq, x.X, item))
		}
	}
	if len(consts) > 0 {
		xs := b.operand(x.X, instant)
		in := xs + " IN (" + strings.Join(consts, ", ") + ")"
		if x.X.base().nullable && !x.X.base().constant {
			in = "(" + in + " AND " + xs + " IS NOT NULL)"
		}
		parts = append(parts, in)
	}
	return "(" + strings.Join(parts, " OR ") + ")"
}

// call compiles a function call. Every function is null when an argument
// is, in SQL as in OData, so a call with an argument that is always null
// is NULL; that also spares PostgreSQL from typing a bare NULL.
func (b *builder) call(x *CallExpr) string {
	a := make([]string, len(x.Args))
	for i, arg := range x.Args {
		if b.isNull(arg) {
			return "NULL"
		}
		a[i] = b.expr(arg)
	}
	d := b.d
	switch x.Func {
	case "contains":
		return "(" + d.index(a[0], a[1]) + " > 0)"
	case "indexof":
		return "(" + d.index(a[0], a[1]) + " - 1)"
	case "startswith":
		// substr, not LIKE: LIKE would read % and _ in the value as
		// wildcards, and SQLite's LIKE ignores case.
		return "(substr(" + a[0] + ", 1, length(" + a[1] + ")) = " + a[1] + ")"
	case "endswith":
		return "(length(" + a[1] + ") <= length(" + a[0] + ") AND substr(" + a[0] +
			", length(" + a[0] + ") - length(" + a[1] + ") + 1) = " + a[1] + ")"
	case "concat":
		return "(" + a[0] + " || " + a[1] + ")"
	case "tolower", "toupper", "trim", "length":
		return sqlFuncNames[x.Func] + "(" + a[0] + ")"
	case "substring":
		// OData counts from 0 and clamps; substr counts from 1 and reads a
		// start below 1 or a negative length differently.
		s := "substr(" + a[0] + ", " + d.clamp(a[1], 2147483646) + " + 1"
		if len(a) == 3 {
			s += ", " + d.clamp(a[2], 2147483647)
		}
		return s + ")"
	case "date", "time":
		return d.format(x.Func, a[0])
	}
	return d.datePart(x.Func, a[0], x.Args[0].base().typ)
}

var sqlFuncNames = map[string]string{"tolower": "lower", "toupper": "upper", "trim": "trim", "length": "length"}
