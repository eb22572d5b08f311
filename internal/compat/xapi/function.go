package xapi

import (
	"net/url"
	"strings"
)

// function is a parsed function segment, Pbx.Name(param=literal,...), read
// from the escaped path: clients percent-encode what would be ambiguous
// inside a literal (":", "/", ",", "=") but leave the quotes and the
// parentheses of the syntax as they are.
type function struct {
	name   string             // e.g. "Pbx.GetUserActivity"
	params map[string]literal // by parameter name
}

// literal is one parameter value as written: quoted strings already
// unquoted, percent-escapes already decoded.
type literal struct {
	text   string
	quoted bool // a string literal: '...'
}

// parseFunction reads "Pbx.Name(a=1,b='x')" in its escaped form.
func parseFunction(segment string) (function, error) {
	open := strings.IndexByte(segment, '(')
	if open < 0 || !strings.HasSuffix(segment, ")") {
		return function{}, badRequest("", "%s is not a function call: expected Pbx.Name(parameter=value,...)", unescape(segment))
	}
	f := function{name: unescape(segment[:open]), params: map[string]literal{}}
	args := segment[open+1 : len(segment)-1]
	for pos := 0; pos < len(args); {
		name, lit, next, err := parseParam(args, pos)
		if err != nil {
			return f, err
		}
		if _, dup := f.params[name]; dup {
			return f, badRequest(name, "parameter %s is given twice", name)
		}
		f.params[name] = lit
		pos = next
	}
	return f, nil
}

// parseParam reads "name=literal" at pos and returns the position after it
// and its comma.
func parseParam(args string, pos int) (string, literal, int, error) {
	eq := strings.IndexByte(args[pos:], '=')
	if eq < 0 {
		return "", literal{}, 0, badRequest("", "parameter %q has no value: write name=value", unescape(args[pos:]))
	}
	name := unescape(strings.TrimSpace(args[pos : pos+eq]))
	pos += eq + 1
	lit, next, err := parseLiteral(args, pos, name)
	if err != nil {
		return "", literal{}, 0, err
	}
	switch {
	case next == len(args):
	case args[next] == ',':
		next++
		if next == len(args) {
			return "", literal{}, 0, badRequest(name, "a parameter is missing after the last comma")
		}
	default:
		return "", literal{}, 0, badRequest(name, "parameter %s: unexpected %q after its value", name, args[next:next+1])
	}
	return name, lit, next, nil
}

// parseLiteral reads a quoted string ('it”s') or a bare literal up to the
// next comma.
func parseLiteral(args string, pos int, name string) (literal, int, error) {
	if pos < len(args) && args[pos] == '\'' {
		return parseQuoted(args, pos, name)
	}
	end := strings.IndexByte(args[pos:], ',')
	if end < 0 {
		end = len(args) - pos
	}
	raw := strings.TrimSpace(args[pos : pos+end])
	if raw == "" {
		return literal{}, 0, badRequest(name, "parameter %s has an empty value: write '' for an empty string", name)
	}
	if strings.ContainsAny(raw, " =()'") {
		return literal{}, 0, badRequest(name, "parameter %s: %q is not a value; strings go in single quotes", name, unescape(raw))
	}
	text := unescape(raw)
	return literal{text: text}, pos + end, nil
}

func parseQuoted(args string, pos int, name string) (literal, int, error) {
	var b strings.Builder
	for i := pos + 1; i < len(args); i++ {
		if args[i] != '\'' {
			b.WriteByte(args[i])
			continue
		}
		if i+1 < len(args) && args[i+1] == '\'' { // '' is a quote inside the string
			b.WriteByte('\'')
			i++
			continue
		}
		return literal{text: unescape(b.String()), quoted: true}, i + 1, nil
	}
	return literal{}, 0, badRequest(name, "parameter %s: the string is not closed with '", name)
}

// unescape decodes percent-escapes; an invalid escape is kept as written,
// so that the error that follows shows what the client sent.
func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}
