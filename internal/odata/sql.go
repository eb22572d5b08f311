package odata

import (
	"fmt"
	"strings"
	"time"
)

// Columns maps property names to SQL column expressions. They come from
// code, never from a request, and are written into the SQL as they are.
//
// Each type has one column representation, which the builder converts
// literals to: String as text; Int as an integer; Decimal as REAL or
// double precision; Bool as SQLite's 0/1 or boolean; DateTimeOffset and
// Duration as integer milliseconds (a *_ms BIGINT column, the instant in
// UTC); Date as 'yyyy-mm-dd' text; TimeOfDay as 'hh:mm:ss.fff' text; Guid
// as lower-case text. Text columns must sort in byte order (SQLite's
// default BINARY; PostgreSQL gets COLLATE "C" on ordering comparisons).
type Columns map[string]string

// SQL compiles $filter and $orderby for a table whose columns cols maps,
// so that a large entity set is filtered, counted and sorted by the
// database: where is a parenthesised condition ("" without $filter),
// orderBy a list for ORDER BY ("" without $orderby; append a unique key
// for stable pages), args the values of placeholders $firstArg, ... —
// values from the request never become SQL text. $top and $skip are the
// caller's LIMIT and OFFSET; $select is the caller's column list.
//
// The results are those of Apply (the test corpus runs both), with these
// limits: date functions read columns in UTC (Apply reads a time.Time in
// its own offset); times are compared to the millisecond; SQLite's lower()
// and upper() change ASCII letters only. $search is not compiled: it gives
// an *Error, and a caller that can afford it filters in memory instead.
//
// A property without a column is an error (not an *Error: it is a bug).
func (o *Options) SQL(cols Columns, d Dialect, firstArg int) (where, orderBy string, args []any, err error) {
	if o.Search != nil {
		return "", "", nil, errorf("$search", -1, "$search is not supported on this entity set")
	}
	b := &builder{cols: cols, d: d, first: firstArg, ev: evaluator{now: o.now()}}
	if o.Filter != nil {
		where = b.expr(o.Filter)
	}
	orderBy = b.orderBy(o.OrderBy)
	return where, orderBy, b.args, b.err
}

type builder struct {
	cols  Columns
	d     Dialect
	first int
	args  []any
	ev    evaluator // computes constant subexpressions
	err   error
}

// expr compiles x. Constant subexpressions are computed here, by the same
// code as Apply, and sent as one argument: then literals mean the same in
// both paths (a DateTimeOffset keeps its offset for year(), tolower() folds
// all of Unicode), and null constants become IS NULL tests.
func (b *builder) expr(x Expr) string {
	if x.base().typ == Null {
		return "NULL"
	}
	if x.base().constant {
		return b.constant(x)
	}
	switch x := x.(type) {
	case *PropertyRef:
		return b.column(x.Name)
	case *UnaryExpr:
		if x.Op == OpNot {
			return "(NOT " + b.expr(x.X) + ")"
		}
		return "(-(" + b.expr(x.X) + "))" // never "--", which starts an SQL comment
	case *BinaryExpr:
		return b.binary(x)
	case *InExpr:
		return b.in(x)
	case *CallExpr:
		return b.call(x)
	}
	return "NULL"
}

func (b *builder) constant(x Expr) string {
	v := b.ev.eval(x, nil)
	if v == nil {
		return "NULL"
	}
	return b.param(x.base().typ, v)
}

func (b *builder) param(t Type, v any) string {
	b.args = append(b.args, sqlValue(t, v))
	return b.d.placeholder(b.first+len(b.args)-1, t)
}

// sqlValue converts a value of type t to its column representation.
func sqlValue(t Type, v any) any {
	switch t {
	case DateTimeOffset:
		return v.(time.Time).UnixMilli()
	case Date:
		return v.(time.Time).Format(dateLayout)
	case Duration:
		return v.(time.Duration).Milliseconds()
	case TimeOfDay:
		d := v.(time.Duration)
		return fmt.Sprintf("%s.%03d", formatTimeOfDay(d.Truncate(time.Second)), d%time.Second/time.Millisecond)
	}
	return v
}

func (b *builder) column(name string) string {
	col, ok := b.cols[name]
	if !ok && b.err == nil {
		b.err = fmt.Errorf("odata: no column for property %q", name)
	}
	return col
}

func (b *builder) binary(x *BinaryExpr) string {
	switch opPrecedence(x.Op) {
	case precOr, precAnd:
		return "(" + b.expr(x.LHS) + " " + strings.ToUpper(string(x.Op)) + " " + b.expr(x.RHS) + ")"
	case precEquality, precRelational:
		return b.compare(x.Op, x.LHS, x.RHS)
	}
	l, r := b.expr(x.LHS), b.expr(x.RHS)
	if mayDivideByZero(x) {
		r = "NULLIF(" + r + ", 0)"
	}
	return "(" + l + " " + sqlOps[x.Op] + " " + r + ")"
}

var sqlOps = map[Op]string{
	OpEq: "=", OpNe: "<>", OpLt: "<", OpLe: "<=", OpGt: ">", OpGe: ">=",
	OpAdd: "+", OpSub: "-", OpMul: "*", OpDiv: "/", OpMod: "%",
}

func (b *builder) orderBy(keys []OrderItem) string {
	var list []string
	for _, k := range keys {
		col := b.column(k.Property.Name)
		if k.Property.Type.heldAsText() {
			col += b.d.collate()
		}
		list = append(list, col+b.d.direction(k.Desc, k.Property.Nullable))
	}
	return strings.Join(list, ", ")
}
