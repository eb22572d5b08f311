package simulate

import (
	"encoding/json"
	"time"

	"agentlog/internal/activity"
)

// callRoute is how a call reaches or leaves an agent.
type callRoute int

const (
	viaQueue callRoute = iota // inbound through one of the agent's queues
	direct                    // inbound to the agent's extension
	outbound                  // to a customer
	internal                  // to a colleague's extension
)

// Route shares for agents who serve queues and for back office, who call
// out more; internal calls take the rest (6–8%).
var (
	frontOfficeRoutes = []float64{viaQueue: 0.50, direct: 0.22, outbound: 0.22}
	backOfficeRoutes  = []float64{viaQueue: 0, direct: 0.42, outbound: 0.50}
)

// missOutcomes are the outcomes of calls not answered, and missShares their
// shares per route; answered takes the rest, about 86% of all calls.
// Callers abandon in queues, customers are busy when called.
var (
	missOutcomes = []string{activity.Unanswered, activity.Abandoned, activity.Busy, activity.Failed}
	missShares   = [...][]float64{
		viaQueue: {0.04, 0.07, 0, 0.005},
		direct:   {0.12, 0.03, 0.01, 0.005},
		outbound: {0.11, 0, 0.04, 0.01},
		internal: {0.08, 0, 0.03, 0.005},
	}
)

// Call data as IVR and campaign tools attach it, shared by the calls that
// carry it and never modified.
var (
	inboundData  = rawJSON(`{"ivr":"billing"}`, `{"ivr":"support"}`, `{"ivr":"sales","language":"es"}`)
	outboundData = rawJSON(`{"campaign":"spring"}`, `{"campaign":"renewal"}`, `{"attempt":2,"campaign":"winback"}`)
)

const callDataShare = 0.12

func rawJSON(objects ...string) []json.RawMessage {
	out := make([]json.RawMessage, len(objects))
	for i, o := range objects {
		out[i] = json.RawMessage(o)
	}
	return out
}

// callTimes are a call's instants in ms; answered is 0 for a call not
// answered. free is when the agent can take the next call: after wrap-up,
// or at once if the caller hung up before reaching anyone.
type callTimes struct{ start, answered, end, free int64 }

// call simulates one call starting at t and returns when the agent is free.
// A call still going at End is not emitted: it will be, once over.
func (s *sim) call(a *agent, d day, t int64) int64 {
	route := s.pickRoute(a)
	outcome := missOutcome(s.g.pick(missShares[route]))
	tm := s.callTimes(route, outcome, t)
	s.seq.call++
	if tm.end >= s.endMs {
		return tm.free
	}
	c := s.calls.next(s.ctx)
	c.ID = s.ids.id(callKind, d.number, a.index, s.seq.call)
	s.setParties(c, a, route, outcome)
	setTimes(c, tm)
	s.setResult(c, route, outcome, tm)
	return tm.free
}

func (s *sim) pickRoute(a *agent) callRoute {
	shares := frontOfficeRoutes
	if len(a.queues) == 0 {
		shares = backOfficeRoutes
	}
	route := callRoute(s.g.pick(shares))
	if route == internal && len(s.staff.agents) < 2 {
		return outbound // no colleague to call
	}
	return route
}

// missOutcome maps a pick over missShares to an outcome; the index past
// the misses is an answered call.
func missOutcome(i int) string {
	if i < len(missOutcomes) {
		return missOutcomes[i]
	}
	return activity.Answered
}

func (s *sim) callTimes(route callRoute, outcome string, t int64) callTimes {
	g := s.g
	switch outcome {
	case activity.Answered:
		answered := t + s.ringMs(route)
		end := answered + s.talkMs()
		return callTimes{t, answered, end, end + g.between(10, 60)*secondMs}
	case activity.Unanswered:
		return unanswered(t, t+g.between(15*secondMs, 40*secondMs))
	case activity.Abandoned:
		tm := unanswered(t, t+g.between(3*secondMs, 90*secondMs))
		if route == viaQueue {
			tm.free = t // the caller never reached the agent
		}
		return tm
	case activity.Busy:
		return unanswered(t, t+g.between(1*secondMs, 4*secondMs))
	default:
		return unanswered(t, t+g.between(0, 3*secondMs))
	}
}

func unanswered(start, end int64) callTimes { return callTimes{start: start, end: end, free: end} }

// ringMs is the time before the answer: a wait in the queue, or the ring.
func (s *sim) ringMs(route callRoute) int64 {
	if route == viaQueue {
		return s.g.between(5*secondMs, 60*secondMs)
	}
	return s.g.between(2*secondMs, 20*secondMs)
}

// talkMs is log-normal around 3.5 minutes with a long tail, cut at an hour
// as a supervisor would.
func (s *sim) talkMs() int64 {
	talk := int64(s.g.logNormal(3.5*float64(minuteMs), 0.85))
	return min(max(talk, 5*secondMs), hourMs)
}

// setParties fills the numbers and, unless the caller hung up in the queue
// before any agent was offered the call, the agent.
func (s *sim) setParties(c *activity.Call, a *agent, route callRoute, outcome string) {
	customer := s.staff.customers[s.g.intn(len(s.staff.customers))]
	switch route {
	case viaQueue:
		q := a.queues[s.g.intn(len(a.queues))]
		c.Direction, c.FromNumber, c.ToNumber, c.Queue = activity.Inbound, customer, q, q
	case direct:
		c.Direction, c.FromNumber, c.ToNumber = activity.Inbound, customer, a.ext
	case outbound:
		c.Direction, c.FromNumber, c.ToNumber = activity.Outbound, a.ext, customer
	case internal:
		c.Direction, c.FromNumber, c.ToNumber = activity.Internal, a.ext, s.colleagueOf(a).ext
	}
	if route == viaQueue && outcome == activity.Abandoned {
		return
	}
	c.User, c.Extension = a.ref, a.ext
}

func (s *sim) colleagueOf(a *agent) *agent {
	n := len(s.staff.agents)
	return &s.staff.agents[(a.index+1+s.g.intn(n-1))%n]
}

// setTimes allocates the call's three times together: one allocation per
// call instead of three.
func setTimes(c *activity.Call, tm callTimes) {
	ts := new([3]time.Time)
	ts[0], ts[2] = toTime(tm.start), toTime(tm.end)
	c.StartedAt, c.EndedAt = &ts[0], &ts[2]
	if tm.answered != 0 {
		ts[1] = toTime(tm.answered)
		c.AnsweredAt = &ts[1]
	}
	c.CreatedAt, c.UpdatedAt = ts[0], ts[2]
}

func (s *sim) setResult(c *activity.Call, route callRoute, outcome string, tm callTimes) {
	c.Outcome, c.Status = outcome, statusOf(outcome)
	if route == outbound && outcome == activity.Answered {
		c.CostCents = 1 + (tm.end-tm.answered)/minuteMs // a cent a started minute
	}
	if s.g.chance(callDataShare) {
		c.CallData = s.callDataFor(route)
	}
}

func (s *sim) callDataFor(route callRoute) json.RawMessage {
	switch route {
	case viaQueue, direct:
		return inboundData[s.g.intn(len(inboundData))]
	case outbound:
		return outboundData[s.g.intn(len(outboundData))]
	}
	return nil
}

// statusOf is the telephony system's status text of an outcome.
func statusOf(outcome string) string {
	switch outcome {
	case activity.Answered:
		return "Completed"
	case activity.Busy:
		return "Busy"
	case activity.Failed:
		return "Error"
	}
	return "Missed Call"
}
