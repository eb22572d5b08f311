package api

import (
	"context"
	"net/http"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

var sessionColumns = []string{"bucket", "userId", "login", "seconds", "sessions", "flagged", "firstLogin", "lastLogout"}

// Sessions serves GET /api/v1/reports/sessions: per bucket and user, the
// time logged in, the sessions, the first login and the last logout.
// Sessions whose logout is missing close at the next login or after the
// tenant's session timeout, and are counted as flagged.
func (a *API) Sessions(w http.ResponseWriter, r *http.Request) {
	tenant := principal(r).Tenant
	p, err := readReportParams(r, tenant)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	timeout := tenant.SessionTimeout
	if timeout == 0 {
		timeout = activity.DefaultSessionTimeout
	}
	run := func(ctx context.Context, out *reportWriter) error {
		users, err := reportUsers(ctx, a.DB, tenant.ID, p.userIDs)
		if err != nil {
			return err
		}
		end := minTime(a.DB.Now(), p.to)
		starts := p.buckets()
		for _, u := range users {
			changes, err := sessionChanges(ctx, a.DB, tenant.ID, u.ID, p.from.Add(-timeout), p.to)
			if err != nil {
				return err
			}
			writeSessions(out, p, u, starts, activity.SessionIntervals(changes, end, timeout))
		}
		return nil
	}
	a.streamReport(w, r, p, sessionColumns, run)
}

// sessionChanges reads a user's session events from one timeout before the
// period on: any session still open at its start began since.
func sessionChanges(ctx context.Context, db *store.DB, tenantID int64, userID string, from, to time.Time) ([]activity.SessionChange, error) {
	var changes []activity.SessionChange
	f := store.EventFilter{From: from, To: to, UserIDs: []string{userID}}
	err := db.SessionEvents(ctx, tenantID, f, func(e store.StoredSessionEvent) error {
		changes = append(changes, activity.SessionChange{Action: e.Action, Queue: e.Queue, Time: e.Time})
		return nil
	})
	return changes, err
}

// sessionCell sums the sessions of one bucket.
type sessionCell struct {
	logged               time.Duration
	sessions, flagged    int
	firstLogin, lastExit *time.Time
}

func writeSessions(out *reportWriter, p reportParams, u activity.User, starts []time.Time, sessions []activity.Interval) {
	cells := make(map[int]*sessionCell)
	var order []int
	for _, s := range sessions {
		activity.Clip(s, starts, p.period(), nil, func(b int, d time.Duration) {
			c := cells[b]
			if c == nil {
				c = &sessionCell{}
				cells[b] = c
				order = append(order, b)
			}
			c.add(s, d, bucketSpan(starts, b, p.period()))
		})
	}
	for _, b := range order {
		c := cells[b]
		out.row(activity.FormatOffsetTime(starts[b], p.zone), u.ID, u.Login, seconds(c.logged), c.sessions, c.flagged,
			formatOptional(c.firstLogin), formatOptional(c.lastExit))
	}
}

// add counts a session's part in a bucket. Its login and logout count only
// when they happen inside the bucket.
func (c *sessionCell) add(s activity.Interval, d time.Duration, bucket activity.Span) {
	c.logged += d
	c.sessions++
	if s.Flagged {
		c.flagged++
	}
	if inSpan(s.Start, bucket) && (c.firstLogin == nil || s.Start.Before(*c.firstLogin)) {
		start := s.Start
		c.firstLogin = &start
	}
	if !s.Open && inSpan(s.End, bucket) && (c.lastExit == nil || s.End.After(*c.lastExit)) {
		end := s.End
		c.lastExit = &end
	}
}

// bucketSpan is bucket i, within the period.
func bucketSpan(starts []time.Time, i int, period activity.Span) activity.Span {
	s := activity.Span{Start: starts[i], End: period.End}
	if i+1 < len(starts) && starts[i+1].Before(s.End) {
		s.End = starts[i+1]
	}
	if period.Start.After(s.Start) {
		s.Start = period.Start
	}
	return s
}

// inSpan reports whether t lies in s; a logout at a bucket's end belongs to
// it.
func inSpan(t time.Time, s activity.Span) bool {
	return !t.Before(s.Start) && !t.After(s.End)
}
