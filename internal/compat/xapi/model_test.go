package xapi_test

// The tests' own model of GetUserActivity, written from the contract: the
// tenant's agents, the calls as the tests describe them, the requests as
// 3CX's client writes them, and which calls a query counts (the rows are
// made in expect_test.go).

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// agent is a user of the test tenant.
type agent struct {
	id, login, ext string
	groups         []string
}

// agents are the tenant's users; a call names one by its index + 1.
var agents = []agent{
	{userID(1), "a101", "101", []string{"10"}},
	{userID(2), "a102", "102", []string{"10", "20"}},
	{userID(3), "a103", "103", []string{"20"}},
	{userID(4), "a104", "104", nil},
	{userID(5), "a105", "", []string{"10"}}, // no extension: a member of 10 as an agent only
}

func userID(n int) string { return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }

func testUsers() []activity.User {
	users := make([]activity.User, len(agents))
	for i, a := range agents {
		users[i] = activity.User{ID: a.id, Login: a.login, Name: a.login, Extension: a.ext, Groups: a.groups}
	}
	return users
}

// tcall is a call as the tests model it. Every call is handled by an agent,
// an extension or both; an agent's calls are at its own extension or at
// none.
type tcall struct {
	start    time.Time
	agent    int    // 1-based index into agents; 0: no agent
	ext      string // the extension; "" for none
	queue    string // "" when the call did not come through a queue
	dir      string // inbound, outbound or internal
	answered bool
	ring     time.Duration // from start to answer, or to the end when unanswered
}

// call is c as ingested, with the i-th test call id.
func (c tcall) call(i int) activity.Call {
	start := c.start
	end := start.Add(c.ring)
	out := activity.Call{ID: fmt.Sprintf("00000000-0000-4000-9000-%012d", i), Direction: c.dir,
		FromNumber: "+4930123456", ToNumber: "+4940654321", Extension: c.ext, Queue: c.queue,
		StartedAt: &start, EndedAt: &end}
	if c.agent > 0 {
		out.User = activity.UserRef{ID: agents[c.agent-1].id}
	}
	if c.answered {
		answered := end
		talked := end.Add(90 * time.Second)
		out.AnsweredAt, out.EndedAt = &answered, &talked
	}
	return out
}

// query is a GetUserActivity call: the nine parameters as the client passes
// them (strings without their quotes).
type query struct {
	zone       string // clientTimeZone: "Europe/Berlin", "+08:00"
	from, to   string // periodFrom, periodTo as written
	group      string
	exts       string // extensionDns
	wait       string // waitInterval
	queueCalls bool   // includeQueueCalls
	area       int    // callArea
	grouping   int    // groupingType
}

// dayQuery is a query of the whole tenant, day buckets, no filter.
func dayQuery(zone, from, to string) query {
	return query{zone: zone, from: from, to: to, wait: "0:00:00", queueCalls: true, grouping: 1}
}

// target is the request target 3CX's client makes of q: each value
// through encodeURIComponent, strings in single quotes (as the tutorial's
// odataParamEncoder writes them); options is appended as written.
func (q query) target(function, options string) string {
	quoted := func(s string) string { return uriComponent("'" + strings.ReplaceAll(s, "'", "''") + "'") }
	return "/xapi/v1/ReportUserActivity/Pbx." + function + "(clientTimeZone=" + quoted(q.zone) +
		",periodFrom=" + uriComponent(q.from) + ",periodTo=" + uriComponent(q.to) +
		",groupNumber=" + quoted(q.group) + ",extensionDns=" + quoted(q.exts) + ",waitInterval=" + quoted(q.wait) +
		",includeQueueCalls=" + strconv.FormatBool(q.queueCalls) + ",callArea=" + strconv.Itoa(q.area) +
		",groupingType=" + strconv.Itoa(q.grouping) + ")" + options
}

// uriComponent is JavaScript's encodeURIComponent.
func uriComponent(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// location reads clientTimeZone: an IANA name or a fixed offset.
func (q query) location() *time.Location {
	if len(q.zone) == 6 && (q.zone[0] == '+' || q.zone[0] == '-') {
		h, _ := strconv.Atoi(q.zone[1:3])
		m, _ := strconv.Atoi(q.zone[4:6])
		secs := h*3600 + m*60
		if q.zone[0] == '-' {
			secs = -secs
		}
		return time.FixedZone(q.zone, secs)
	}
	zone, err := time.LoadLocation(q.zone)
	if err != nil {
		panic(err)
	}
	return zone
}

// period is [periodFrom, periodTo).
func (q query) period() (time.Time, time.Time) { return mustTime(q.from), mustTime(q.to) }

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(fmt.Sprintf("time literal %q: %v", s, err))
	}
	return t
}

// minRing is waitInterval: "h:mm:ss" or "d.hh:mm:ss", seconds maybe with a
// fraction.
func (q query) minRing() time.Duration {
	var days time.Duration
	s := q.wait
	if d, rest, ok := strings.Cut(s, "."); ok && strings.Contains(rest, ":") && !strings.Contains(d, ":") {
		n, _ := strconv.Atoi(d)
		days, s = time.Duration(n)*24*time.Hour, rest
	}
	parts := strings.Split(s, ":")
	h, _ := strconv.Atoi(parts[0])
	m, _ := strconv.Atoi(parts[1])
	sec, _ := strconv.ParseFloat(parts[2], 64)
	return days + time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec*float64(time.Second))
}

// handledBy reports whether c was handled by one of these agents or at one
// of these extensions (an agent's calls are its extension's).
func handledBy(c tcall, match func(a agent) bool, exts []string) bool {
	if c.agent > 0 && match(agents[c.agent-1]) {
		return true
	}
	for _, x := range exts {
		if c.ext == x {
			return true
		}
	}
	return false
}

// counts says whether q counts c as answered or as unanswered.
func (q query) counts(c tcall) (answered, unanswered bool) {
	from, to := q.period()
	switch {
	case c.start.Before(from) || !c.start.Before(to):
		return false, false
	case !q.queueCalls && c.queue != "":
		return false, false
	case q.area == 1 && c.dir != activity.Internal, q.area == 2 && c.dir == activity.Internal:
		return false, false
	}
	if q.group != "" {
		var exts []string
		member := func(a agent) bool { return strings.Contains(","+strings.Join(a.groups, ",")+",", ","+q.group+",") }
		for _, a := range agents {
			if member(a) && a.ext != "" {
				exts = append(exts, a.ext)
			}
		}
		if !handledBy(c, member, exts) {
			return false, false
		}
	}
	if q.exts != "" {
		list := strings.FieldsFunc(q.exts, func(r rune) bool { return r == ' ' || r == ',' })
		own := func(a agent) bool {
			return a.ext != "" && strings.Contains(" "+strings.Join(list, " ")+" ", " "+a.ext+" ")
		}
		if !handledBy(c, own, list) {
			return false, false
		}
	}
	if c.answered {
		return true, false
	}
	return false, c.ring >= q.minRing()
}
