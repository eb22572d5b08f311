package oneuptime

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"

	"agentlog/internal/activity"
)

// scalar reads one value for column c: the store's form of it (a lower-case
// UUID, text, milliseconds, a number). A typed scalar of the right kind
// ({"_type":"ObjectID","value":...}) is read as its value.
func scalar(c column, raw json.RawMessage) (any, error) {
	if firstByte(raw) == '{' {
		var o operator
		if json.Unmarshal(raw, &o) == nil && typedScalarFits(o.Type, c.kind) {
			raw = o.Value
		}
	}
	switch c.kind {
	case kindID:
		return idValue(c, raw)
	case kindText, kindPhone:
		return textValue(c, raw)
	case kindDate:
		return dateValue(c, raw)
	case kindNumber:
		return numberValue(c, raw)
	}
	return nil, badRequest("Invalid query on %s: %s cannot be compared to a value", c.name, c.kind)
}

func typedScalarFits(t string, k kind) bool {
	return t == "ObjectID" && k == kindID || t == "Phone" && k == kindPhone || t == "DateTime" && k == kindDate
}

func idValue(c column, raw json.RawMessage) (any, error) {
	var s string
	if json.Unmarshal(raw, &s) != nil || !activity.IsUUID(s) {
		return nil, badRequest("Invalid query on %s: %s is not a valid UUID", c.name, clip(raw))
	}
	return activity.CanonicalUUID(s), nil
}

func textValue(c column, raw json.RawMessage) (string, error) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return "", badRequest("Invalid query on %s: expected a string, got %s", c.name, clip(raw))
	}
	if strings.ContainsRune(s, 0) { // PostgreSQL cannot compare it
		return "", badRequest("Invalid query on %s: the text holds a NUL character", c.name)
	}
	return s, nil
}

// dateValue reads a full ISO 8601 timestamp or a date alone (midnight UTC),
// as milliseconds.
func dateValue(c column, raw json.RawMessage) (any, error) {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if t, ok := activity.ParseTime(strings.TrimSpace(s)); ok {
			return t.UnixMilli(), nil
		}
	}
	return nil, badRequest("Invalid query on %s: %s is not a date; use 2024-01-02 or 2024-01-02T03:04:05.000Z", c.name, clip(raw))
}

// numberValue reads a number, or a number sent as a string ("30"), as the
// vendor's own client sends them.
func numberValue(c column, raw json.RawMessage) (any, error) {
	text := string(raw)
	var s string
	if json.Unmarshal(raw, &s) == nil {
		text = strings.TrimSpace(s)
	}
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return nil, badRequest("Invalid query on %s: %s is not a number", c.name, clip(raw))
	}
	return f, nil
}

// clip shows a value in an error message, cut to a readable length.
func clip(raw json.RawMessage) string {
	s := strings.TrimSpace(string(raw))
	if s == "" {
		return "an empty value"
	}
	if len(s) > 60 {
		s = s[:57] + "..."
	}
	return s
}
