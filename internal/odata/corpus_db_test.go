package odata

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver, for the test only
	_ "modernc.org/sqlite"             // the "sqlite" driver, for the test only
)

// The corpus against real databases: SQLite always, PostgreSQL when it
// answers (AGENTLOG_TEST_POSTGRES, default defaultPostgres; in a schema of
// its own, dropped afterwards). AGENTLOG_REQUIRE_POSTGRES=1 makes an
// unreachable PostgreSQL a failure. This does not use storetest, which
// would import the store, which may one day import this package.

const defaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

type sqlBackend struct {
	name    string
	db      *sql.DB // nil: skip, for the reason in skip
	skip    string
	dialect Dialect
	schema  string // prefix of table names: "" or "schema."
}

func sqlBackends(t *testing.T) []*sqlBackend {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "corpus.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return []*sqlBackend{{name: "sqlite", db: db, dialect: SQLite}, postgresBackend(t)}
}

func postgresBackend(t *testing.T) *sqlBackend {
	dsn := os.Getenv("AGENTLOG_TEST_POSTGRES")
	if dsn == "" {
		dsn = defaultPostgres
	}
	shown := dsn
	if u, err := url.Parse(dsn); err == nil {
		shown = u.Redacted()
	}
	db, err := sql.Open("pgx", dsn)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		err = db.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if db != nil {
			db.Close()
		}
		if os.Getenv("AGENTLOG_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL at %s is required (AGENTLOG_REQUIRE_POSTGRES=1) but cannot be reached: %v", shown, err)
		}
		return &sqlBackend{name: "postgres", skip: fmt.Sprintf("PostgreSQL at %s cannot be reached, skipping (set AGENTLOG_TEST_POSTGRES to another URL): %v", shown, err)}
	}
	var b [6]byte
	_, _ = rand.Read(b[:])
	schema := "odata_test_" + hex.EncodeToString(b[:])
	if _, err := db.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("creating schema %s: %v", schema, err)
	}
	t.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA " + schema + " CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
		db.Close()
	})
	return &sqlBackend{name: "postgres", db: db, dialect: PostgreSQL, schema: schema + "."}
}

var columnTypes = map[Dialect]map[Type]string{
	SQLite: {String: "TEXT", Int: "INTEGER", Decimal: "REAL", Bool: "INTEGER", DateTimeOffset: "INTEGER",
		Date: "TEXT", TimeOfDay: "TEXT", Duration: "INTEGER", Guid: "TEXT"},
	PostgreSQL: {String: "text", Int: "bigint", Decimal: "double precision", Bool: "boolean",
		DateTimeOffset: "bigint", Date: "text", TimeOfDay: "text", Duration: "bigint", Guid: "text"},
}

// columns maps each property to a column named after it, with _ms for
// the types held as milliseconds, as agentlog's schema names them.
func (c *corpus) columns() Columns {
	cols := Columns{}
	for _, p := range c.entity.Properties {
		cols[p.Name] = "p_" + strings.ToLower(p.Name)
		if p.Type == DateTimeOffset || p.Type == Duration {
			cols[p.Name] += "_ms"
		}
	}
	return cols
}

func (c *corpus) createTable(t *testing.T, b *sqlBackend) string {
	t.Helper()
	table := b.schema + "t_" + strings.TrimSuffix(c.file, ".corpus")
	cols := c.columns()
	var defs, names, marks []string
	for i, p := range c.entity.Properties {
		defs = append(defs, cols[p.Name]+" "+columnTypes[b.dialect][p.Type])
		names = append(names, cols[p.Name])
		marks = append(marks, "$"+strconv.Itoa(i+1))
	}
	mustExec(t, b.db, "CREATE TABLE "+table+" ("+strings.Join(defs, ", ")+")")
	insert := "INSERT INTO " + table + " (" + strings.Join(names, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")"
	for _, row := range c.rows {
		var args []any
		for _, p := range c.entity.Properties {
			var v any
			if n := normalize(p.Type, row[p.Name]); n != nil {
				v = sqlValue(p.Type, n)
			}
			args = append(args, v)
		}
		mustExec(t, b.db, insert, args...)
	}
	return table
}

func mustExec(t *testing.T, db *sql.DB, query string, args ...any) {
	t.Helper()
	if _, err := db.Exec(query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func (c *corpus) runSQL(t *testing.T, b *sqlBackend) {
	if b.db == nil {
		t.Skip(b.skip)
	}
	table := c.createTable(t, b)
	cols := c.columns()
	id := cols[c.entity.Properties[0].Name]
	for _, cc := range c.cases {
		o, err := ParseOptions(cc.query, c.entity)
		if err != nil || o.Search != nil {
			continue // errors are the parser's, checked in memory; $search runs in memory only
		}
		o.Now = func() time.Time { return c.now }
		where, orderBy, args, err := o.SQL(cols, b.dialect, 1)
		if err != nil {
			t.Errorf("%s:%d %s: SQL: %v", c.file, cc.line, cc.text, err)
			continue
		}
		ids, count, err := c.query(b, table, id, o, where, orderBy, args)
		if err != nil {
			t.Errorf("%s:%d %s: %v\nWHERE %s\nORDER BY %s\nargs %v", c.file, cc.line, cc.text, err, where, orderBy, args)
			continue
		}
		c.check(t, cc, ids, count)
	}
}

// query runs the page and the count query as a handler would.
func (c *corpus) query(b *sqlBackend, table, id string, o *Options, where, orderBy string, args []any) ([]int64, int, error) {
	cond := ""
	if where != "" {
		cond = " WHERE " + where
	}
	var count int
	if err := b.db.QueryRow("SELECT count(*) FROM "+table+cond, args...).Scan(&count); err != nil {
		return nil, 0, err
	}
	if orderBy != "" {
		orderBy += ", "
	}
	q := "SELECT " + id + " FROM " + table + cond + " ORDER BY " + orderBy + id
	switch {
	case o.Top != nil:
		q += " LIMIT " + strconv.Itoa(*o.Top)
	case o.Skip != nil:
		q += map[Dialect]string{SQLite: " LIMIT -1", PostgreSQL: " LIMIT ALL"}[b.dialect]
	}
	if o.Skip != nil {
		q += " OFFSET " + strconv.Itoa(*o.Skip)
	}
	rows, err := b.db.Query(q, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	ids := []int64{}
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, 0, err
		}
		ids = append(ids, n)
	}
	return ids, count, rows.Err()
}
