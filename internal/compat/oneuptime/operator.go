package oneuptime

import (
	"encoding/json"

	"agentlog/internal/store"
)

// opRule is what a _type means and where it applies.
type opRule struct {
	op    store.Op
	kinds []kind // the kinds of column it applies to
}

var (
	allScalars = []kind{kindID, kindText, kindPhone, kindDate, kindNumber}
	ordered    = []kind{kindText, kindPhone, kindDate, kindNumber}
	texts      = []kind{kindText, kindPhone}
)

// operators are the _types of OneUptime's query language.
var operators = map[string]opRule{
	"EqualTo":            {store.OpEqual, allScalars},
	"NotEqual":           {store.OpNotEqual, allScalars},
	"EqualToOrNull":      {store.OpEqualOrNull, allScalars},
	"GreaterThan":        {store.OpGreater, ordered},
	"GreaterThanOrEqual": {store.OpGreaterEqual, ordered},
	"LessThan":           {store.OpLess, ordered},
	"LessThanOrEqual":    {store.OpLessEqual, ordered},
	"GreaterThanOrNull":  {store.OpGreaterOrNull, ordered},
	"LessThanOrNull":     {store.OpLessOrNull, ordered},
	"InBetween":          {store.OpBetween, ordered},
	"Search":             {store.OpContains, texts},
	"StartsWith":         {store.OpStartsWith, texts},
	"EndsWith":           {store.OpEndsWith, texts},
	"NotContains":        {store.OpNotContains, texts},
	"Includes":           {store.OpIn, allScalars},
	"IncludesNone":       {store.OpNotIn, allScalars},
	"IsNull":             {store.OpIsNull, append(allScalars, kindJSON)},
	"NotNull":            {store.OpNotNull, append(allScalars, kindJSON)},
	"ObjectID":           {store.OpEqual, []kind{kindID}},
	"Phone":              {store.OpEqual, []kind{kindPhone}},
	"DateTime":           {store.OpEqual, []kind{kindDate}},
}

// typed reads {"_type": T, ...} on column c.
func typed(c column, o operator) (store.CallCondition, error) {
	rule, ok := operators[o.Type]
	if !ok {
		return store.CallCondition{}, badRequest("Invalid query on %s: _type %q is not known. Known are: %s", c.name, o.Type, operatorNames())
	}
	if !appliesTo(rule, c.kind) {
		return store.CallCondition{}, badRequest("Invalid query on %s: %s cannot be used on %s", c.name, o.Type, c.kind)
	}
	cond := store.CallCondition{Field: c.field, Op: rule.op}
	var err error
	switch rule.op {
	case store.OpIsNull, store.OpNotNull:
	case store.OpBetween:
		cond.Values, err = between(c, o)
	case store.OpIn, store.OpNotIn:
		cond.Values, err = scalarList(c, o.Value)
	case store.OpContains, store.OpNotContains, store.OpStartsWith, store.OpEndsWith:
		var s string
		s, err = textValue(c, o.Value)
		cond.Values = []any{s}
	default:
		var v any
		v, err = scalar(c, o.Value)
		cond.Values = []any{v}
	}
	return cond, err
}

func between(c column, o operator) ([]any, error) {
	start, err := scalar(c, o.StartValue)
	if err != nil {
		return nil, err
	}
	end, err := scalar(c, o.EndValue)
	return []any{start, end}, err
}

func appliesTo(rule opRule, k kind) bool {
	for _, allowed := range rule.kinds {
		if allowed == k {
			return true
		}
	}
	return false
}

func operatorNames() string {
	return "EqualTo, NotEqual, EqualToOrNull, GreaterThan, GreaterThanOrEqual, LessThan, LessThanOrEqual, " +
		"GreaterThanOrNull, LessThanOrNull, InBetween, Search, StartsWith, EndsWith, NotContains, Includes, " +
		"IncludesNone, IsNull, NotNull, ObjectID, Phone, DateTime"
}

// scalarList reads an array of values of column c.
func scalarList(c column, raw json.RawMessage) ([]any, error) {
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, badRequest("Invalid query on %s: expected an array of values", c.name)
	}
	values := make([]any, len(items))
	for i, item := range items {
		v, err := scalar(c, item)
		if err != nil {
			return nil, err
		}
		values[i] = v
	}
	return values, nil
}
