package store

import (
	"context"
	"database/sql"
	"time"

	"agentlog/internal/activity"
)

// ExtensionCallFilter selects the calls ExtensionCalls counts.
type ExtensionCallFilter struct {
	From, To   time.Time // the half-open period, on the call's creation time
	Extensions []string  // nil: every extension
	Direction  string    // "": any; activity.Internal; or "external" for inbound and outbound
}

// ExtensionCallCounts are one extension's calls of a period, seen from the
// extension: inbound ones reached it, outbound ones it made. Talk is from
// answer to end.
type ExtensionCallCounts struct {
	Extension                            string
	InboundAnswered, InboundUnanswered   int64
	OutboundAnswered, OutboundUnanswered int64
	InboundTalk, OutboundTalk            time.Duration
}

// ExtensionCalls counts calls per handling extension, in the database. A
// call's extension is its own, or its agent's when it names none; calls
// with neither are not counted. An internal call is outbound for the
// extension it came from (fromNumber) and inbound otherwise. Rows come in
// no particular order.
func (db *DB) ExtensionCalls(ctx context.Context, tenantID int64, f ExtensionCallFilter) ([]ExtensionCallCounts, error) {
	w := newWhere()
	w.add("e.tenant_id = ?", tenantID)
	w.add("e.created_ms >= ?", f.From.UnixMilli())
	w.add("e.created_ms < ?", f.To.UnixMilli())
	addTallyConditions(w, TallyFilter{Direction: f.Direction})
	outer := newWhere(w.args...)
	outer.add("x.ext <> ''")
	if f.Extensions != nil {
		outer.in("x.ext", f.Extensions)
	}
	answered := "x.answered_ms IS NOT NULL"
	talk := "CASE WHEN x.ended_ms > x.answered_ms THEN x.ended_ms - x.answered_ms ELSE 0 END"
	query := `SELECT x.ext,
		SUM(CASE WHEN x.inbound = 1 AND ` + answered + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN x.inbound = 1 AND NOT ` + answered + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN x.inbound = 0 AND ` + answered + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN x.inbound = 0 AND NOT ` + answered + ` THEN 1 ELSE 0 END),
		CAST(SUM(CASE WHEN x.inbound = 1 AND ` + answered + ` THEN ` + talk + ` ELSE 0 END) AS BIGINT),
		CAST(SUM(CASE WHEN x.inbound = 0 AND ` + answered + ` THEN ` + talk + ` ELSE 0 END) AS BIGINT)
		FROM (SELECT ` + handlerExt + ` AS ext,
			CASE WHEN e.direction = 'inbound' OR (e.direction = 'internal' AND e.from_number <> ` + handlerExt + `) THEN 1 ELSE 0 END AS inbound,
			e.answered_ms, e.ended_ms
			FROM calls e LEFT JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.user_id
			WHERE ` + w.String() + `) x
		WHERE ` + outer.String() + ` GROUP BY x.ext`
	var out []ExtensionCallCounts
	err := db.each(ctx, query, outer.args, func(rows *sql.Rows) error {
		var c ExtensionCallCounts
		var inTalk, outTalk int64
		if err := rows.Scan(&c.Extension, &c.InboundAnswered, &c.InboundUnanswered, &c.OutboundAnswered,
			&c.OutboundUnanswered, &inTalk, &outTalk); err != nil {
			return err
		}
		c.InboundTalk, c.OutboundTalk = time.Duration(inTalk)*time.Millisecond, time.Duration(outTalk)*time.Millisecond
		out = append(out, c)
		return nil
	})
	return out, err
}

// TalkSpan is one answered call's talk: from its answer to its end.
type TalkSpan struct {
	UserID    string // the agent; "" when the call names none
	Extension string
	Queue     string
	Span      activity.Span
}

// TalkSpans streams the talk of the answered, ended calls created in
// [from, to) to fn, in no particular order. handlers, when not nil, keeps
// the calls of these agents or extensions.
func (db *DB) TalkSpans(ctx context.Context, tenantID int64, from, to time.Time, handlers *Handlers, fn func(TalkSpan) error) error {
	w := newWhere()
	w.add("e.tenant_id = ?", tenantID)
	w.add("e.created_ms >= ?", from.UnixMilli())
	w.add("e.created_ms < ?", to.UnixMilli())
	w.add("e.answered_ms IS NOT NULL AND e.ended_ms > e.answered_ms")
	if handlers != nil {
		addHandlers(w, *handlers)
	}
	query := `SELECT COALESCE(e.user_id, ''), e.extension, e.queue, e.answered_ms, e.ended_ms FROM calls e WHERE ` + w.String()
	return db.each(ctx, query, w.args, func(rows *sql.Rows) error {
		var s TalkSpan
		var answered, ended int64
		if err := rows.Scan(&s.UserID, &s.Extension, &s.Queue, &answered, &ended); err != nil {
			return err
		}
		s.Span = activity.Span{Start: activity.FromMillis(answered), End: activity.FromMillis(ended)}
		return fn(s)
	})
}
