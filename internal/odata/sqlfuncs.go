package odata

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
		return map[string]string{"tolower": "lower", "toupper": "upper", "trim": "trim", "length": "length"}[x.Func] + "(" + a[0] + ")"
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
