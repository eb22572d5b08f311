package store

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// Handlers selects calls by who handled them: the agent (user id) or the
// extension. A call matches when either matches.
type Handlers struct {
	UserIDs    []string
	Extensions []string
}

// TallyFilter selects the calls a report counts.
type TallyFilter struct {
	From, To time.Time // the half-open period, on the call's creation time
	// Handlers must each match (a group and a list of extensions, say);
	// with none, every call that reached an agent or an extension counts.
	Handlers     []Handlers
	ExcludeQueue bool   // leave out calls that came through a queue
	Direction    string // "": any; activity.Internal; or "external" for inbound and outbound
	// MinUnansweredRing leaves out unanswered calls that rang for less: the
	// short abandons. Zero counts them all.
	MinUnansweredRing time.Duration
}

// Tally counts the calls of one quarter hour of UTC.
type Tally struct {
	Quarter    time.Time // its start
	Answered   int64
	Unanswered int64
	Inbound    int64
	Outbound   int64
}

// TallyCalls counts calls per quarter hour of UTC, in the database, so that
// a month of a large tenant becomes a few thousand rows. Every zone's offset
// is a whole number of quarters, so a caller rolls the quarters up into the
// buckets of any zone (activity.Buckets).
func (db *DB) TallyCalls(ctx context.Context, tenantID int64, f TallyFilter) ([]Tally, error) {
	w := newWhere()
	w.add("e.tenant_id = ?", tenantID)
	db.addCreatedPeriod(w, f.From, f.To)
	addTallyConditions(w, f)
	wait := w.arg(f.MinUnansweredRing.Milliseconds())
	query := `SELECT ` + quarterOf + ` AS q,
		SUM(CASE WHEN e.answered_ms IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN e.answered_ms IS NULL AND COALESCE(e.ended_ms - e.started_ms, 0) >= ` + wait + ` THEN 1 ELSE 0 END),
		SUM(CASE WHEN e.direction = 'inbound' THEN 1 ELSE 0 END),
		SUM(CASE WHEN e.direction = 'outbound' THEN 1 ELSE 0 END)
		FROM calls e WHERE ` + w.String() + ` GROUP BY ` + quarterOf + ` ORDER BY ` + quarterOf
	var out []Tally
	err := db.each(ctx, query, w.args, func(rows *sql.Rows) error {
		var t Tally
		var q int64
		if err := rows.Scan(&q, &t.Answered, &t.Unanswered, &t.Inbound, &t.Outbound); err != nil {
			return err
		}
		t.Quarter = activity.FromMillis(q * activity.QuarterMillis)
		out = append(out, t)
		return nil
	})
	return out, err
}

func addTallyConditions(w *where, f TallyFilter) {
	if len(f.Handlers) == 0 {
		w.add("(e.user_id IS NOT NULL OR e.extension <> '')")
	}
	for _, h := range f.Handlers {
		addHandlers(w, h)
	}
	if f.ExcludeQueue {
		w.add("e.queue = ''")
	}
	switch f.Direction {
	case "":
	case "external":
		w.add("e.direction <> 'internal'")
	default:
		w.add("e.direction = ?", f.Direction)
	}
}

// addHandlers adds "handled by one of these agents or extensions".
func addHandlers(w *where, h Handlers) {
	var conds []string
	var args []any
	for _, list := range []struct {
		column string
		values []string
	}{{"e.user_id", h.UserIDs}, {"e.extension", h.Extensions}} {
		if len(list.values) == 0 {
			continue
		}
		conds = append(conds, list.column+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(list.values)), ", ")+")")
		for _, v := range list.values {
			args = append(args, v)
		}
	}
	if len(conds) == 0 {
		w.add("1 = 0") // nobody: no call
		return
	}
	w.add("("+strings.Join(conds, " OR ")+")", args...)
}
