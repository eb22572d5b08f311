package export

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAppendQuoted(t *testing.T) {
	for in, want := range map[string]string{
		"":            "",
		"plain":       "plain",
		" spaced ":    " spaced ",
		"a,b":         `"a,b"`,
		`say "hi"`:    `"say ""hi"""`,
		`"`:           `""""`,
		"two\nlines":  "\"two\nlines\"",
		"cr\r":        "\"cr\r\"",
		"Café <b>&;'": "Café <b>&;'",
	} {
		if got := string(appendQuoted(nil, in)); got != want {
			t.Errorf("appendQuoted(%q): got %q, want %q", in, got, want)
		}
	}
}

// item has a field of every kind a table writes.
type item struct {
	ID      string             `json:"id"`
	Skip    string             `json:"-"`
	hidden  string             // unexported: not a column
	Plain   int64              // no tag: named as the field
	Flag    bool               `json:"flag"`
	Maybe   *string            `json:"maybe,omitempty"`
	Data    json.RawMessage    `json:"data"`
	Links   map[string]*string `json:"links"`
	Trailer string             `json:"trailer"`
}

func TestTableColumnsAndCells(t *testing.T) {
	x, id := "x,y", "l-1"
	sample := item{Links: map[string]*string{"b": nil, "id": nil, "a": nil}}
	tb, err := newTable(sample)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(tb.header()), "id,Plain,flag,maybe,data,a,b,links.id,trailer\r\n"; got != want {
		t.Errorf("header: got %q, want %q", got, want)
	}
	for _, c := range []struct {
		in   item
		want string
	}{
		{item{ID: "1", hidden: "no", Skip: "no", Plain: -7, Flag: true, Maybe: &x, Data: json.RawMessage("{ \"k\" : [1, \"a\"] }"),
			Links: map[string]*string{"a": &id, "id": &id, "zzz": &id}, Trailer: "end"},
			"1,-7,true,\"x,y\",\"{\"\"k\"\":[1,\"\"a\"\"]}\",l-1,,l-1,end\r\n"},
		{item{Data: json.RawMessage("null")}, ",0,false,,,,,,\r\n"},
	} {
		line, err := tb.row(c.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := string(line); got != c.want {
			t.Errorf("row: got %q, want %q", got, c.want)
		}
	}
	if _, err := tb.row(item{Data: json.RawMessage("{broken")}); err == nil || !strings.Contains(err.Error(), "not valid JSON") {
		t.Errorf("broken JSON: got error %v, want one saying it is not valid JSON", err)
	}
	if _, err := tb.row(struct{ ID string }{}); err == nil {
		t.Error("an item of another type: got no error")
	}
}

func TestTableRefusesWhatACellCannotHold(t *testing.T) {
	for _, sample := range []any{
		struct {
			Groups []string `json:"groups"`
		}{},
		struct {
			Inner struct{ A string } `json:"inner"`
		}{},
		struct {
			M map[int]string `json:"m"`
		}{},
		"not a struct",
	} {
		if _, err := newTable(sample); err == nil {
			t.Errorf("newTable(%T): got no error, want one", sample)
		}
	}
}
