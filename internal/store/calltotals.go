package store

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"agentlog/internal/activity"
)

// Groupings of the calls report.
const (
	ByNone      = ""
	ByUser      = "user"
	ByQueue     = "queue"
	ByExtension = "extension"
)

// groupColumns are the group value of each grouping, "" for none (and for a
// call without an agent).
var groupColumns = map[string]string{ByNone: "''", ByUser: "COALESCE(e.user_id, '')", ByQueue: "e.queue", ByExtension: "e.extension"}

// CallTotalsFilter selects and groups the calls a calls report counts.
type CallTotalsFilter struct {
	From, To  time.Time // the half-open period, on the call's start
	Direction string    // "": any
	UserIDs   []string  // nil: any call; else calls these agents handled
	GroupBy   string    // ByNone, ByUser, ByQueue or ByExtension
	Rules     activity.CallRules
	// Whole sums the whole period into one row per group (its Quarter is
	// the quarter of From), for a caller that wants no buckets: a month of
	// a large tenant grouped by user is then hundreds of rows, not hundreds
	// of thousands.
	Whole bool
}

// CallTotalsRow are the totals of one UTC quarter hour and group value.
type CallTotalsRow struct {
	Quarter time.Time // its start
	Group   string    // the user id, queue or extension; "" without grouping
	activity.CallTotals
}

// CallTotals sums calls per quarter hour of UTC and group value in the
// database, as activity.CallTotalsOf counts each call, and hands the rows to
// fn in quarter order. Calls without a start time are left out. Every
// zone's offset is a whole number of quarters, so a caller rolls the
// quarters up into the buckets of any zone.
func (db *DB) CallTotals(ctx context.Context, tenantID int64, f CallTotalsFilter, fn func(CallTotalsRow) error) error {
	group, ok := groupColumns[f.GroupBy]
	if !ok {
		return activity.Errorf(activity.EInvalid, "groupBy %q is not valid: use user, queue or extension", f.GroupBy)
	}
	w := newWhere()
	w.add("e.tenant_id = ?", tenantID)
	w.add("e.created_ms >= ?", f.From.UnixMilli())
	w.add("e.created_ms < ?", f.To.UnixMilli())
	w.add("e.started_ms IS NOT NULL")
	if f.Direction != "" {
		w.add("e.direction = ?", f.Direction)
	}
	if f.UserIDs != nil {
		w.in("e.user_id", f.UserIDs)
	}
	threshold := w.arg(f.Rules.Threshold.Milliseconds())
	short := w.arg(f.Rules.ShortAbandon.Milliseconds())

	// The same classification as activity.CallTotalsOf.
	const (
		answered  = "e.answered_ms IS NOT NULL"
		wait      = "(e.answered_ms - e.started_ms)"
		ring      = "(e.ended_ms - e.started_ms)"
		abandoned = "(e.answered_ms IS NULL AND (e.outcome = 'abandoned' OR e.outcome = 'unanswered' AND e.ended_ms IS NOT NULL))"
	)
	shortAbandon := abandoned + " AND e.ended_ms IS NOT NULL AND " + ring + " < " + short
	offered := "NOT (" + shortAbandon + ")"
	count := func(cond string) string { return "SUM(CASE WHEN " + cond + " THEN 1 ELSE 0 END)" }
	sum := func(cond, value string) string {
		return "CAST(SUM(CASE WHEN " + cond + " THEN " + value + " ELSE 0 END) AS BIGINT)"
	}
	bucket := strconv.FormatInt(f.From.UnixMilli()/activity.QuarterMillis, 10) // a number, never input text
	if !f.Whole {
		bucket = "e.created_ms / " + w.arg(activity.QuarterMillis)
	}
	query := `SELECT ` + bucket + ` AS q, ` + group + ` AS g, ` +
		count(offered) + `, ` +
		count(answered) + `, ` +
		count(answered+" AND e.ended_ms IS NOT NULL") + `, ` +
		count(abandoned+" AND "+offered) + `, ` +
		count(shortAbandon) + `, ` +
		count(answered+" AND "+wait+" <= "+threshold) + `, ` +
		count(answered+" AND "+wait+" < "+threshold) + `, ` +
		count(abandoned+" AND "+ring+" < "+threshold) + `, ` +
		sum(answered+" AND e.ended_ms IS NOT NULL", "e.ended_ms - e.answered_ms") + `, ` +
		sum(answered, wait) + `, ` +
		sum(answered, wait) + ` + ` + sum("e.answered_ms IS NULL AND e.ended_ms IS NOT NULL AND "+offered, ring) + `
		FROM calls e WHERE ` + w.String() + ` GROUP BY q, g ORDER BY q`
	return db.each(ctx, query, w.args, func(rows *sql.Rows) error {
		var r CallTotalsRow
		var q int64
		t := &r.CallTotals
		if err := rows.Scan(&q, &r.Group, &t.Offered, &t.Answered, &t.Handled, &t.Abandoned, &t.ShortAbandoned,
			&t.AnsweredWithin, &t.AnsweredBelow, &t.AbandonedBelow, &t.TalkMillis, &t.AnswerMillis, &t.RingMillis); err != nil {
			return err
		}
		r.Quarter = activity.FromMillis(q * activity.QuarterMillis)
		return fn(r)
	})
}
