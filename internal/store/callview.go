package store

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
)

// The call view sees each call as one segment between its two ends: the
// source, who called, and the destination, who was called. One end is the
// agent or extension that handled the call; the other is the outside
// party, or for an internal call the other extension. Its fields are SQL
// expressions over "calls e LEFT JOIN users u", so that a query language
// (OData, through internal/odata's SQL builder) filters, counts and sorts a
// tenant's calls in the database rather than in memory.

// CallViewField names a field of the call view.
type CallViewField string

// The fields of the call view. Times and durations are milliseconds;
// booleans are SQLite's 0/1 or PostgreSQL's boolean.
const (
	ViewSeq         CallViewField = "seq"         // the call's place in the change order (calls.seq)
	ViewStart       CallViewField = "start"       // when it started, or arrived if its start is unknown
	ViewEnd         CallViewField = "end"         // when it ended; the start when that is unknown or earlier
	ViewDuration    CallViewField = "duration"    // end − start
	ViewAnswered    CallViewField = "answered"    // it has an answer time
	ViewSrcNumber   CallViewField = "srcNumber"   // the calling number; null when empty
	ViewDstNumber   CallViewField = "dstNumber"   // the called number; null when empty
	ViewSrcDn       CallViewField = "srcDn"       // the source's extension; null for an outside party
	ViewDstDn       CallViewField = "dstDn"       // the destination's extension; null for an outside party
	ViewSrcName     CallViewField = "srcName"     // the agent's name when the agent is the source
	ViewDstName     CallViewField = "dstName"     // the agent's name when the agent is the destination
	ViewSrcExternal CallViewField = "srcExternal" // the source is outside (an inbound call)
	ViewDstExternal CallViewField = "dstExternal" // the destination is outside (an outbound call)
)

// handlerExt is the handler's extension: the call's, else its agent's, else
// "".
const handlerExt = `(CASE WHEN e.extension <> '' THEN e.extension ELSE COALESCE(u.extension, '') END)`

// agentIsSource: the handler called. An internal call was made by the
// handler when it came from the handler's extension; never null.
const agentIsSource = `(e.direction = 'outbound' OR (e.direction = 'internal' AND e.from_number <> '' AND e.from_number = ` + handlerExt + `))`

var callViewColumns = map[CallViewField]string{
	ViewSeq:         "e.seq",
	ViewStart:       "e.created_ms",
	ViewEnd:         "(CASE WHEN e.ended_ms > e.created_ms THEN e.ended_ms ELSE e.created_ms END)",
	ViewDuration:    "(CASE WHEN e.ended_ms > e.created_ms THEN e.ended_ms - e.created_ms ELSE 0 END)",
	ViewAnswered:    "(e.answered_ms IS NOT NULL)",
	ViewSrcNumber:   "NULLIF(e.from_number, '')",
	ViewDstNumber:   "NULLIF(e.to_number, '')",
	ViewSrcDn:       "(CASE WHEN " + agentIsSource + " THEN NULLIF(" + handlerExt + ", '') WHEN e.direction = 'internal' THEN NULLIF(e.from_number, '') END)",
	ViewDstDn:       "(CASE WHEN " + agentIsSource + " THEN (CASE WHEN e.direction = 'internal' THEN NULLIF(e.to_number, '') END) ELSE NULLIF(" + handlerExt + ", '') END)",
	ViewSrcName:     "(CASE WHEN " + agentIsSource + " THEN u.name END)",
	ViewDstName:     "(CASE WHEN " + agentIsSource + " THEN NULL ELSE u.name END)",
	ViewSrcExternal: "(e.direction = 'inbound')",
	ViewDstExternal: "(e.direction = 'outbound')",
}

// CallViewColumn is the SQL expression of a field, for a query language's
// SQL builder. It comes from code, never from a request.
func CallViewColumn(f CallViewField) string { return callViewColumns[f] }

// CallViewQuery selects, orders and pages the call view. Where and OrderBy
// are SQL made from CallViewColumn expressions (by internal/odata's SQL
// builder), with placeholders from $2 on: $1 is the tenant.
type CallViewQuery struct {
	Select  []string // the expressions to read, in order
	Where   string   // a condition; "" for every call
	Args    []any    // the values of Where's placeholders
	OrderBy string   // an ORDER BY list; "" for the default order
	// The order always ends with the start and the call id, ascending or,
	// with Descending, descending, so that pages never repeat or skip; an
	// index serves that order alone and after a sort on the start.
	Descending    bool
	Limit, Offset int // Limit 0: no limit
}

const callViewFrom = ` FROM calls e LEFT JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.user_id WHERE e.tenant_id = $1`

// CountCallView counts the calls that where selects.
func (db *DB) CountCallView(ctx context.Context, tenantID int64, where string, args []any) (int64, error) {
	var n int64
	err := db.read.QueryRowContext(ctx, `SELECT COUNT(*)`+callViewFrom+andWhere(where), append([]any{tenantID}, args...)...).Scan(&n)
	return n, err
}

// EachCallView streams the rows q selects to fn, each as the values of
// q.Select in the driver's types (nil for NULL). fn must not keep values
// beyond its call.
func (db *DB) EachCallView(ctx context.Context, tenantID int64, q CallViewQuery, fn func(values []any) error) error {
	args := append([]any{tenantID}, q.Args...)
	query := `SELECT ` + strings.Join(q.Select, ", ") + callViewFrom + andWhere(q.Where) + ` ORDER BY ` + callViewOrder(q)
	switch {
	case q.Limit > 0:
		args = append(args, q.Limit)
		query += ` LIMIT $` + strconv.Itoa(len(args))
	case q.Offset > 0 && db.dialect == sqliteDialect:
		query += ` LIMIT -1` // SQLite takes an OFFSET only after a LIMIT
	}
	if q.Offset > 0 {
		args = append(args, q.Offset)
		query += ` OFFSET $` + strconv.Itoa(len(args))
	}
	values := make([]any, len(q.Select))
	dest := make([]any, len(values))
	for i := range values {
		dest[i] = &values[i]
	}
	return db.each(ctx, query, args, func(rows *sql.Rows) error {
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		return fn(values)
	})
}

// callViewOrder is q's order, then the start and the call id. The start is
// left out where q orders by it already: repeated, it would keep SQLite
// from reading the order from the index on (tenant, start, id), and make it
// sort the whole tenant for a page.
func callViewOrder(q CallViewQuery) string {
	dir := " ASC"
	if q.Descending {
		dir = " DESC"
	}
	var order []string
	if q.OrderBy != "" {
		order = append(order, q.OrderBy)
	}
	start := callViewColumns[ViewStart]
	if !slices.ContainsFunc(strings.Split(q.OrderBy, ", "), func(term string) bool { return strings.HasPrefix(term, start+" ") }) {
		order = append(order, start+dir)
	}
	return strings.Join(append(order, "e.id"+dir), ", ")
}

func andWhere(where string) string {
	if where == "" {
		return ""
	}
	return " AND " + where
}
