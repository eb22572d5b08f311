package odata

import "strconv"

// The $filter grammar, by precedence climbing over the levels in ast.go:
//
//	expr    = level(or) ; each binary level: next-level { op next-level }
//	not     = "not" not / equality
//	equality adds: x "in" "(" expr { "," expr } ")"
//	unary   = "-" unary / primary      ; "-5" is one literal
//	primary = literal / property / name "(" [ expr { "," expr } ] ")" / "(" expr ")"

// maxDepth bounds the nesting of parentheses, calls and prefix operators,
// so that a hostile filter cannot exhaust the stack.
const maxDepth = 100

type parser struct {
	toks  []token
	i     int
	depth int
}

// parseFilter parses a $filter value into an unchecked tree.
func parseFilter(src string) (Expr, error) {
	toks, err := lexFilter(src)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	e, err := p.expr(precOr)
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.unexpected(t, "an operator or the end")
	}
	return e, nil
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) take() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

func (p *parser) unexpected(t token, want string) error {
	return errorf("$filter", t.pos, "expected %s, found %s", want, t.describe())
}

// enter counts one more level of nesting; leave undoes it.
func (p *parser) enter(t token) error {
	p.depth++
	if p.depth > maxDepth {
		return errorf("$filter", t.pos, "expression nested more than %d levels deep", maxDepth)
	}
	return nil
}

func (p *parser) leave() { p.depth-- }

// expr parses the operators of level and everything that binds tighter.
func (p *parser) expr(level int) (Expr, error) {
	switch level {
	case precNot:
		return p.not()
	case precNeg:
		return p.unary()
	}
	lhs, err := p.expr(level + 1)
	for err == nil {
		t := p.peek()
		op, ok := binaryOp(t, level)
		if !ok {
			return lhs, nil
		}
		p.take()
		if op == OpIn {
			lhs, err = p.in(lhs, t)
			continue
		}
		var rhs Expr
		rhs, err = p.expr(level + 1)
		lhs = &BinaryExpr{node: node{pos: t.pos}, Op: op, LHS: lhs, RHS: rhs}
	}
	return nil, err
}

func binaryOp(t token, level int) (Op, bool) {
	if t.kind != tokIdent {
		return "", false
	}
	for _, op := range binaryLevels[level] {
		if string(op) == t.text {
			return op, true
		}
	}
	return "", false
}

func (p *parser) not() (Expr, error) {
	t := p.peek()
	if t.kind != tokIdent || t.text != string(OpNot) {
		return p.expr(precEquality)
	}
	p.take()
	if err := p.enter(t); err != nil {
		return nil, err
	}
	defer p.leave()
	x, err := p.not()
	if err != nil {
		return nil, err
	}
	return &UnaryExpr{node: node{pos: t.pos}, Op: OpNot, X: x}, nil
}

func (p *parser) unary() (Expr, error) {
	t := p.peek()
	if t.kind != tokMinus {
		return p.primary()
	}
	p.take()
	if n := p.peek(); n.kind == tokLiteral && n.pos == t.pos+1 && n.lit.Type.numeric() {
		p.take()
		typ, v, _ := numberLiteral("-" + n.text) // the magnitude parsed, so its negation does
		return &Literal{node: node{pos: t.pos}, Type: typ, Value: v}, nil
	}
	if err := p.enter(t); err != nil {
		return nil, err
	}
	defer p.leave()
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	return &UnaryExpr{node: node{pos: t.pos}, Op: OpNeg, X: x}, nil
}

func (p *parser) primary() (Expr, error) {
	t := p.take()
	switch t.kind {
	case tokLiteral:
		return t.lit, nil
	case tokLParen:
		return p.paren(t)
	case tokIdent:
		if p.peek().kind == tokLParen {
			p.take()
			args, err := p.list(t, true)
			return &CallExpr{node: node{pos: t.pos}, Func: t.text, Args: args}, err
		}
		if opPrecedence(Op(t.text)) != precPrimary {
			return nil, p.unexpected(t, "an expression (a property, literal or function call)")
		}
		return &PropertyRef{node: node{pos: t.pos}, Name: t.text}, nil
	}
	return nil, p.unexpected(t, "an expression (a property, literal or function call)")
}

func (p *parser) paren(open token) (Expr, error) {
	if err := p.enter(open); err != nil {
		return nil, err
	}
	defer p.leave()
	e, err := p.expr(precOr)
	if err != nil {
		return nil, err
	}
	if t := p.take(); t.kind != tokRParen {
		return nil, p.unexpected(t, "')' to close the '(' at "+strconv.Itoa(open.pos))
	}
	return e, nil
}

func (p *parser) in(x Expr, op token) (Expr, error) {
	if t := p.take(); t.kind != tokLParen {
		return nil, p.unexpected(t, "'(' after in")
	}
	list, err := p.list(op, false)
	if err != nil {
		return nil, err
	}
	return &InExpr{node: node{pos: op.pos}, X: x, List: list}, nil
}

// list parses "expr, expr)" after an opening parenthesis; a function's
// argument list may be empty, the list of "in" may not.
func (p *parser) list(owner token, mayBeEmpty bool) ([]Expr, error) {
	if err := p.enter(owner); err != nil {
		return nil, err
	}
	defer p.leave()
	if mayBeEmpty && p.peek().kind == tokRParen {
		p.take()
		return nil, nil
	}
	var list []Expr
	for {
		e, err := p.expr(precOr)
		if err != nil {
			return nil, err
		}
		list = append(list, e)
		switch t := p.take(); t.kind {
		case tokRParen:
			return list, nil
		case tokComma:
		default:
			return nil, p.unexpected(t, "',' or ')'")
		}
	}
}
