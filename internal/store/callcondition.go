package store

import (
	"fmt"
	"strings"

	"agentlog/internal/activity"
)

// addCondition appends one condition. Its field and operator come from the
// fixed sets above; its values only ever become arguments.
func (db *DB) addCondition(w *where, c CallCondition) error {
	f, ok := lookupField(c.Field)
	if !ok {
		return fmt.Errorf("store: calls have no field %q", c.Field)
	}
	if want := operandCount(c.Op); want >= 0 && len(c.Values) != want {
		return fmt.Errorf("store: %s takes %d values, not %d", c.Op, want, len(c.Values))
	}
	col := "e." + f.column
	switch c.Op {
	case OpEqual, OpNotEqual, OpGreater, OpGreaterEqual, OpLess, OpLessEqual:
		w.add(col+" "+string(c.Op)+" ?", c.Values[0])
	case OpEqualOrNull, OpGreaterOrNull, OpLessOrNull:
		op, _ := strings.CutSuffix(string(c.Op), " or null")
		w.add("("+col+" "+op+" ? OR "+col+" IS NULL)", c.Values[0])
	case OpBetween:
		w.add(col+" BETWEEN ? AND ?", c.Values[0], c.Values[1])
	case OpIn, OpNotIn:
		addIn(w, col, c)
	case OpContains, OpNotContains, OpStartsWith, OpEndsWith:
		w.add(db.likeCondition(col, c.Op), likePattern(c.Op, fmt.Sprint(c.Values[0])))
	case OpIsNull:
		w.add(col + " IS NULL")
	case OpNotNull:
		w.add(col + " IS NOT NULL")
	case OpJSONKeyEquals:
		if strings.ContainsAny(c.Key, `"\`) || c.Key == "" {
			return activity.Errorf(activity.EInvalid, "the key %q cannot be looked up: keys are 1 or more characters without \" or \\", c.Key)
		}
		db.addJSONKeyEquals(w, col, c)
	default:
		return fmt.Errorf("store: unknown operator %q", c.Op)
	}
	return nil
}

// operandCount is how many values an operator takes; -1 for any number.
func operandCount(op Op) int {
	switch op {
	case OpIn, OpNotIn:
		return -1
	case OpIsNull, OpNotNull:
		return 0
	case OpBetween:
		return 2
	}
	return 1
}

func addIn(w *where, col string, c CallCondition) {
	if len(c.Values) == 0 {
		if c.Op == OpIn {
			w.add("1 = 0") // in nothing: no call
		}
		return
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(c.Values)), ", ")
	not := ""
	if c.Op == OpNotIn {
		not = "NOT "
	}
	w.add(col+" "+not+"IN ("+marks+")", c.Values...)
}

// likeCondition matches text without regard to case: ILIKE on PostgreSQL;
// on SQLite LIKE, which ignores the case of ASCII letters only.
func (db *DB) likeCondition(col string, op Op) string {
	like := "LIKE"
	if db.dialect == postgresDialect {
		like = "ILIKE"
	}
	if op == OpNotContains {
		like = "NOT " + like
	}
	return col + " " + like + ` ? ESCAPE '\'`
}

// likePattern escapes the LIKE wildcards of s, so that % and _ match
// themselves, and places s where op wants it.
func likePattern(op Op, s string) string {
	s = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
	switch op {
	case OpStartsWith:
		return s + "%"
	case OpEndsWith:
		return "%" + s
	}
	return "%" + s + "%"
}

// addJSONKeyEquals compares the JSON value under a key of a JSON object
// column with a value given as JSON text: as jsonb on PostgreSQL, as
// minified JSON text on SQLite.
func (db *DB) addJSONKeyEquals(w *where, col string, c CallCondition) {
	if db.dialect == postgresDialect {
		w.add("("+col+" -> ?::text) = ?::jsonb", c.Key, c.Values[0])
		return
	}
	path := `$."` + c.Key + `"` // a key holding " or \ is refused above
	w.add("("+col+" -> ?) = json(?)", path, c.Values[0])
}
