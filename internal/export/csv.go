package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// A CSV export has one column per member of the JSON item, in the item's
// order, named as the member. An object member whose values are texts
// (a call's links) is flattened to one column per key, in key order as JSON
// writes them; a key that is already a column's name (the link "userId"
// beside the call's own userId) is prefixed with the member: "links.userId".
// A JSON value (callData) is written as its compact JSON text. Times are
// texts already, as the items hold them. null and absent are empty cells.
//
// Cells are quoted as RFC 4180 says: a cell holding a comma, a double quote
// or a line break is put in double quotes, its double quotes doubled; line
// breaks inside a cell are kept as they are. Records end with CRLF.

// table writes the items of one struct type as CSV records.
type table struct {
	typ     reflect.Type
	columns []column
	line    []byte
	scratch bytes.Buffer
}

// column is one column: a field of the item, or one key of a map field.
type column struct {
	name  string
	field int
	key   reflect.Value // the map key; invalid for a plain field
	cell  cellFunc
}

// cellFunc appends the text of v to b.
type cellFunc func(t *table, b []byte, v reflect.Value) ([]byte, error)

var rawMessageType = reflect.TypeFor[json.RawMessage]()

// newTable reads the columns of the items like sample: a struct, whose map
// fields have in sample every key an item may have.
func newTable(sample any) (*table, error) {
	v := reflect.ValueOf(sample)
	if v.Kind() != reflect.Struct {
		return nil, fmt.Errorf("export: a CSV item must be a struct, not %T", sample)
	}
	t := &table{typ: v.Type()}
	taken := map[string]bool{}
	var maps []int
	for i := range v.NumField() {
		f := v.Type().Field(i)
		name := jsonName(f)
		if name == "" {
			continue
		}
		if f.Type.Kind() == reflect.Map {
			maps = append(maps, i)
			continue
		}
		cell, err := cellOf(f.Type)
		if err != nil {
			return nil, fmt.Errorf("export: field %s: %w", f.Name, err)
		}
		t.columns = append(t.columns, column{name: name, field: i, cell: cell})
		taken[name] = true
	}
	for _, i := range maps {
		if err := t.addMap(v, i, taken); err != nil {
			return nil, err
		}
	}
	// Keep the item's order: map columns stand where their field stands.
	slices.SortStableFunc(t.columns, func(a, b column) int { return a.field - b.field })
	return t, nil
}

// addMap adds one column per key of the map field i of sample.
func (t *table) addMap(sample reflect.Value, i int, taken map[string]bool) error {
	f := t.typ.Field(i)
	if f.Type.Key().Kind() != reflect.String {
		return fmt.Errorf("export: field %s: map keys must be strings", f.Name)
	}
	cell, err := cellOf(f.Type.Elem())
	if err != nil {
		return fmt.Errorf("export: field %s: %w", f.Name, err)
	}
	keys := sample.Field(i).MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	for _, k := range keys {
		name := k.String()
		if taken[name] {
			name = jsonName(f) + "." + name
		}
		t.columns = append(t.columns, column{name: name, field: i, key: k, cell: cell})
	}
	return nil
}

// jsonName is the member name of a field, "" for a field JSON leaves out.
func jsonName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	switch {
	case !f.IsExported() || name == "-":
		return ""
	case name == "":
		return f.Name
	}
	return name
}

// cellOf returns how a value of type typ is written, or an error for a type
// a cell cannot hold.
func cellOf(typ reflect.Type) (cellFunc, error) {
	if typ == rawMessageType {
		return jsonCell, nil
	}
	switch typ.Kind() {
	case reflect.Pointer:
		elem, err := cellOf(typ.Elem())
		if err != nil {
			return nil, err
		}
		return func(t *table, b []byte, v reflect.Value) ([]byte, error) {
			if v.IsNil() {
				return b, nil
			}
			return elem(t, b, v.Elem())
		}, nil
	case reflect.String:
		return func(_ *table, b []byte, v reflect.Value) ([]byte, error) { return appendQuoted(b, v.String()), nil }, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(_ *table, b []byte, v reflect.Value) ([]byte, error) {
			return strconv.AppendInt(b, v.Int(), 10), nil
		}, nil
	case reflect.Bool:
		return func(_ *table, b []byte, v reflect.Value) ([]byte, error) { return strconv.AppendBool(b, v.Bool()), nil }, nil
	}
	return nil, fmt.Errorf("a %s cannot be a CSV cell", typ)
}

// jsonCell writes a JSON value as its compact text; null is an empty cell.
func jsonCell(t *table, b []byte, v reflect.Value) ([]byte, error) {
	raw := v.Bytes()
	if len(raw) == 0 || string(raw) == "null" {
		return b, nil
	}
	t.scratch.Reset()
	if err := json.Compact(&t.scratch, raw); err != nil {
		return b, fmt.Errorf("export: a stored JSON value is not valid JSON: %w", err)
	}
	return appendQuoted(b, t.scratch.String()), nil
}

// header is the header record.
func (t *table) header() []byte {
	var b []byte
	for i, c := range t.columns {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendQuoted(b, c.name)
	}
	return append(b, '\r', '\n')
}

// row is the record of item, valid until the next call.
func (t *table) row(item any) ([]byte, error) {
	v := reflect.ValueOf(item)
	if v.Type() != t.typ {
		return nil, fmt.Errorf("export: got a %s item, want %s", v.Type(), t.typ)
	}
	b := t.line[:0]
	var err error
	for i, c := range t.columns {
		if i > 0 {
			b = append(b, ',')
		}
		fv := v.Field(c.field)
		if c.key.IsValid() {
			if fv = fv.MapIndex(c.key); !fv.IsValid() {
				continue // a key this item lacks: empty
			}
		}
		if b, err = c.cell(t, b, fv); err != nil {
			return nil, err
		}
	}
	t.line = append(b, '\r', '\n')
	return t.line, nil
}

// appendQuoted appends s as one RFC 4180 field.
func appendQuoted(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			break
		}
		b = append(b, s[:i+1]...)
		b = append(b, '"')
		s = s[i+1:]
	}
	b = append(b, s...)
	return append(b, '"')
}
