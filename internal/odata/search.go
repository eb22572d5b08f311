package odata

import "strings"

// SearchExpr is a parsed $search: a *SearchTerm, *SearchNot or
// *SearchBinary. String writes it back canonically: explicit AND, and
// parentheses only where precedence (NOT over AND over OR) needs them.
type SearchExpr interface {
	String() string
	// match reports whether the expression holds for a row, given the
	// lower-cased text forms of the row's properties.
	match(texts []string) bool
	precedence() int
}

// SearchTerm is a word, or a phrase in double quotes. It matches a row
// when some property's text form contains it, ignoring case.
type SearchTerm struct {
	Text   string
	Phrase bool
}

// SearchNot is "NOT X".
type SearchNot struct{ X SearchExpr }

// SearchBinary is "LHS AND RHS" or "LHS OR RHS"; Op is "AND" or "OR".
type SearchBinary struct {
	Op       string
	LHS, RHS SearchExpr
}

func (t *SearchTerm) match(texts []string) bool {
	needle := strings.ToLower(t.Text)
	for _, s := range texts {
		if strings.Contains(s, needle) {
			return true
		}
	}
	return false
}

func (n *SearchNot) match(texts []string) bool { return !n.X.match(texts) }

func (b *SearchBinary) match(texts []string) bool {
	if b.Op == "OR" {
		return b.LHS.match(texts) || b.RHS.match(texts)
	}
	return b.LHS.match(texts) && b.RHS.match(texts)
}

func (t *SearchTerm) precedence() int { return precPrimary }
func (n *SearchNot) precedence() int  { return precNot }
func (b *SearchBinary) precedence() int {
	if b.Op == "OR" {
		return precOr
	}
	return precAnd
}

// phraseEscaper writes a phrase's backslashes and quotes as \\ and \".
var phraseEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`)

func (t *SearchTerm) String() string {
	if t.Phrase {
		return `"` + phraseEscaper.Replace(t.Text) + `"`
	}
	return t.Text
}

func (n *SearchNot) String() string { return "NOT " + searchOperand(n.X, precNot, false) }

func (b *SearchBinary) String() string {
	p := b.precedence()
	return searchOperand(b.LHS, p, false) + " " + b.Op + " " + searchOperand(b.RHS, p, true)
}

func searchOperand(x SearchExpr, parent int, right bool) string {
	if p := x.precedence(); p < parent || p == parent && right {
		return "(" + x.String() + ")"
	}
	return x.String()
}

// rowTexts returns the lower-cased text forms of a row's properties: of
// those e declares, or of all keys without an entity.
func rowTexts(e *Entity, row Row) []string {
	var texts []string
	add := func(t Type, v any) {
		if s := textForm(t, v); s != "" {
			texts = append(texts, strings.ToLower(s))
		}
	}
	if e == nil {
		for _, v := range row {
			add(0, v)
		}
		return texts
	}
	for _, p := range e.Properties {
		add(p.Type, normalize(p.Type, row[p.Name]))
	}
	return texts
}
