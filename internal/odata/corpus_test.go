package odata

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The corpus under testdata/*.corpus holds queries and what they give, in
// the manner of prometheus' promqltest: each file declares an entity and
// its rows, then cases. Every case runs through Apply and, unless it
// fails to parse or uses $search, through SQL on SQLite and PostgreSQL.
//
//	# comment
//	property Id Int                  the first property is the row id
//	property Name String nullable
//	now 2025-06-01T12:00:00Z         the instant of now() (optional)
//	row {"Id": 1, "Name": "Alice"}   rows in ascending id order; types as JSON shows them
//	eval $filter=Name eq 'Alice'&$top=1   options split at &, values as decoded text
//	raw %24filter=Name+eq+%27Alice%27     or the raw query string, as sent
//	ids 1                            the ids returned, in order (none: "ids")
//	count 1                          the count after $filter/$search (optional)
//	keys Id Name                     the properties of returned rows (optional)
//	error $filter 12 cannot compare  or: the option, position and part of the message

type corpus struct {
	file   string
	entity *Entity
	now    time.Time
	rows   []Row
	cases  []*corpusCase
}

type corpusCase struct {
	line  int
	text  string // as the file writes it, for messages
	query string // raw query string
	ids   []int64
	count *int
	keys  []string
	err   *Error
}

func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/*.corpus")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus files in testdata: %v", err)
	}
	backends := sqlBackends(t)
	for _, file := range files {
		c := readCorpus(t, file)
		t.Run(strings.TrimSuffix(filepath.Base(file), ".corpus"), func(t *testing.T) {
			t.Run("memory", func(t *testing.T) { c.runMemory(t) })
			for _, b := range backends {
				t.Run(b.name, func(t *testing.T) { c.runSQL(t, b) })
			}
		})
	}
}

func (c *corpus) runMemory(t *testing.T) {
	for _, cc := range c.cases {
		o, err := ParseOptions(cc.query, c.entity)
		if cc.err != nil || err != nil {
			c.checkError(t, cc, err)
			continue
		}
		o.Now = func() time.Time { return c.now }
		page, count := o.Apply(c.rows)
		all := *o
		all.Select = nil
		ids, _ := all.Apply(c.rows)
		c.check(t, cc, c.ids(ids), count)
		if cc.keys != nil && len(page) > 0 {
			keys := make([]string, 0, len(page[0]))
			for k := range page[0] {
				keys = append(keys, k)
			}
			slices.Sort(keys)
			if !slices.Equal(keys, cc.keys) {
				t.Errorf("%s:%d %s: got keys %v, want %v", c.file, cc.line, cc.text, keys, cc.keys)
			}
		}
	}
}

func (c *corpus) checkError(t *testing.T, cc *corpusCase, err error) {
	t.Helper()
	e, ok := err.(*Error)
	switch {
	case cc.err == nil:
		t.Errorf("%s:%d %s: got error %v, want ids %v", c.file, cc.line, cc.text, err, cc.ids)
	case !ok:
		t.Errorf("%s:%d %s: got %v (%T), want an *Error", c.file, cc.line, cc.text, err, err)
	case e.Option != cc.err.Option || e.Pos != cc.err.Pos || !strings.Contains(e.Msg, cc.err.Msg):
		t.Errorf("%s:%d %s: got error %s %d %q, want %s %d containing %q", c.file, cc.line, cc.text,
			e.Option, e.Pos, e.Msg, cc.err.Option, cc.err.Pos, cc.err.Msg)
	}
}

func (c *corpus) check(t *testing.T, cc *corpusCase, ids []int64, count int) {
	t.Helper()
	if !slices.Equal(ids, cc.ids) {
		t.Errorf("%s:%d %s: got ids %v, want %v", c.file, cc.line, cc.text, ids, cc.ids)
	}
	if cc.count != nil && count != *cc.count {
		t.Errorf("%s:%d %s: got count %d, want %d", c.file, cc.line, cc.text, count, *cc.count)
	}
}

func (c *corpus) ids(rows []Row) []int64 {
	ids := []int64{}
	for _, r := range rows {
		ids = append(ids, normalize(Int, r[c.entity.Properties[0].Name]).(int64))
	}
	return ids
}

func readCorpus(t testing.TB, file string) *corpus {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	c := &corpus{file: filepath.Base(file), entity: &Entity{Name: "Test"}, now: time.Now().UTC()}
	s := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; s.Scan(); n++ {
		line := strings.TrimSpace(s.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		word, rest, _ := strings.Cut(line, " ")
		if err := c.directive(n, word, strings.TrimSpace(rest)); err != nil {
			t.Fatalf("%s:%d: %v", file, n, err)
		}
	}
	return c
}

func (c *corpus) directive(line int, word, rest string) error {
	var last *corpusCase
	if len(c.cases) > 0 {
		last = c.cases[len(c.cases)-1]
	}
	switch {
	case word == "property":
		return c.property(rest)
	case word == "now":
		var err error
		c.now, err = time.Parse(time.RFC3339Nano, rest)
		return err
	case word == "row":
		return c.row(rest)
	case word == "eval" || word == "raw":
		query := rest
		if word == "eval" {
			query = encodeQuery(rest)
		}
		c.cases = append(c.cases, &corpusCase{line: line, text: rest, query: query})
		return nil
	case last == nil:
		return fmt.Errorf("%s before the first eval", word)
	}
	return last.expectation(word, rest)
}

// encodeQuery writes "$filter=a eq 'b'&$top=1" as a browser would send it.
func encodeQuery(s string) string {
	var params []string
	for _, p := range strings.Split(s, "&") {
		name, value, _ := strings.Cut(p, "=")
		params = append(params, url.QueryEscape(name)+"="+url.QueryEscape(value))
	}
	return strings.Join(params, "&")
}

func (cc *corpusCase) expectation(word, rest string) error {
	fields := strings.Fields(rest)
	switch word {
	case "ids":
		cc.ids = []int64{}
		for _, f := range fields {
			id, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return err
			}
			cc.ids = append(cc.ids, id)
		}
	case "count":
		n, err := strconv.Atoi(rest)
		cc.count = &n
		return err
	case "keys":
		cc.keys = slices.Sorted(slices.Values(fields))
	case "error":
		if len(fields) < 3 {
			return fmt.Errorf("error needs an option, a position and a message")
		}
		pos, err := strconv.Atoi(fields[1])
		cc.err = &Error{Option: fields[0], Pos: pos, Msg: strings.Join(fields[2:], " ")}
		return err
	default:
		return fmt.Errorf("unknown directive %q", word)
	}
	return nil
}

func (c *corpus) property(rest string) error {
	f := strings.Fields(rest)
	if len(f) < 2 {
		return fmt.Errorf("property needs a name and a type")
	}
	t, ok := corpusTypes[f[1]]
	if !ok {
		return fmt.Errorf("unknown type %q", f[1])
	}
	c.entity.Properties = append(c.entity.Properties, Property{Name: f[0], Type: t, Nullable: len(f) > 2 && f[2] == "nullable"})
	return nil
}

var corpusTypes = map[string]Type{
	"String": String, "Int": Int, "Decimal": Decimal, "Bool": Bool, "DateTimeOffset": DateTimeOffset,
	"Date": Date, "TimeOfDay": TimeOfDay, "Duration": Duration, "Guid": Guid,
}

func (c *corpus) row(text string) error {
	d := json.NewDecoder(strings.NewReader(text))
	d.UseNumber()
	var raw map[string]any
	if err := d.Decode(&raw); err != nil {
		return err
	}
	row := Row{}
	for name, v := range raw {
		p, ok := c.entity.property(name)
		if !ok {
			return fmt.Errorf("unknown property %q", name)
		}
		var err error
		if row[name], err = rowValue(p.Type, v); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
	}
	if n := len(c.rows); n > 0 && c.ids([]Row{row})[0] <= c.ids(c.rows[n-1:])[0] {
		return fmt.Errorf("rows must come in ascending id order")
	}
	c.rows = append(c.rows, row)
	return nil
}

// rowValue converts a JSON value to the Go value of a property of type t.
func rowValue(t Type, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	s := fmt.Sprint(v)
	ok := true
	var out any
	switch t {
	case String, Guid:
		out = s
	case Int:
		out, ok = parseNumber[int64](strconv.ParseInt(s, 10, 64))
	case Decimal:
		out, ok = parseNumber[float64](strconv.ParseFloat(s, 64))
	case Bool:
		out, ok = v.(bool)
	case DateTimeOffset:
		out, ok = parseDateTime(s)
	case Date:
		out, ok = parseDate(s)
	case TimeOfDay:
		out, ok = parseTimeOfDay(s)
	case Duration:
		out, ok = parseDuration(s)
	}
	if !ok {
		return nil, fmt.Errorf("%q is not a %s", s, t)
	}
	return out, nil
}

func parseNumber[T any](v T, err error) (T, bool) { return v, err == nil }
