package odata

import (
	"strconv"
	"strings"
)

// The $search grammar (OData ABNF, plus NOT before a group):
//
//	or   = and { "OR" and }
//	and  = not { ["AND"] not }      ; adjacent terms are joined by AND
//	not  = "NOT" not / "(" or ")" / word / phrase
//
// A word is a run of characters other than space, parentheses and double
// quotes; AND, OR and NOT (upper case) are operators, not words. In a
// phrase, \" stands for a quote and \\ for a backslash.

type searchToken struct {
	pos    int
	text   string // "(" , ")", a word or an operator; the content of a phrase
	phrase bool
	eof    bool
}

type searchParser struct {
	src    string
	pos    int
	tok    searchToken
	depth  int
	tokens int
}

func parseSearch(src string) (SearchExpr, error) {
	p := &searchParser{src: src}
	if err := p.next(); err != nil {
		return nil, err
	}
	x, err := p.or()
	if err == nil && !p.tok.eof {
		err = p.unexpected("AND, OR or the end")
	}
	return x, err
}

func (p *searchParser) unexpected(want string) error {
	found := "end of input"
	if !p.tok.eof {
		found = `"` + p.tok.text + `"`
	}
	return errorf("$search", p.tok.pos, "expected %s, found %s", want, found)
}

// is reports whether the current token is the operator or parenthesis s.
func (p *searchParser) is(s string) bool { return !p.tok.eof && !p.tok.phrase && p.tok.text == s }

func (p *searchParser) or() (SearchExpr, error) {
	x, err := p.and()
	for err == nil && p.is("OR") {
		var y SearchExpr
		if err = p.next(); err == nil {
			y, err = p.and()
			x = &SearchBinary{Op: "OR", LHS: x, RHS: y}
		}
	}
	return x, err
}

func (p *searchParser) and() (SearchExpr, error) {
	x, err := p.not()
	for err == nil && !p.tok.eof && !p.is("OR") && !p.is(")") {
		if p.is("AND") {
			if err = p.next(); err != nil {
				break
			}
		}
		var y SearchExpr
		y, err = p.not()
		x = &SearchBinary{Op: "AND", LHS: x, RHS: y}
	}
	return x, err
}

func (p *searchParser) not() (SearchExpr, error) {
	t := p.tok
	if p.is("AND") || p.is("OR") || p.is(")") || t.eof {
		return nil, p.unexpected("a search term")
	}
	if err := p.next(); err != nil {
		return nil, err
	}
	if t.phrase || t.text != "NOT" && t.text != "(" {
		return &SearchTerm{Text: t.text, Phrase: t.phrase}, nil
	}
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, errorf("$search", t.pos, "search nested more than %d levels deep", maxDepth)
	}
	if t.text == "NOT" {
		x, err := p.not()
		return &SearchNot{X: x}, err
	}
	x, err := p.or()
	if err == nil && !p.is(")") {
		err = p.unexpected("')' to close the '(' at " + strconv.Itoa(t.pos))
	}
	if err == nil {
		err = p.next()
	}
	return x, err
}

// next reads the next token into p.tok.
func (p *searchParser) next() error {
	for p.pos < len(p.src) && strings.IndexByte(" \t\r\n", p.src[p.pos]) >= 0 {
		p.pos++
	}
	start := p.pos
	if p.tokens++; p.tokens > maxTokens {
		return errorf("$search", start, "the search is too long: more than %d tokens", maxTokens)
	}
	switch {
	case start == len(p.src):
		p.tok = searchToken{pos: start, eof: true}
	case p.src[start] == '(' || p.src[start] == ')':
		p.pos++
		p.tok = searchToken{pos: start, text: p.src[start:p.pos]}
	case p.src[start] == '"':
		return p.phrase()
	default:
		end := start + strings.IndexAny(p.src[start:]+" ", " \t\r\n()\"")
		p.pos = end
		p.tok = searchToken{pos: start, text: p.src[start:end]}
	}
	return nil
}

func (p *searchParser) phrase() error {
	start := p.pos
	var b strings.Builder
	for i := start + 1; i < len(p.src); i++ {
		c := p.src[i]
		switch {
		case c == '\\' && i+1 < len(p.src) && (p.src[i+1] == '"' || p.src[i+1] == '\\'):
			i++
			b.WriteByte(p.src[i])
		case c == '"' && b.Len() == 0:
			return errorf("$search", start, "empty phrase: expected text between the double quotes")
		case c == '"':
			p.pos = i + 1
			p.tok = searchToken{pos: start, text: b.String(), phrase: true}
			return nil
		default:
			b.WriteByte(c)
		}
	}
	return errorf("$search", start, `unterminated phrase: expected a closing " (write \" for a quote inside)`)
}
