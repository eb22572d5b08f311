package odata

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

var callColumns = Columns{
	"Id": "id", "Name": "name", "Agent": "agent", "Count": "n", "Score": "score", "Answered": "answered",
	"Start": "start_ms", "End": "end_ms", "Day": "day", "At": "at", "Talk": "talk_ms", "Uid": "uid",
}

func mustSQL(t *testing.T, query string, d Dialect, first int) (string, string, []any) {
	t.Helper()
	where, orderBy, args, err := mustOptions(t, query).SQL(callColumns, d, first)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return where, orderBy, args
}

// The shapes of the SQL that matter for correctness and for indexes.
func TestSQLShapes(t *testing.T) {
	tests := []struct {
		filter         string
		sqlite, postgr string
	}{
		{"Id eq 1", "(id = $1)", "(id = $1::bigint)"},
		{"Name eq null", "(name IS NULL)", "(name IS NULL)"},
		{"null ne Name", "(name IS NOT NULL)", "(name IS NOT NULL)"},
		{"Name gt null", "FALSE", "FALSE"},
		{"Name eq 'x'", "(name = $1 AND name IS NOT NULL)", "(name = $1::text AND name IS NOT NULL)"},
		{"Name ne 'x'", "(name <> $1 OR name IS NULL)", "(name <> $1::text OR name IS NULL)"},
		{"Name eq Agent", "(name = agent AND name IS NOT NULL)", "(name = agent AND name IS NOT NULL)"},
		{"Name eq Name", "(name IS name)", "(name IS NOT DISTINCT FROM name)"},
		{"Name ne Name", "(name IS NOT name)", "(name IS DISTINCT FROM name)"},
		{"Agent lt 'b'", "(agent < $1)", `(agent < $1::text COLLATE "C")`},
		{"Id in (1, 2)", "(id IN ($1, $2))", "(id IN ($1::bigint, $2::bigint))"},
		{"Count in (1, null)", "((n IS NULL) OR (n IN ($1) AND n IS NOT NULL))", "((n IS NULL) OR (n IN ($1::bigint) AND n IS NOT NULL))"},
		{"Start ge 2025-05-01", "(start_ms >= $1)", "(start_ms >= $1::bigint)"},
		{"Start ge Day", "(start_ms >= (CAST(strftime('%s', day) AS INTEGER) * 1000) AND (CAST(strftime('%s', day) AS INTEGER) * 1000) IS NOT NULL)",
			"(start_ms >= (CAST(EXTRACT(EPOCH FROM CAST(day AS date)) AS bigint) * 1000) AND (CAST(EXTRACT(EPOCH FROM CAST(day AS date)) AS bigint) * 1000) IS NOT NULL)"},
		{"Id div Id eq 1", "((id / NULLIF(id, 0)) = $1 AND (id / NULLIF(id, 0)) IS NOT NULL)", "((id / NULLIF(id, 0)) = $1::bigint AND (id / NULLIF(id, 0)) IS NOT NULL)"},
		{"-Id eq 1", "((-(id)) = $1)", "((-(id)) = $1::bigint)"},
		{"contains(Agent, 'x')", "(instr(agent, $1) > 0)", "(strpos(agent, $1::text) > 0)"},
		{"contains(Agent, null)", "NULL", "NULL"},
		{"1 add 2 eq 3 and Answered", "($1 AND answered)", "($1::boolean AND answered)"},
		{"year(Start) eq 2025", "(CAST(strftime('%Y', start_ms / 1000.0, 'unixepoch') AS INTEGER) = $1)",
			"(CAST(FLOOR(EXTRACT(YEAR FROM (to_timestamp(start_ms / 1000.0) AT TIME ZONE 'UTC'))) AS bigint) = $1::bigint)"},
	}
	for _, tt := range tests {
		for _, d := range []struct {
			dialect Dialect
			want    string
		}{{SQLite, tt.sqlite}, {PostgreSQL, tt.postgr}} {
			where, _, _ := mustSQL(t, filterQuery(tt.filter), d.dialect, 1)
			if where != d.want {
				t.Errorf("%s (dialect %d):\n got %s\nwant %s", tt.filter, d.dialect, where, d.want)
			}
		}
	}
}

// Values from the request travel as arguments only, numbered from the
// first index the caller gives, converted to the columns' forms.
func TestSQLArguments(t *testing.T) {
	filter := "Name eq 'x''); DROP TABLE calls; --' and Start lt 2025-05-01T03:00:00+03:00 and Talk gt duration'PT1.5S' and At lt 08:30 and Day eq 2025-05-01"
	where, _, args := mustSQL(t, filterQuery(filter), PostgreSQL, 3)
	if strings.Contains(where, "DROP") || strings.Contains(where, "'x") {
		t.Errorf("a value became SQL text: %s", where)
	}
	want := []any{"x'); DROP TABLE calls; --", int64(1746057600000), int64(1500), "08:30:00.000", "2025-05-01"}
	if !slices.Equal(args, want) {
		t.Errorf("got args %#v, want %#v", args, want)
	}
	for _, p := range []string{"$3::text", "$4::bigint", "$5::bigint", "$6::text", "$7::text"} {
		if !strings.Contains(where, p) {
			t.Errorf("%s: no placeholder %s", where, p)
		}
	}
	if strings.Contains(where, "$1") || strings.Contains(where, "$2") || strings.Contains(where, "$8") {
		t.Errorf("%s: placeholders outside $3..$7", where)
	}
}

func TestSQLOrderBy(t *testing.T) {
	tests := []struct{ orderby, sqlite, postgr string }{
		{"Id", "id ASC", "id ASC"},
		{"Id desc,Start", "id DESC, start_ms ASC", "id DESC, start_ms ASC"},
		{"Name", "name ASC", `name COLLATE "C" ASC NULLS FIRST`},
		{"Count desc", "n DESC", "n DESC NULLS LAST"},
		{"Agent desc", "agent DESC", `agent COLLATE "C" DESC`},
	}
	for _, tt := range tests {
		for _, d := range []struct {
			dialect Dialect
			want    string
		}{{SQLite, tt.sqlite}, {PostgreSQL, tt.postgr}} {
			_, orderBy, _ := mustSQL(t, "$orderby="+tt.orderby, d.dialect, 1)
			if orderBy != d.want {
				t.Errorf("%s: got %s, want %s", tt.orderby, orderBy, d.want)
			}
		}
	}
	if where, orderBy, args := mustSQL(t, "$top=1", SQLite, 1); where != "" || orderBy != "" || args != nil {
		t.Errorf("no filter or order: got %q, %q, %v, want nothing", where, orderBy, args)
	}
}

func TestSQLErrors(t *testing.T) {
	_, _, _, err := mustOptions(t, "$search=x").SQL(callColumns, SQLite, 1)
	wantError(t, err, "$search", -1, "$search is not supported on this entity set")
	_, _, _, err = mustOptions(t, filterQuery("Name eq 'x'")).SQL(Columns{}, SQLite, 1)
	var e *Error
	if err == nil || errors.As(err, &e) || !strings.Contains(err.Error(), `no column for property "Name"`) {
		t.Errorf("missing column: got %v, want a plain error naming Name", err)
	}
}
