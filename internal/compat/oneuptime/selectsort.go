package oneuptime

import (
	"bytes"
	"encoding/json"
	"strings"

	"agentlog/internal/store"
)

// parseSelect reads {"column": true, "relation": true | {...}} into the
// columns to answer, in allow-list order. _id is always answered.
func parseSelect(raw json.RawMessage) ([]column, error) {
	if isAbsent(raw) {
		return nil, nil
	}
	var sel map[string]json.RawMessage
	if err := json.Unmarshal(raw, &sel); err != nil {
		return nil, badRequest("Invalid select clause: it must be an object such as {\"status\": true}")
	}
	var picked []column
	for _, c := range columns {
		v, ok := sel[c.name]
		if ok && selected(c, v) && c.name != "_id" {
			picked = append(picked, c)
		}
	}
	for name, v := range sel {
		c, ok := findColumn(name)
		if !ok {
			return nil, badRequest("Invalid select clause. Cannot select on %q. This column does not exist on Call Log. Here are the columns you can select on instead: %s", name, columnNames())
		}
		if !selected(c, v) && string(v) != "false" {
			return nil, badRequest("Invalid select clause: %q takes true%s", name, map[bool]string{true: " or an object", false: ""}[c.kind == kindRelation])
		}
	}
	return picked, nil
}

func selected(c column, v json.RawMessage) bool {
	s := strings.TrimSpace(string(v))
	return s == "true" || c.kind == kindRelation && firstByte(v) == '{'
}

// parseSort reads {"column": "ASC" | "DESC" | 1 | -1, ...} in the order the
// keys are written; the default is createdAt descending.
func parseSort(raw json.RawMessage) ([]store.CallSort, error) {
	defaultSort := []store.CallSort{{Field: store.FieldCreated, Descending: true}}
	if isAbsent(raw) {
		return defaultSort, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, badRequest("Invalid sort: it must be an object such as {\"createdAt\": \"DESC\"}")
	}
	var sorts []store.CallSort
	for dec.More() {
		s, err := sortEntry(dec)
		if err != nil {
			return nil, err
		}
		sorts = append(sorts, s)
	}
	if len(sorts) == 0 {
		return defaultSort, nil
	}
	return sorts, nil
}

func sortEntry(dec *json.Decoder) (store.CallSort, error) {
	tok, _ := dec.Token() // a key: the object was checked by Unmarshal
	name, _ := tok.(string)
	var dir json.RawMessage
	if err := dec.Decode(&dir); err != nil {
		return store.CallSort{}, badRequest("Invalid sort: %s", jsonProblem(err))
	}
	c, ok := findColumn(name)
	if !ok || c.kind == kindRelation || c.kind == kindJSON || c.kind == kindProject {
		return store.CallSort{}, badRequest("Invalid sort: cannot sort on %q. Sortable columns are _id, createdAt, updatedAt, toNumber, fromNumber, statusMessage, status, callCostInUSDCents and the link ids", name)
	}
	switch strings.ToUpper(strings.Trim(strings.TrimSpace(string(dir)), `"`)) {
	case "ASC", "1":
		return store.CallSort{Field: c.field}, nil
	case "DESC", "-1":
		return store.CallSort{Field: c.field, Descending: true}, nil
	}
	return store.CallSort{}, badRequest("Invalid sort on %s: %s is not a direction; use \"ASC\" or \"DESC\"", name, clip(dir))
}
