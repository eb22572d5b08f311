package activity

import (
	"sort"
	"time"
)

// SessionChange is a login or logout of a user, to one queue or, with
// queue "", to all.
type SessionChange struct {
	Action string // Login or Logout
	Queue  string
	Time   time.Time
}

// DefaultSessionTimeout closes a session whose logout never came.
const DefaultSessionTimeout = 12 * time.Hour

// SessionIntervals turns one user's session events, in time order, into
// the spans the user was logged in (to any queue). Per queue, a login opens
// a session that a logout of that queue (or of all queues) closes. A
// session whose logout is missing closes at the next login to the same
// queue, or timeout after its login, whichever comes first, and is flagged.
// Sessions of several queues that overlap merge into one. A session still
// running at end is open.
func SessionIntervals(changes []SessionChange, end time.Time, timeout time.Duration) []Interval {
	open := map[string]time.Time{} // queue → login
	var closed []Interval
	closeAt := func(queue string, t time.Time, flagged bool) {
		closed = append(closed, Interval{Start: open[queue], End: t, Flagged: flagged})
		delete(open, queue)
	}
	expire := func(now time.Time) {
		for q, start := range open {
			if deadline := start.Add(timeout); !deadline.After(now) {
				closeAt(q, deadline, true)
			}
		}
	}
	for _, c := range changes {
		if !c.Time.Before(end) {
			break
		}
		expire(c.Time)
		applySessionChange(c, open, closeAt)
	}
	expire(end)
	for q, start := range open {
		closed = append(closed, Interval{Start: start, End: end, Open: true})
		delete(open, q)
	}
	return mergeSessions(closed)
}

func applySessionChange(c SessionChange, open map[string]time.Time, closeAt func(string, time.Time, bool)) {
	switch {
	case c.Action == Login:
		if _, ok := open[c.Queue]; ok {
			closeAt(c.Queue, c.Time, true) // the logout never came
		}
		open[c.Queue] = c.Time
	case c.Queue == "":
		for q := range open {
			closeAt(q, c.Time, false)
		}
	default:
		if _, ok := open[c.Queue]; ok {
			closeAt(c.Queue, c.Time, false)
		} else if _, ok := open[""]; ok {
			closeAt("", c.Time, false)
		}
	}
}

// mergeSessions joins sessions that overlap (of several queues) into one.
// Sessions that only touch stay two: a login after a missing logout starts
// a session of its own.
func mergeSessions(list []Interval) []Interval {
	sort.Slice(list, func(i, j int) bool { return list[i].Start.Before(list[j].Start) })
	var out []Interval
	for _, iv := range list {
		if !iv.End.After(iv.Start) {
			continue
		}
		if n := len(out); n > 0 && iv.Start.Before(out[n-1].End) {
			last := &out[n-1]
			if iv.End.After(last.End) {
				last.End, last.Open = iv.End, iv.Open
			}
			last.Flagged = last.Flagged || iv.Flagged
			continue
		}
		out = append(out, iv)
	}
	return out
}
