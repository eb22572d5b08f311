package odata

// Expr is a node of a $filter expression: a *Literal, *PropertyRef,
// *UnaryExpr, *BinaryExpr, *InExpr or *CallExpr. String writes it back in
// canonical $filter syntax (see printer.go).
type Expr interface {
	String() string
	base() *node
}

// node holds what every expression has besides its syntax.
type node struct {
	pos      int  // byte offset that errors about the node point at
	typ      Type // the checked type
	nullable bool // whether the checked expression may evaluate to null
	constant bool // whether it refers to no property, so has one value for all rows
}

func (n *node) base() *node { return n }

// Op is an operator of $filter, spelled as OData spells it.
type Op string

// The operators. OpNeg is the unary minus.
const (
	OpOr  Op = "or"
	OpAnd Op = "and"
	OpNot Op = "not"
	OpEq  Op = "eq"
	OpNe  Op = "ne"
	OpIn  Op = "in"
	OpLt  Op = "lt"
	OpLe  Op = "le"
	OpGt  Op = "gt"
	OpGe  Op = "ge"
	OpAdd Op = "add"
	OpSub Op = "sub"
	OpMul Op = "mul"
	OpDiv Op = "div"
	OpMod Op = "mod"
	OpNeg Op = "-"
)

// Literal is a constant: Value is nil (null), string (String and Guid),
// int64, float64, bool, time.Time (DateTimeOffset and Date) or
// time.Duration (Duration and TimeOfDay).
type Literal struct {
	node
	Type  Type
	Value any
}

// PropertyRef names a property of the entity.
type PropertyRef struct {
	node
	Name string
}

// UnaryExpr is "not X" or "-X".
type UnaryExpr struct {
	node
	Op Op
	X  Expr
}

// BinaryExpr is a logical, comparison or arithmetic operation.
type BinaryExpr struct {
	node
	Op       Op
	LHS, RHS Expr
}

// InExpr is "X in (List...)".
type InExpr struct {
	node
	X    Expr
	List []Expr
}

// CallExpr calls one of the built-in functions.
type CallExpr struct {
	node
	Func string
	Args []Expr
}

// Precedence levels, loosest first, after OData's operator precedence
// table, except that "not" binds looser than comparisons (so that
// "not Name eq 'x'" means "not (Name eq 'x')", as clients mean it) and
// "in" sits with eq and ne, where the ABNF puts it.
const (
	precOr = iota + 1
	precAnd
	precNot
	precEquality
	precRelational
	precAdditive
	precMultiplicative
	precNeg
	precPrimary
)

// binaryLevels lists the binary operators of each level, by level.
var binaryLevels = map[int][]Op{
	precOr:             {OpOr},
	precAnd:            {OpAnd},
	precEquality:       {OpEq, OpNe, OpIn},
	precRelational:     {OpLt, OpLe, OpGt, OpGe},
	precAdditive:       {OpAdd, OpSub},
	precMultiplicative: {OpMul, OpDiv, OpMod},
}

func opPrecedence(op Op) int {
	switch op {
	case OpNot:
		return precNot
	case OpNeg:
		return precNeg
	}
	for level, ops := range binaryLevels {
		for _, o := range ops {
			if o == op {
				return level
			}
		}
	}
	return precPrimary
}

func precedence(e Expr) int {
	switch e := e.(type) {
	case *BinaryExpr:
		return opPrecedence(e.Op)
	case *UnaryExpr:
		return opPrecedence(e.Op)
	case *InExpr:
		return precEquality
	}
	return precPrimary
}
