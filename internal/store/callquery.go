package store

import (
	"context"
	"fmt"
	"strings"

	"agentlog/internal/activity"
)

// CallField names a column of a call that queries may filter and sort on.
// The names are the store's own; each API surface maps its vendor's names
// onto them, so no input ever becomes SQL text.
type CallField string

// The fields of a call. Link fields are "link:" and a name of
// activity.LinkNames.
const (
	FieldID            CallField = "id"
	FieldCreated       CallField = "created"
	FieldUpdated       CallField = "updated"
	FieldFromNumber    CallField = "fromNumber"
	FieldToNumber      CallField = "toNumber"
	FieldStatus        CallField = "status"
	FieldStatusMessage CallField = "statusMessage"
	FieldCost          CallField = "cost"
	FieldCallData      CallField = "callData"
)

// LinkField is the field of the link named name ("incident", ...).
func LinkField(name string) CallField { return CallField("link:" + name) }

// callField describes how a field is stored.
type callField struct {
	column string
	text   bool // compared and sorted as text
}

func lookupField(f CallField) (callField, bool) {
	if name, ok := strings.CutPrefix(string(f), "link:"); ok {
		col, ok := linkColumns[name]
		return callField{column: col}, ok
	}
	c, ok := map[CallField]callField{
		FieldID: {column: "id"}, FieldCreated: {column: "created_ms"}, FieldUpdated: {column: "updated_ms"},
		FieldFromNumber: {column: "from_number", text: true}, FieldToNumber: {column: "to_number", text: true},
		FieldStatus: {column: "status", text: true}, FieldStatusMessage: {column: "status_message", text: true},
		FieldCost: {column: "cost_cents"}, FieldCallData: {column: "call_data"},
	}[f]
	return c, ok
}

// Op is a comparison of a CallCondition.
type Op string

// The operators. Values holds the operands: one for comparisons, two for
// Between (both ends included), any number for In and NotIn, none for
// IsNull and NotNull; JSONKeyEquals compares the JSON value (as JSON text)
// under Key. Contains, StartsWith, EndsWith and NotContains match text
// without regard to case, and take % and _ literally.
const (
	OpEqual         Op = "="
	OpNotEqual      Op = "!="
	OpEqualOrNull   Op = "= or null"
	OpGreater       Op = ">"
	OpGreaterEqual  Op = ">="
	OpLess          Op = "<"
	OpLessEqual     Op = "<="
	OpGreaterOrNull Op = "> or null"
	OpLessOrNull    Op = "< or null"
	OpBetween       Op = "between"
	OpIn            Op = "in"
	OpNotIn         Op = "not in"
	OpContains      Op = "contains"
	OpNotContains   Op = "not contains"
	OpStartsWith    Op = "starts with"
	OpEndsWith      Op = "ends with"
	OpIsNull        Op = "is null"
	OpNotNull       Op = "not null"
	OpJSONKeyEquals Op = "json key ="
)

// CallCondition is one condition on a call: Field Op Values.
type CallCondition struct {
	Field  CallField
	Op     Op
	Values []any  // int64 or float64 for numbers and times (ms), strings otherwise
	Key    string // OpJSONKeyEquals: the key of the JSON object
}

// CallSort orders by a field.
type CallSort struct {
	Field      CallField
	Descending bool
}

// CallQuery selects, orders and pages calls. All conditions must hold.
// The order always ends with the id, so that pages never repeat or skip.
type CallQuery struct {
	Conditions []CallCondition
	Sort       []CallSort
	Limit      int
	Offset     int
}

// CountCalls counts the calls that q's conditions select. A count of
// statuses over a period of whole hours is mostly read from call_counts
// (countByHours); any other is counted call by call.
func (db *DB) CountCalls(ctx context.Context, tenantID int64, q CallQuery) (int64, error) {
	if p, ok := planCount(q.Conditions); ok {
		if p.empty() {
			return 0, nil
		}
		if first, last := p.wholeHours(); first <= last {
			return db.countByHours(ctx, tenantID, p, first, last)
		}
	}
	w, err := db.callWhere(tenantID, q.Conditions)
	if err != nil {
		return 0, err
	}
	var n int64
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM calls e WHERE `+w.String(), w.args...).Scan(&n)
	return n, err
}

// FindCalls streams the calls q selects, in q's order, to fn.
func (db *DB) FindCalls(ctx context.Context, tenantID int64, q CallQuery, fn func(activity.Call) error) error {
	w, err := db.callWhere(tenantID, q.Conditions)
	if err != nil {
		return err
	}
	order, err := db.callOrder(q.Sort)
	if err != nil {
		return err
	}
	return db.eachCall(ctx, w.String(), w.args, order+limitClause(w, EventFilter{Limit: q.Limit, Offset: q.Offset}), fn)
}

func (db *DB) callWhere(tenantID int64, conds []CallCondition) (*where, error) {
	w := newWhere()
	w.add("e.tenant_id = ?", tenantID)
	for _, c := range conds {
		if err := db.addCondition(w, c); err != nil {
			return nil, err
		}
	}
	return w, nil
}

// callOrder writes ORDER BY. NULLs sort as the largest values on both
// databases, and text in byte order, so that both give one order.
func (db *DB) callOrder(sorts []CallSort) (string, error) {
	var parts []string
	for _, s := range sorts {
		f, ok := lookupField(s.Field)
		if !ok || s.Field == FieldCallData {
			return "", fmt.Errorf("store: cannot sort calls by %q", s.Field)
		}
		col := "e." + f.column
		if f.text && db.dialect == postgresDialect {
			col += ` COLLATE "C"`
		}
		if s.Descending {
			parts = append(parts, col+" DESC NULLS FIRST")
		} else {
			parts = append(parts, col+" ASC NULLS LAST")
		}
		if s.Field == FieldID {
			return " ORDER BY " + strings.Join(parts, ", "), nil
		}
	}
	return " ORDER BY " + strings.Join(append(parts, "e.id ASC"), ", "), nil
}
