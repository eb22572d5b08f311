package xapi

import (
	"slices"
	"time"

	"agentlog/internal/activity"
)

// queueSessions is one user's sessions per queue, by the rules of
// activity.SessionIntervals, which merges the queues into one logged-in
// span: per queue a login opens a session that a logout of that queue or of
// all queues closes; a session whose logout never came closes at the next
// login to the queue, or timeout after its login, and is flagged.
//
// Each queue's changes (its logins and logouts, and the logouts of all
// queues) go through SessionIntervals alone, which gives that queue's
// sessions exactly. Sessions opened by a login to no queue are under "":
// a logout of a queue closes them when no session of that queue is open.
// The union of the result is what SessionIntervals gives for all changes.
func queueSessions(changes []activity.SessionChange, end time.Time, timeout time.Duration) map[string][]activity.Interval {
	out := map[string][]activity.Interval{}
	var queues []string
	noQueue := false
	for _, c := range changes {
		switch {
		case c.Action != activity.Login:
		case c.Queue == "":
			noQueue = true
		case !slices.Contains(queues, c.Queue):
			queues = append(queues, c.Queue)
		}
	}
	for _, q := range queues {
		var mine []activity.SessionChange
		for _, c := range changes {
			if c.Queue == q || c.Queue == "" && c.Action == activity.Logout {
				mine = append(mine, c)
			}
		}
		if s := activity.SessionIntervals(mine, end, timeout); len(s) > 0 {
			out[q] = s
		}
	}
	if !noQueue {
		return out
	}
	var none []activity.SessionChange
	for _, c := range changes {
		switch {
		case c.Queue == "":
			none = append(none, c)
		case c.Action == activity.Logout && !closedAt(out[c.Queue], c.Time):
			none = append(none, activity.SessionChange{Action: activity.Logout, Time: c.Time})
		}
	}
	if s := activity.SessionIntervals(none, end, timeout); len(s) > 0 {
		out[""] = s
	}
	return out
}

// closedAt reports whether a logout at t closed one of sessions.
func closedAt(sessions []activity.Interval, t time.Time) bool {
	for _, s := range sessions {
		if s.End.Equal(t) && !s.Flagged && !s.Open {
			return true
		}
	}
	return false
}

// dayCell is one agent's sessions in one queue on one local day: the
// sessions' parts within the day and the period.
type dayCell struct {
	first, last time.Time     // the start of the first part, the end of the last
	open        bool          // the last part still runs at the report's end
	logged      time.Duration // the parts' total
}

// dayCells splits sessions at local midnight (days are the starts of the
// zone's days, as activity.Buckets gives them) and at the period's ends:
// one cell per day with a part, nil for the others.
func dayCells(sessions []activity.Interval, days []time.Time, period activity.Span) []*dayCell {
	cells := make([]*dayCell, len(days))
	for _, s := range sessions {
		activity.Clip(s, days, period, nil, func(i int, d time.Duration) {
			part := activity.Intersect(activity.Span{Start: s.Start, End: s.End}, daySpan(days, i, period))
			start, end := part.Start, part.End
			c := cells[i]
			if c == nil {
				c = &dayCell{first: start, last: end}
				cells[i] = c
			}
			if start.Before(c.first) {
				c.first = start
			}
			if !end.Before(c.last) {
				c.last, c.open = end, s.Open && end.Equal(s.End)
			}
			c.logged += d
		})
	}
	return cells
}

// daySpan is day i within the period.
func daySpan(days []time.Time, i int, period activity.Span) activity.Span {
	day := activity.Span{Start: days[i], End: period.End}
	if i+1 < len(days) {
		day.End = days[i+1]
	}
	return activity.Intersect(day, period)
}

// within is how much of spans lies in s.
func within(spans []activity.Span, s activity.Span) time.Duration {
	var d time.Duration
	for _, t := range spans {
		d += activity.Overlap(t, s)
	}
	return d
}
