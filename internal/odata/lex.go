package odata

import (
	"strconv"
	"strings"
)

type tokenKind int

const (
	tokEOF     tokenKind = iota
	tokIdent             // names: properties, functions, operators
	tokLiteral           // any constant; lit holds it
	tokLParen
	tokRParen
	tokComma
	tokMinus
)

type token struct {
	kind tokenKind
	pos  int
	text string
	lit  *Literal
}

// describe names the token for "expected ..., found ..." messages.
func (t token) describe() string {
	if t.kind == tokEOF {
		return "end of input"
	}
	return strconv.Quote(t.text)
}

// lexer splits a $filter into tokens. Literals are recognised by their
// shape, as the ABNF does: 2025-05-01 is a date, 08:00 a time of day,
// 8-4-4-4-12 hex digits a GUID.
type lexer struct {
	src string
	pos int
}

// maxTokens bounds the size of a $filter or $search. Real ones have tens
// of tokens; the bound keeps every later step (printing, SQL) cheap for
// hostile ones.
const maxTokens = 4096

func lexFilter(src string) ([]token, error) {
	l := &lexer{src: src}
	var toks []token
	for {
		t, err := l.next()
		if err != nil {
			return nil, err
		}
		if len(toks) == maxTokens {
			return nil, errorf("$filter", t.pos, "the filter is too long: more than %d tokens", maxTokens)
		}
		toks = append(toks, t)
		if t.kind == tokEOF {
			return toks, nil
		}
	}
}

func (l *lexer) next() (token, error) {
	for l.pos < len(l.src) && strings.IndexByte(" \t\r\n", l.src[l.pos]) >= 0 {
		l.pos++
	}
	start := l.pos
	if start == len(l.src) {
		return token{kind: tokEOF, pos: start}, nil
	}
	c := l.src[start]
	if kind, ok := punctuation[c]; ok {
		l.pos++
		return token{kind: kind, pos: start, text: string(c)}, nil
	}
	switch {
	case c == '\'':
		return l.string()
	case c == '/':
		return token{}, errorf("$filter", start, "navigation with / is not supported: no entity here has navigation properties")
	case isWordChar(c) && isGUID(l.peekWord(36)):
		return l.literal(start+36, Guid, strings.ToLower(l.src[start:start+36]))
	case isDigit(c):
		return l.number()
	case isWordChar(c):
		return l.word()
	}
	return token{}, errorf("$filter", start, "unexpected character %q", l.rest(1))
}

var punctuation = map[byte]tokenKind{'(': tokLParen, ')': tokRParen, ',': tokComma, '-': tokMinus}

func isWordChar(c byte) bool {
	return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'z' || c == '_'
}

// peekWord returns the next n bytes if a word ends after them.
func (l *lexer) peekWord(n int) string {
	end := l.pos + n
	if end > len(l.src) || end < len(l.src) && isWordChar(l.src[end]) {
		return ""
	}
	return l.src[l.pos:end]
}

// rest returns up to n characters from the current position, for messages.
func (l *lexer) rest(n int) string {
	r := []rune(l.src[l.pos:])
	return string(r[:min(n, len(r))])
}

// literal makes a literal token of src[l.pos:end] and moves past it.
func (l *lexer) literal(end int, t Type, v any) (token, error) {
	start := l.pos
	l.pos = end
	lit := &Literal{node: node{pos: start}, Type: t, Value: v}
	return token{kind: tokLiteral, pos: start, text: l.src[start:end], lit: lit}, nil
}

// string reads '...', in which a doubled quote stands for one.
func (l *lexer) string() (token, error) {
	start := l.pos
	var b strings.Builder
	for i := start + 1; i < len(l.src); i++ {
		if l.src[i] != '\'' {
			b.WriteByte(l.src[i])
			continue
		}
		if i+1 < len(l.src) && l.src[i+1] == '\'' {
			b.WriteByte('\'')
			i++
			continue
		}
		return l.literal(i+1, String, b.String())
	}
	return token{}, errorf("$filter", start, "unterminated string: expected a closing ' (write '' for a quote inside)")
}

// word reads a name, or one of the literals spelled with letters.
func (l *lexer) word() (token, error) {
	start := l.pos
	end := l.span(start, isWordChar)
	switch w := l.src[start:end]; w {
	case "true", "false":
		return l.literal(end, Bool, w == "true")
	case "null":
		return l.literal(end, Null, nil)
	case "duration":
		if end < len(l.src) && l.src[end] == '\'' {
			return l.duration(end)
		}
	}
	l.pos = end
	return token{kind: tokIdent, pos: start, text: l.src[start:end]}, nil
}

// duration reads the quoted part of duration'PT1H'.
func (l *lexer) duration(quote int) (token, error) {
	end := strings.IndexByte(l.src[quote+1:], '\'')
	if end < 0 {
		return token{}, errorf("$filter", l.pos, "unterminated duration: expected a closing '")
	}
	end += quote + 1
	d, ok := parseDuration(l.src[quote+1 : end])
	if !ok {
		return token{}, errorf("$filter", l.pos, "malformed duration %q: expected ISO 8601 such as duration'PT1H30M' or duration'P1DT2.5S'", l.src[quote+1:end])
	}
	return l.literal(end+1, Duration, d)
}

// span returns the end of the run of bytes from i that satisfy ok.
func (l *lexer) span(i int, ok func(byte) bool) int {
	for i < len(l.src) && ok(l.src[i]) {
		i++
	}
	return i
}
