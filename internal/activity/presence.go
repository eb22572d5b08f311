package activity

import (
	"slices"
	"time"
)

// UndefinedColor is the colour of a status that no definition describes;
// its category is CategoryOther.
const UndefinedColor = "#888888"

// SessionState is where a user stands at a time: logged in or not, since
// when, and to which queues.
type SessionState struct {
	LoggedIn bool
	Since    time.Time // the start of the current logged-in span; zero when logged out
	Queues   []string  // queues with an open session, sorted; a login to no queue adds none
}

// CurrentSession says where a user stands at at, given the user's session
// events in time order, by the rules of SessionIntervals: per queue a login
// opens a session that a logout of that queue (or of all queues) closes, a
// session whose logout never came ends timeout after its login, and
// sessions that overlap make one logged-in span, whose start is Since.
// Events at or after at are not in effect yet.
func CurrentSession(changes []SessionChange, at time.Time, timeout time.Duration) SessionState {
	open := map[string]time.Time{} // queue → login
	expire := func(now time.Time) {
		for q, start := range open {
			if !start.Add(timeout).After(now) {
				delete(open, q)
			}
		}
	}
	for _, c := range changes {
		if !c.Time.Before(at) {
			break
		}
		expire(c.Time)
		applySessionChange(c, open, func(q string, _ time.Time, _ bool) { delete(open, q) })
	}
	expire(at)
	st := SessionState{LoggedIn: len(open) > 0, Queues: []string{}}
	for q := range open {
		if q != "" {
			st.Queues = append(st.Queues, q)
		}
	}
	slices.Sort(st.Queues)
	if st.LoggedIn {
		// The last span holds every open session: all spans start before at,
		// where the open ones end.
		spans := SessionIntervals(changes, at, timeout)
		st.Since = spans[len(spans)-1].Start
	}
	return st
}
