package simulate

// callProfile weighs call arrivals by local hour: little at night, a peak
// mid-morning and a second one mid-afternoon, as contact centers see. It
// averages about 1 over the hours agents work.
var callProfile = [24]float64{
	0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.20, 0.45, 0.80, 1.15, 1.40, 1.30,
	0.90, 1.00, 1.25, 1.35, 1.10, 0.80, 0.55, 0.40, 0.30, 0.20, 0.12, 0.08,
}

// meanGapMs is the mean wait for the next call of a free agent at profile
// weight 1, calibrated so an agent takes 30–60 calls a shift.
const meanGapMs = 3.3 * float64(minuteMs)

// takeCalls has a take calls from from until to (a pause or the end of the
// shift) and returns when it is free again. It stops at End too: a call
// that starts later could not be emitted, and neither could anything after
// it.
func (s *sim) takeCalls(a *agent, d day, from, to int64) int64 {
	free := from
	for t := from + s.gap(d, from); t < to-minuteMs && t < s.endMs; t = free + s.gap(d, free) {
		free = s.call(a, d, t)
	}
	return free
}

// gap draws the wait for the next call after t: Poisson arrivals at the
// hour's rate, scaled by how busy the shift is.
func (s *sim) gap(d day, t int64) int64 {
	mean := meanGapMs / (callProfile[d.hour(t)] * s.shift.callIntensity)
	return int64(s.g.exponential(mean))
}
