package activity

import (
	"strings"
	"unicode/utf8"
)

// checkText refuses text that not every database can store: invalid UTF-8
// and NUL characters (PostgreSQL rejects both). Each pair is a field name
// and its value.
func checkText(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		name, value := pairs[i], pairs[i+1]
		if !utf8.ValidString(value) {
			return Errorf(EInvalid, "%s is not valid UTF-8", name)
		}
		if strings.ContainsRune(value, 0) {
			return Errorf(EInvalid, "%s holds a NUL character", name)
		}
	}
	return nil
}

// checkJSONText applies checkText to every key and string inside a decoded
// JSON value.
func checkJSONText(name string, v any) error {
	switch v := v.(type) {
	case string:
		return checkText(name, v)
	case map[string]any:
		for k, item := range v {
			if err := checkText(name+" key", k); err != nil {
				return err
			}
			if err := checkJSONText(name+"."+k, item); err != nil {
				return err
			}
		}
	case []any:
		for _, item := range v {
			if err := checkJSONText(name, item); err != nil {
				return err
			}
		}
	}
	return nil
}
