// Package ingest reads events from outside: batches as clients send them (a
// JSON array, or NDJSON for large batches), and files to import (Asterisk's
// queue_log and CDR Master.csv, generic CSV and NDJSON), read line by line
// and stored in batches, following a growing log when asked.
package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"agentlog/internal/activity"
)

// DecodeBatch reads a batch of items of type T: NDJSON when ndjson is set, a
// JSON array otherwise. Unknown fields are refused, so that a misspelt field
// is reported instead of silently dropped. More than maxItems items is a
// "too large" error. Errors of the input name the item; errors of reading
// (a body over its size limit, a dropped connection) are returned as they
// are, for the caller to map.
func DecodeBatch[T any](r io.Reader, ndjson bool, maxItems int) ([]T, error) {
	if ndjson {
		return decodeNDJSON[T](r, maxItems)
	}
	return decodeArray[T](r, maxItems)
}

func decodeArray[T any](r io.Reader, maxItems int) ([]T, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	tok, err := dec.Token()
	if err != nil {
		return nil, inputError("the body is not a JSON array", err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, activity.Errorf(activity.EInvalid, "the body is not a JSON array: send [ {...}, ... ], or NDJSON with Content-Type application/x-ndjson")
	}
	items := []T{}
	for dec.More() {
		if len(items) == maxItems {
			return nil, tooMany(maxItems)
		}
		var item T
		if err := dec.Decode(&item); err != nil {
			return nil, inputError(itemPrefix(len(items)), err)
		}
		items = append(items, item)
	}
	if _, err := dec.Token(); err != nil {
		return nil, inputError("the JSON array is not closed", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err != nil && inputError("", err) == err {
			return nil, err // reading failed: the body is over its limit, or the connection dropped
		}
		return nil, activity.Errorf(activity.EInvalid, "there is more after the JSON array: send one array")
	}
	return items, nil
}

func decodeNDJSON[T any](r io.Reader, maxItems int) ([]T, error) {
	br := bufio.NewReader(r)
	items := []T{}
	for {
		line, readErr := br.ReadBytes('\n')
		if readErr != nil && readErr != io.EOF {
			return nil, readErr
		}
		if line = bytes.TrimSpace(line); len(line) > 0 {
			if len(items) == maxItems {
				return nil, tooMany(maxItems)
			}
			item, err := decodeLine[T](line)
			if err != nil {
				return nil, inputError(itemPrefix(len(items)), err)
			}
			items = append(items, item)
		}
		if readErr == io.EOF {
			return items, nil
		}
	}
}

func decodeLine[T any](line []byte) (T, error) {
	var item T
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&item); err != nil {
		return item, err
	}
	if dec.More() {
		return item, errors.New("more than one JSON value on the line: put each item on its own line")
	}
	return item, nil
}

func itemPrefix(i int) string { return "item " + strconv.Itoa(i) }

func tooMany(maxItems int) error {
	return activity.Errorf(activity.ETooLarge, "the batch holds more than %d items: send at most %d per request", maxItems, maxItems)
}

// inputError turns a JSON error into an invalid-input error that says where
// it is; any other error (reading the body) is returned unchanged.
func inputError(where string, err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		return activity.Errorf(activity.EInvalid, "%s: not valid JSON: %s", where, syntax.Error())
	case errors.As(err, &typ) && typ.Field == "":
		return activity.Errorf(activity.EInvalid, "%s: must be a JSON object, not a JSON %s", where, typ.Value)
	case errors.As(err, &typ):
		return activity.Errorf(activity.EInvalid, "%s: field %q must be %s, not a JSON %s", where, typ.Field, jsonKind(typ.Type.Kind().String()), typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return activity.Errorf(activity.EInvalid, "%s: the body ends in the middle of JSON", where)
	case strings.HasPrefix(err.Error(), "json: "), strings.HasPrefix(err.Error(), "more than one"):
		return activity.Errorf(activity.EInvalid, "%s: %s", where, strings.TrimPrefix(err.Error(), "json: "))
	}
	return err
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "a string"
	case "int", "int64", "int32", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "map", "struct":
		return "an object"
	case "slice":
		return "an array"
	}
	return "another type"
}
