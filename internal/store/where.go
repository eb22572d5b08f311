package store

import (
	"strconv"
	"strings"
)

// where collects the conditions and arguments of a query. Conditions are
// written with ? and numbered $1, $2, ... as they are added, which both
// databases accept.
type where struct {
	conds []string
	args  []any
}

func newWhere(args ...any) *where { return &where{args: args} }

// add appends a condition; each ? in it takes the next of args.
func (w *where) add(cond string, args ...any) {
	var b strings.Builder
	for _, c := range cond {
		if c == '?' {
			w.args = append(w.args, args[0])
			args = args[1:]
			b.WriteString("$" + strconv.Itoa(len(w.args)))
			continue
		}
		b.WriteRune(c)
	}
	w.conds = append(w.conds, b.String())
}

// in appends "column IN (...)" for values; an empty list matches nothing.
func (w *where) in(column string, values []string) {
	if len(values) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", ")
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	w.add(column+" IN ("+marks+")", args...)
}

// arg adds an argument without a condition and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

func (w *where) String() string { return strings.Join(w.conds, " AND ") }
