package simulate

import (
	"math"
	"math/rand/v2"
)

// Time units in milliseconds, the precision agentlog stores and the unit the
// simulation computes in, so no time is ever rounded after the fact.
const (
	secondMs = int64(1000)
	minuteMs = 60 * secondMs
	hourMs   = 60 * minuteMs
)

// rosterStream is the day number of the random stream that builds the
// roster: one no simulated date has.
const rosterStream = math.MinInt64

// rng draws every random number of the simulation from one PCG. Reseeding
// it per agent and day is free and makes each agent-day its own stream, so
// a day does not depend on the days before it, on End or on how many
// agents came first.
type rng struct {
	pcg rand.PCG
	r   *rand.Rand
}

func newRNG() *rng {
	g := &rng{}
	g.r = rand.New(&g.pcg)
	return g
}

// reseed starts the stream of (seed, day, agent).
func (g *rng) reseed(seed, day int64, agent int) {
	g.pcg.Seed(mix64(uint64(seed)^mix64(uint64(day))), mix64(uint64(agent)+0x9e3779b97f4a7c15))
}

// mix64 is SplitMix64's finaliser: it spreads neighbouring inputs
// (consecutive days, agents) over the whole seed space so their streams do
// not start alike.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// chance reports true with probability p.
func (g *rng) chance(p float64) bool { return g.r.Float64() < p }

// between returns a uniform integer in [lo, hi].
func (g *rng) between(lo, hi int64) int64 { return lo + g.r.Int64N(hi-lo+1) }

// intn returns a uniform integer in [0, n).
func (g *rng) intn(n int) int { return g.r.IntN(n) }

// logNormal returns a log-normal value with the given median: most values
// near it, a long tail above, as talk times are.
func (g *rng) logNormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*g.r.NormFloat64())
}

// exponential returns an exponential value with the given mean: the gap
// between arrivals of a Poisson process.
func (g *rng) exponential(mean float64) float64 { return mean * g.r.ExpFloat64() }

// pick returns the index chosen by weights that sum to at most 1; the rest
// of the probability goes to the last index + 1.
func (g *rng) pick(weights []float64) int {
	u := g.r.Float64()
	for i, w := range weights {
		if u < w {
			return i
		}
		u -= w
	}
	return len(weights)
}
