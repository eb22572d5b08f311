package store

import (
	"context"
	"math"
	"slices"
	"strings"
)

// hourMillis is the length of a call_counts row's hour; migration 0009 and
// its triggers write the same number.
const hourMillis = 3600000

// countPlan is a count that call_counts can answer: the calls of a tenant
// whose status is one of statuses (any status if anyStatus) and whose
// created_ms is from lo to hi, both included.
type countPlan struct {
	anyStatus bool
	statuses  []string
	lo, hi    int64
}

// planCount reads conds as a countPlan. It answers false for any condition
// but status = or IN (text) and a created range (=, <, <=, >, >=, BETWEEN on
// whole milliseconds): those are left to the plain count.
func planCount(conds []CallCondition) (countPlan, bool) {
	// All created_ms are times from 1970 to 2199 (activity's validation):
	// these bounds select every call and keep the hour arithmetic far from
	// overflowing.
	p := countPlan{anyStatus: true, lo: math.MinInt64 / 2, hi: math.MaxInt64 / 2}
	for _, c := range conds {
		if want := operandCount(c.Op); want >= 0 && len(c.Values) != want {
			return p, false
		}
		var ok bool
		switch c.Field {
		case FieldStatus:
			ok = p.addStatuses(c)
		case FieldCreated:
			ok = p.addCreated(c)
		}
		if !ok {
			return p, false
		}
	}
	return p, true
}

// addStatuses narrows the plan to the statuses of c (= or IN).
func (p *countPlan) addStatuses(c CallCondition) bool {
	if c.Op != OpEqual && c.Op != OpIn {
		return false
	}
	var set []string
	for _, v := range c.Values {
		s, ok := v.(string)
		if !ok {
			return false
		}
		if p.anyStatus || slices.Contains(p.statuses, s) {
			set = append(set, s)
		}
	}
	slices.Sort(set)
	p.statuses, p.anyStatus = slices.Compact(set), false
	return true
}

// addCreated narrows the plan's period to the range of c.
func (p *countPlan) addCreated(c CallCondition) bool {
	v := make([]int64, len(c.Values))
	for i, value := range c.Values {
		n, ok := value.(int64)
		if !ok {
			return false
		}
		v[i] = min(max(n, math.MinInt64/2), math.MaxInt64/2)
	}
	switch c.Op {
	case OpEqual:
		p.lo, p.hi = max(p.lo, v[0]), min(p.hi, v[0])
	case OpGreater:
		p.lo = max(p.lo, v[0]+1)
	case OpGreaterEqual:
		p.lo = max(p.lo, v[0])
	case OpLess:
		p.hi = min(p.hi, v[0]-1)
	case OpLessEqual:
		p.hi = min(p.hi, v[0])
	case OpBetween:
		p.lo, p.hi = max(p.lo, v[0]), min(p.hi, v[1])
	default:
		return false
	}
	return true
}

// empty reports whether p selects no call whatever is stored: no status, or
// a period that ends before it starts.
func (p countPlan) empty() bool {
	return !p.anyStatus && len(p.statuses) == 0 || p.lo > p.hi
}

// wholeHours are the first and last hour that lie within the plan's period
// whole; first > last when none does. Hours before 1970 hold no calls and
// are left out, so that created_ms / 3600000 (which rounds toward zero) is
// the hour of every call counted.
func (p countPlan) wholeHours() (first, last int64) {
	first = max(floorDiv(p.lo+hourMillis-1, hourMillis), 0)
	last = floorDiv(p.hi+1, hourMillis) - 1
	return first, last
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// countByHours counts what p selects: call_counts' rows of the period's
// whole hours, plus the calls of its partial hours at either end counted
// one by one (from calls_by_status, or calls_by_created for any status).
// One statement reads both, so they are of one moment.
func (db *DB) countByHours(ctx context.Context, tenantID int64, p countPlan, first, last int64) (int64, error) {
	w := newWhere()
	tenant := w.arg(tenantID)
	statusIn := func(column string) string {
		if p.anyStatus {
			return ""
		}
		marks := make([]string, len(p.statuses))
		for i, s := range p.statuses {
			marks[i] = w.arg(s)
		}
		return " AND " + column + " IN (" + strings.Join(marks, ", ") + ")"
	}
	partial := func(lo, hi int64) string {
		return `(SELECT COUNT(*) FROM calls e WHERE e.tenant_id = ` + tenant + statusIn("e.status") +
			` AND e.created_ms BETWEEN ` + w.arg(lo) + ` AND ` + w.arg(hi) + `)`
	}
	query := `SELECT (SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) FROM call_counts WHERE tenant_id = ` + tenant +
		statusIn("status") + ` AND created_hour BETWEEN ` + w.arg(first) + ` AND ` + w.arg(last) + `)` +
		` + ` + partial(p.lo, first*hourMillis-1) + ` + ` + partial((last+1)*hourMillis, p.hi)
	var n int64
	err := db.read.QueryRowContext(ctx, query, w.args...).Scan(&n)
	return n, err
}
