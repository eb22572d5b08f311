package xapi_test

// Calls as the tests of the related reports describe them.

import (
	"fmt"
	"time"

	"agentlog/internal/activity"
)

// rc is a test call: n numbers its id; the agent is a login of reportUsers
// or ""; it rings for ring from start, then, when talk is not zero, is
// answered and talks for talk. open leaves out its end (still running);
// noStart leaves out its start (it is created when it arrives).
type rc struct {
	n                 int
	dir, from, to     string
	agent, ext, queue string
	start             string
	ring, talk        time.Duration
	open, noStart     bool
}

func (c rc) call() activity.Call {
	out := activity.Call{ID: fmt.Sprintf("00000000-0000-4000-b000-%012d", c.n), Direction: c.dir,
		FromNumber: c.from, ToNumber: c.to, Extension: c.ext, Queue: c.queue, User: userRef(c.agent)}
	if c.noStart {
		return out
	}
	start := instant(c.start)
	end := start.Add(c.ring + c.talk)
	out.StartedAt = &start
	if c.talk > 0 {
		answered := start.Add(c.ring)
		out.AnsweredAt = &answered
	}
	if !c.open {
		out.EndedAt = &end
	}
	return out
}

func rcCalls(list ...rc) []activity.Call {
	out := make([]activity.Call, len(list))
	for i, c := range list {
		out[i] = c.call()
	}
	return out
}

// login and logout are session events of these tests.
func sessionIn(n int, agent, queue, at string) activity.SessionEvent {
	return activity.SessionEvent{ID: fmt.Sprintf("s-%d", n), User: userRef(agent), Action: activity.Login, Queue: queue, Time: instant(at)}
}

func sessionOut(n int, agent, queue, at string) activity.SessionEvent {
	e := sessionIn(n, agent, queue, at)
	e.Action = activity.Logout
	return e
}
