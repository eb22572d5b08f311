package store

import (
	"time"

	"agentlog/internal/activity"
)

// EventFilter selects events of one kind. Zero fields select everything.
type EventFilter struct {
	From, To  time.Time // the half-open period [From, To)
	UserIDs   []string  // nil: all users; empty but not nil: none
	Statuses  []string  // status events: nil for any status
	Queue     *string   // session events and calls
	Action    string    // session events: activity.Login or Logout
	Direction string    // calls
	Number    string    // calls: a part of the from or to number
	Newest    bool      // calls: newest first (After then pages backwards)
	After     *Cursor   // keyset: only events after this one
	Limit     int       // 0: no limit, the rows are streamed
	Offset    int       // rows to skip before the first; only with a Limit
}

// Cursor is a position in a list: the time (ms) and the tie-breaker of the
// last row seen. Events break ties by ingestion order (Seq), calls by ID.
type Cursor struct {
	Time int64
	Seq  int64
	ID   string
}

// addPeriod adds the period and user conditions common to every kind.
func (f *EventFilter) addPeriod(w *where, timeColumn string) {
	if !f.From.IsZero() {
		w.add(timeColumn+" >= ?", f.From.UnixMilli())
	}
	if !f.To.IsZero() {
		w.add(timeColumn+" < ?", f.To.UnixMilli())
	}
	if f.UserIDs != nil {
		w.in("e.user_id", canonicalIDs(f.UserIDs))
	}
}

// canonicalIDs writes user ids as they are stored.
func canonicalIDs(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = activity.CanonicalUUID(id)
	}
	return out
}
