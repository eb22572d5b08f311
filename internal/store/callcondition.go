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
	mark := func(i int) string { return db.mark(c.Values[i]) }
	switch c.Op {
	case OpEqual, OpNotEqual, OpGreater, OpGreaterEqual, OpLess, OpLessEqual:
		w.add(col+" "+string(c.Op)+" "+mark(0), c.Values[0])
	case OpEqualOrNull, OpGreaterOrNull, OpLessOrNull:
		op, _ := strings.CutSuffix(string(c.Op), " or null")
		w.add("("+col+" "+op+" "+mark(0)+" OR "+col+" IS NULL)", c.Values[0])
	case OpBetween:
		w.add(col+" BETWEEN "+mark(0)+" AND "+mark(1), c.Values[0], c.Values[1])
	case OpIn, OpNotIn:
		db.addIn(w, col, c)
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
		value, err := activity.CanonicalJSON([]byte(fmt.Sprint(c.Values[0])))
		if err != nil {
			return activity.Errorf(activity.EInvalid, "the value for key %q is not JSON", c.Key)
		}
		db.addJSONKeyEquals(w, col, c.Key, string(value))
	default:
		return fmt.Errorf("store: unknown operator %q", c.Op)
	}
	return nil
}

// mark is the placeholder of a value. PostgreSQL types a parameter by the
// column it meets, and would round 5.5 to the integer 5 beside a BIGINT
// column: a fraction is marked as a double.
func (db *DB) mark(v any) string {
	if _, ok := v.(float64); ok && db.dialect == postgresDialect {
		return "?::float8"
	}
	return "?"
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

func (db *DB) addIn(w *where, col string, c CallCondition) {
	if len(c.Values) == 0 {
		if c.Op == OpIn {
			w.add("1 = 0") // in nothing: no call
		}
		return
	}
	marks := make([]string, len(c.Values))
	for i, v := range c.Values {
		marks[i] = db.mark(v)
	}
	not := ""
	if c.Op == OpNotIn {
		not = "NOT "
	}
	w.add(col+" "+not+"IN ("+strings.Join(marks, ", ")+")", c.Values...)
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
// column with a value given as JSON text: as jsonb on PostgreSQL; on SQLite
// as text, which works because callData is stored in canonical form
// (activity.CanonicalJSON: keys sorted, one spelling per string) and the
// value is put in the same form.
func (db *DB) addJSONKeyEquals(w *where, col, key, value string) {
	if db.dialect == postgresDialect {
		w.add("("+col+" -> ?::text) = ?::jsonb", key, value)
		return
	}
	path := `$."` + key + `"` // a key holding " or \ is refused above
	w.add("("+col+" -> ?) = ?", path, value)
}
