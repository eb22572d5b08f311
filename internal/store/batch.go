package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// batch is a set of rows to insert into one table in one statement or
// COPY. The tenant id (and, for events, seq) is added by insertBatch.
type batch struct {
	table     string
	columns   []string // without tenant_id and seq
	conflict  string   // the ON CONFLICT clause
	sequenced bool     // the table has a seq column (ingestion order)
	n         int
	row       func(i int) []any // the values of row i, in columns order
}

// written counts what a batch did to its table.
type written struct {
	rows     int64 // rows inserted or changed
	inserted int64 // rows inserted; -1 where the database cannot tell (a SQLite upsert)
}

// insertBatch writes b.
func (tx *Tx) insertBatch(ctx context.Context, tenantID int64, b batch) (written, error) {
	if b.n == 0 {
		return written{}, nil
	}
	if b.sequenced {
		if err := tx.feedChanged(ctx, tenantID); err != nil {
			return written{}, err
		}
	}
	if tx.db.dialect == postgresDialect {
		return tx.copyBatch(ctx, tenantID, b)
	}
	return tx.insertValues(ctx, tenantID, b)
}

// sqliteRowsPerStatement keeps a statement's parameters well under SQLite's
// limit of 32766 while amortising the cost of each statement.
const sqliteRowsPerStatement = 200

// insertValues writes b with multi-row INSERTs. SQLite has no sequence for
// seq; the single writer connection makes MAX(seq)+1 safe.
func (tx *Tx) insertValues(ctx context.Context, tenantID int64, b batch) (written, error) {
	var seq int64
	if b.sequenced {
		err := tx.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) FROM `+b.table+` WHERE tenant_id = $1`, tenantID).Scan(&seq)
		if err != nil {
			return written{}, err
		}
	}
	// Parsing a statement of thousands of parameters costs about as much as
	// running it: the full-size one is prepared once for the whole batch.
	var full *sql.Stmt
	if b.n >= sqliteRowsPerStatement {
		var err error
		if full, err = tx.conn.PrepareContext(ctx, valuesStatement(b, sqliteRowsPerStatement)); err != nil {
			return written{}, err
		}
		defer full.Close()
	}
	var total int64
	for start := 0; start < b.n; start += sqliteRowsPerStatement {
		end := min(start+sqliteRowsPerStatement, b.n)
		args := make([]any, 0, (end-start)*(len(b.columns)+2))
		for i := start; i < end; i++ {
			args = append(args, tenantID)
			if b.sequenced {
				seq++
				args = append(args, seq)
			}
			args = append(args, b.row(i)...)
		}
		var res sql.Result
		var err error
		if end-start == sqliteRowsPerStatement {
			res, err = full.ExecContext(ctx, args...)
		} else {
			res, err = tx.exec(ctx, valuesStatement(b, end-start), args...)
		}
		if err != nil {
			return written{}, err
		}
		n, _ := res.RowsAffected()
		total += n
	}
	w := written{rows: total, inserted: total}
	if strings.Contains(b.conflict, "DO UPDATE") {
		w.inserted = -1
	}
	return w, nil
}

// valuesStatement writes anonymous ? placeholders: SQLite looks numbered
// ones up by name, which makes preparing thousands of them quadratic.
func valuesStatement(b batch, rows int) string {
	cols := append([]string{"tenant_id"}, b.columns...)
	if b.sequenced {
		cols = append([]string{"tenant_id", "seq"}, b.columns...)
	}
	var s strings.Builder
	fmt.Fprintf(&s, "INSERT INTO %s (%s) VALUES ", b.table, strings.Join(cols, ", "))
	for r := 0; r < rows; r++ {
		if r > 0 {
			s.WriteString(", ")
		}
		s.WriteByte('(')
		for c := range cols {
			if c > 0 {
				s.WriteString(", ")
			}
			s.WriteByte('?')
		}
		s.WriteByte(')')
	}
	return s.String() + " " + b.conflict
}

// copyBatch writes b through COPY into a temporary table, then moves the
// rows in with one INSERT ... SELECT that applies the conflict rule: COPY
// itself cannot skip or merge existing rows. ord keeps the batch's order,
// which the seq identity then follows.
func (tx *Tx) copyBatch(ctx context.Context, tenantID int64, b batch) (written, error) {
	temp := "incoming_" + b.table
	cols := strings.Join(b.columns, ", ")
	create := fmt.Sprintf(`CREATE TEMP TABLE %s ON COMMIT DROP AS SELECT 0 AS ord, %s FROM %s WITH NO DATA`, temp, cols, b.table)
	if _, err := tx.exec(ctx, create); err != nil {
		return written{}, err
	}
	err := tx.conn.Raw(func(driverConn any) error {
		conn := driverConn.(*stdlib.Conn).Conn()
		_, err := conn.CopyFrom(ctx, pgx.Identifier{temp}, append([]string{"ord"}, b.columns...),
			pgx.CopyFromFunc(copyRows(b)))
		return err
	})
	if err != nil {
		return written{}, err
	}
	// xmax = 0 tells a row this statement inserted from one it updated.
	insert := fmt.Sprintf(`INSERT INTO %s (tenant_id, %s) SELECT $1, %s FROM %s ORDER BY ord %s RETURNING (xmax = 0)`,
		b.table, cols, cols, temp, b.conflict)
	w, err := tx.countReturned(ctx, insert, tenantID)
	if err != nil {
		return w, err
	}
	_, err = tx.exec(ctx, `DROP TABLE `+temp)
	return w, err
}

// countReturned runs an INSERT that returns one boolean per row written:
// true for an inserted row.
func (tx *Tx) countReturned(ctx context.Context, query string, args ...any) (written, error) {
	var w written
	rows, err := tx.query(ctx, query, args...)
	if err != nil {
		return w, err
	}
	defer rows.Close()
	for rows.Next() {
		var inserted bool
		if err := rows.Scan(&inserted); err != nil {
			return w, err
		}
		w.rows++
		if inserted {
			w.inserted++
		}
	}
	return w, rows.Err()
}

func copyRows(b batch) func() ([]any, error) {
	i := 0
	return func() ([]any, error) {
		if i >= b.n {
			return nil, nil
		}
		row := append([]any{int32(i)}, b.row(i)...)
		i++
		return row, nil
	}
}
