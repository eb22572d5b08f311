package simulate

import (
	"cmp"
	"slices"
	"time"
)

// Statuses agents pick. "" (cleared) is the status at logout.
const (
	statusAvailable = "Available"
	statusBreak     = "Break"
	statusLunch     = "Lunch"
	statusVisit     = "Customer visit"
	statusResearch  = "Researching problem"
	statusMeeting   = "Meeting"
	statusTraining  = "Training"
	statusLoggedOut = ""
)

// Shares of shifts that differ from the plan.
const (
	absenceShare       = 0.04 // sick days and holidays
	missingLogoutShare = 0.02 // agents who close the browser instead of logging out
)

// day is one local calendar day of the simulation.
type day struct {
	number   int64 // the local date as days since 1970-01-01: keys random streams and ids
	weekday  time.Weekday
	wallBase int64 // ms at which the local clock reads 00:00, by the day's noon offset
}

// newDay takes the offset at noon so that wall-clock times of a daytime
// shift are right even on the day the clocks change at night.
func newDay(y int, m time.Month, d int, zone *time.Location) day {
	noon := time.Date(y, m, d, 12, 0, 0, 0, zone)
	date := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return day{number: date.Unix() / 86400, weekday: noon.Weekday(), wallBase: noon.UnixMilli() - 12*hourMs}
}

// at returns the instant the local clock of the day reads minutes past
// midnight.
func (d day) at(minutes int64) int64 { return d.wallBase + minutes*minuteMs }

// hour returns the local hour of ms, clamped to the day.
func (d day) hour(ms int64) int { return int(min(max((ms-d.wallBase)/hourMs, 0), 23)) }

// shift is an agent's planned day. Its pauses are reused from agent to
// agent, so planning allocates nothing.
type shift struct {
	start, end    int64
	missingLogout bool
	callIntensity float64 // busier and quieter days
	pauses        []pause
}

// pause is a planned time away from calls.
type pause struct {
	status     string
	start, dur int64
}

// plan fills sh with a's shift on d and reports whether a works that day.
func (sh *shift) plan(g *rng, a *agent, d day) bool {
	if !a.workdays[d.weekday] || g.chance(absenceShare) {
		return false
	}
	sh.start = d.at(a.startMinute+g.between(-15, 15)) + g.between(0, minuteMs-1)
	sh.end = sh.start + (a.shiftMinutes+g.between(-15, 15))*minuteMs + g.between(0, minuteMs-1)
	sh.missingLogout = g.chance(missingLogoutShare)
	sh.callIntensity = 0.75 + 0.5*g.r.Float64()
	sh.planPauses(g, d)
	return true
}

// planPauses places two breaks, lunch around midday and now and then a
// meeting, some research, training or a customer visit. Overlaps are fine
// here: the agent's day pushes each one back until the one before is over.
func (sh *shift) planPauses(g *rng, d day) {
	sh.pauses = sh.pauses[:0]
	sh.add(statusBreak, sh.start+2*hourMs+g.between(-20, 20)*minuteMs, g.between(10, 20))
	sh.add(statusLunch, max(d.at(11*60+30), sh.start+3*hourMs)+g.between(0, 90*minuteMs), g.between(30, 60))
	sh.add(statusBreak, sh.end-90*minuteMs+g.between(-20, 20)*minuteMs, g.between(10, 20))
	sh.maybe(g, 0.20, statusMeeting, 30, 60)
	sh.maybe(g, 0.15, statusResearch, 10, 40)
	sh.maybe(g, 0.06, statusTraining, 60, 120)
	sh.maybe(g, 0.04, statusVisit, 45, 120)
	slices.SortFunc(sh.pauses, func(a, b pause) int { return cmp.Compare(a.start, b.start) })
}

func (sh *shift) add(status string, start, minutes int64) {
	sh.pauses = append(sh.pauses, pause{status: status, start: start, dur: minutes * minuteMs})
}

// maybe adds, with probability p, a pause of lo to hi minutes anywhere
// in the shift.
func (sh *shift) maybe(g *rng, p float64, status string, lo, hi int64) {
	if !g.chance(p) {
		return
	}
	minutes := g.between(lo, hi)
	latest := sh.end - (minutes+30)*minuteMs
	earliest := sh.start + 30*minuteMs
	if latest > earliest {
		sh.add(status, g.between(earliest, latest), minutes)
	}
}
