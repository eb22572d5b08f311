package cention

import (
	"encoding/json"
	"strconv"
	"strings"
)

// appendCSV appends one record as a CSV line ending in "\n", quoting only a
// field that holds a comma, a quote or a line break (RFC 4180).
func appendCSV(b []byte, id int64, rec record) []byte {
	b = strconv.AppendInt(b, id, 10)
	b = append(b, ',')
	b = appendCSVField(b, rec.name)
	b = append(b, ',')
	b = strconv.AppendInt(b, rec.timestamp, 10)
	b = append(b, ',')
	b = append(b, rec.action...)
	return append(b, '\n')
}

func appendCSVField(b []byte, s string) []byte {
	if !strings.ContainsAny(s, ",\"\r\n") {
		return append(b, s...)
	}
	b = append(b, '"')
	b = append(b, strings.ReplaceAll(s, `"`, `""`)...)
	return append(b, '"')
}

// appendJSON appends one record as a JSON object, after a comma unless it
// is the first.
func appendJSON(b []byte, id int64, rec record, comma bool) []byte {
	if comma {
		b = append(b, ',')
	}
	b = append(b, `{"id":`...)
	b = strconv.AppendInt(b, id, 10)
	b = append(b, `,"name":`...)
	name, _ := json.Marshal(rec.name) // a string always marshals
	b = append(b, name...)
	b = append(b, `,"timestamp":`...)
	b = strconv.AppendInt(b, rec.timestamp, 10)
	b = append(b, `,"action":"`...)
	b = append(b, rec.action...)
	return append(b, `"}`...)
}
