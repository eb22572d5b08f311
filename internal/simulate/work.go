package simulate

import "agentlog/internal/activity"

// work plays a's planned shift: login, calls between pauses, logout.
func (s *sim) work(a *agent, d day) {
	sh := &s.shift
	s.session(a, d, activity.Login, sh.start)
	s.status(a, d, statusAvailable, sh.start)
	free := sh.start
	for _, p := range sh.pauses {
		free = s.takeCalls(a, d, free, p.start)
		free = s.pause(a, d, p, free)
	}
	free = s.takeCalls(a, d, free, sh.end)
	// An agent who closes the browser sends neither the logout nor the
	// cleared status: the last status stands until the next login.
	if !sh.missingLogout {
		out := max(sh.end, free+secondMs)
		s.status(a, d, statusLoggedOut, out)
		s.session(a, d, activity.Logout, out)
	}
}

// pause takes p once the agent is free, unless that leaves too little of
// the shift, and returns when the agent is back. The minute between keeps
// an agent's status times apart.
func (s *sim) pause(a *agent, d day, p pause, free int64) int64 {
	start := max(p.start, free+minuteMs)
	if start+p.dur > s.shift.end-15*minuteMs {
		return free
	}
	s.status(a, d, p.status, start)
	s.status(a, d, statusAvailable, start+p.dur)
	return start + p.dur
}

func (s *sim) status(a *agent, d day, status string, t int64) {
	s.seq.status++
	if t >= s.endMs {
		return
	}
	e := s.statuses.next(s.ctx)
	e.ID = s.ids.id(statusKind, d.number, a.index, s.seq.status)
	e.User, e.Status, e.Time = a.ref, status, toTime(t)
}

// session logs a in or out of each queue it serves, or of none.
func (s *sim) session(a *agent, d day, action string, t int64) {
	if len(a.queues) == 0 {
		s.sessionEvent(a, d, action, t, "")
	}
	for _, q := range a.queues {
		s.sessionEvent(a, d, action, t, q)
	}
}

func (s *sim) sessionEvent(a *agent, d day, action string, t int64, queue string) {
	s.seq.session++
	if t >= s.endMs {
		return
	}
	e := s.sessions.next(s.ctx)
	e.ID = s.ids.id(sessionKind, d.number, a.index, s.seq.session)
	e.User, e.Action, e.Time, e.Queue = a.ref, action, toTime(t), queue
}
