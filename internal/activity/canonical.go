package activity

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// CanonicalJSON rewrites a JSON value in one spelling: object keys sorted,
// strings escaped the same way, no spaces, numbers in their shortest form
// (1.0 is 1, 2.50 is 2.5; integers keep every digit). Equal values then have
// equal text, which lets SQLite compare stored callData.
func CanonicalJSON(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(canonicalNumbers(v)); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(out.Bytes(), []byte("\n")), nil
}

// canonicalNumbers rewrites every number inside v in its shortest form.
func canonicalNumbers(v any) any {
	switch v := v.(type) {
	case json.Number:
		if _, err := strconv.ParseInt(string(v), 10, 64); err == nil {
			return v
		}
		if f, err := v.Float64(); err == nil {
			return json.Number(strconv.FormatFloat(f, 'g', -1, 64))
		}
	case map[string]any:
		for k, item := range v {
			v[k] = canonicalNumbers(item)
		}
	case []any:
		for i, item := range v {
			v[i] = canonicalNumbers(item)
		}
	}
	return v
}
