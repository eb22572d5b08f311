package oneuptime

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"agentlog/internal/store"
)

// operator is a typed query value: {"_type": "...", "value": ...}.
type operator struct {
	Type       string          `json:"_type"`
	Value      json.RawMessage `json:"value"`
	StartValue json.RawMessage `json:"startValue"`
	EndValue   json.RawMessage `json:"endValue"`
}

// parseQuery turns OneUptime's query object into store conditions, all of
// which must hold. projectId is dropped: the key decides the project.
func parseQuery(raw json.RawMessage) ([]store.CallCondition, error) {
	if isAbsent(raw) {
		return nil, nil
	}
	var query map[string]json.RawMessage
	if err := json.Unmarshal(raw, &query); err != nil {
		return nil, badRequest("Invalid query: it must be an object of column names and values")
	}
	names := make([]string, 0, len(query))
	for name := range query {
		names = append(names, name)
	}
	sort.Strings(names) // the same query always gives the same SQL
	var conds []store.CallCondition
	for _, name := range names {
		c, ok := findColumn(name)
		if !ok || c.kind == kindRelation {
			return nil, badRequest("Invalid column on Call Log - %s. Column does not exist.", name)
		}
		if c.kind == kindProject {
			continue
		}
		more, err := conditions(c, query[name])
		if err != nil {
			return nil, err
		}
		conds = append(conds, more...)
	}
	return conds, nil
}

// conditions reads one column's query value: a plain value, null, an array,
// a typed operator, or for callData an object of keys.
func conditions(c column, raw json.RawMessage) ([]store.CallCondition, error) {
	switch firstByte(raw) {
	case 'n':
		return []store.CallCondition{{Field: c.field, Op: store.OpIsNull}}, nil
	case '[':
		values, err := scalarList(c, raw)
		return []store.CallCondition{{Field: c.field, Op: store.OpIn, Values: values}}, err
	case '{':
		var op operator
		if err := json.Unmarshal(raw, &op); err != nil {
			return nil, badRequest("Invalid query on %s: %s", c.name, jsonProblem(err))
		}
		if op.Type == "" {
			return jsonKeys(c, raw)
		}
		cond, err := typed(c, op)
		return []store.CallCondition{cond}, err
	}
	v, err := scalar(c, raw)
	return []store.CallCondition{{Field: c.field, Op: store.OpEqual, Values: []any{v}}}, err
}

// jsonKeys reads {"key": value, ...} on callData: each key of the stored
// object must hold the value.
func jsonKeys(c column, raw json.RawMessage) ([]store.CallCondition, error) {
	if c.kind != kindJSON {
		return nil, badRequest("Invalid query on %s: an object needs a _type, such as {\"_type\":\"EqualTo\",\"value\":...}", c.name)
	}
	var keys map[string]json.RawMessage
	_ = json.Unmarshal(raw, &keys) // raw is an object: checked by the caller
	names := make([]string, 0, len(keys))
	for k := range keys {
		names = append(names, k)
	}
	sort.Strings(names)
	conds := make([]store.CallCondition, 0, len(names))
	for _, k := range names {
		if k == "" || strings.ContainsAny(k, "\"\\\x00") {
			return nil, badRequest("Invalid query on callData: the key %q cannot be looked up; keys are text without \", \\ or NUL", k)
		}
		var value any
		dec := json.NewDecoder(bytes.NewReader(keys[k]))
		dec.UseNumber()                                   // no number is too large to look at
		if dec.Decode(&value) == nil && holdsNUL(value) { // PostgreSQL's JSON holds no NUL
			return nil, badRequest("Invalid query on callData: the value of %q holds a NUL character", k)
		}
		compact, _ := json.Marshal(keys[k]) // re-encoded: one spelling per value
		conds = append(conds, store.CallCondition{Field: c.field, Op: store.OpJSONKeyEquals, Key: k, Values: []any{string(compact)}})
	}
	return conds, nil
}

// holdsNUL reports whether a decoded JSON value holds a NUL character in
// any string or key.
func holdsNUL(v any) bool {
	switch v := v.(type) {
	case string:
		return strings.ContainsRune(v, 0)
	case []any:
		return slices.ContainsFunc(v, holdsNUL)
	case map[string]any:
		for k, item := range v {
			if strings.ContainsRune(k, 0) || holdsNUL(item) {
				return true
			}
		}
	}
	return false
}

func isAbsent(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

// firstByte is the first character of a JSON value: '{', '[', '"', 'n', ...
func firstByte(raw json.RawMessage) byte {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		return 0
	}
	return s[0]
}
