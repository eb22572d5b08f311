package ingest

import (
	"strings"
	"testing"

	"agentlog/internal/activity"
)

type item struct {
	ID   string `json:"id"`
	N    int    `json:"n"`
	Tags []string
}

func TestDecodeBatchAcceptsBothEncodings(t *testing.T) {
	array := `[{"id":"a","n":1}, {"id":"b","n":2}]`
	ndjson := "{\"id\":\"a\",\"n\":1}\r\n\n  {\"id\":\"b\",\"n\":2}" // CRLF, a blank line, no final newline
	for name, c := range map[string]struct {
		body   string
		ndjson bool
	}{"array": {array, false}, "ndjson": {ndjson, true}} {
		items, err := DecodeBatch[item](strings.NewReader(c.body), c.ndjson, 10)
		if err != nil || len(items) != 2 || items[1].ID != "b" || items[1].N != 2 {
			t.Errorf("%s: got %+v, %v", name, items, err)
		}
	}
	empty, err := DecodeBatch[item](strings.NewReader(`[]`), false, 10)
	if err != nil || len(empty) != 0 {
		t.Errorf("an empty array: got %v, %v", empty, err)
	}
}

func TestDecodeBatchNamesTheBadItem(t *testing.T) {
	cases := []struct {
		body   string
		ndjson bool
		code   string
		want   string
	}{
		{`{"id":"a"}`, false, activity.EInvalid, "not a JSON array"},
		{``, false, activity.EInvalid, "not a JSON array"},
		{`[{"id":"a"},{"id":"b","x":1}]`, false, activity.EInvalid, `item 1: unknown field "x"`},
		{`[{"id":"a"},{"n":"five"}]`, false, activity.EInvalid, `item 1: field "n" must be a number, not a JSON string`},
		{`[{"id":"a"},7]`, false, activity.EInvalid, "item 1: must be a JSON object"},
		{`[{"id":"a"},{"id":`, false, activity.EInvalid, "item 1: "},
		{`[{"id":"a"}`, false, activity.EInvalid, "not closed"},
		{`[{"id":"a"}] []`, false, activity.EInvalid, "more after the JSON array"},
		{`[{"id":"a"},{"id":"b"},{"id":"c"}]`, false, activity.ETooLarge, "more than 2 items"},
		{"{\"id\":\"a\"}\n{\"id\":", true, activity.EInvalid, "item 1: "},
		{"{\"id\":\"a\"}\n{\"id\":\"b\"} {\"id\":\"c\"}", true, activity.EInvalid, "item 1: more than one JSON value"},
		{"{\"id\":\"a\"}\nnope", true, activity.EInvalid, "item 1: not valid JSON"},
		{"{}\n{}\n{}", true, activity.ETooLarge, "send at most 2 per request"},
	}
	for _, c := range cases {
		_, err := DecodeBatch[item](strings.NewReader(c.body), c.ndjson, 2)
		if activity.ErrorCode(err) != c.code || !strings.Contains(activity.ErrorMessage(err), c.want) {
			t.Errorf("%q: got %v, want %s containing %q", c.body, err, c.code, c.want)
		}
	}
}

// FuzzDecodeBatch requires that no input panics and that every refusal is
// a domain error a client can read.
func FuzzDecodeBatch(f *testing.F) {
	f.Add([]byte(`[{"id":"a","n":1}]`), false)
	f.Add([]byte("{\"id\":\"a\"}\n{\"n\":2}"), true)
	f.Add([]byte(`[{"Tags":["x",{}]}]`), false)
	f.Fuzz(func(t *testing.T, body []byte, ndjson bool) {
		items, err := DecodeBatch[item](strings.NewReader(string(body)), ndjson, 100)
		if err != nil && activity.ErrorCode(err) == activity.EInternal {
			t.Fatalf("input %q gave an internal error: %v", body, err)
		}
		if err == nil && len(items) > 100 {
			t.Fatalf("%d items passed a limit of 100", len(items))
		}
	})
}
