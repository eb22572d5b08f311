package store

import (
	"strconv"
	"time"

	"agentlog/internal/activity"
)

// quarterOf is the quarter hour (of UTC, counted from 1970) a call was
// created in, written exactly as SQLite's calls_by_quarter index (migration
// 0008) writes it, constant inline: SQLite then reads a quarter-hour
// aggregate's rows from that index alone, already in GROUP BY order, where
// it used to look every row up in the table and sort them again.
var quarterOf = "e.created_ms / " + strconv.FormatInt(activity.QuarterMillis, 10)

// addCreatedPeriod selects the calls created in [from, to). On SQLite it
// also bounds their quarter, which follows from the period (integer
// division never decreases as its dividend grows) and lets the planner seek
// calls_by_quarter by it; PostgreSQL has no such index and only the period.
func (db *DB) addCreatedPeriod(w *where, from, to time.Time) {
	w.add("e.created_ms >= ?", from.UnixMilli())
	w.add("e.created_ms < ?", to.UnixMilli())
	if db.dialect == postgresDialect || !from.Before(to) {
		return
	}
	w.add(quarterOf+" BETWEEN ? AND ?", from.UnixMilli()/activity.QuarterMillis, (to.UnixMilli()-1)/activity.QuarterMillis)
}
