package activity

import (
	"math/rand/v2"
	"testing"
	"time"
)

var base = time.Date(2025, 3, 30, 0, 0, 0, 0, time.UTC)

// randomChanges makes n status changes over span, in time order, starting
// up to a tenth of span before base (a lead-in before the period).
func randomChanges(r *rand.Rand, n int, span time.Duration) []StatusChange {
	statuses := []string{"Available", "Lunch", "", "Break"}
	t := base.Add(-time.Duration(r.Int64N(int64(span / 10))))
	out := make([]StatusChange, n)
	for i := range out {
		out[i] = StatusChange{Status: statuses[r.IntN(len(statuses))], Time: t.Truncate(time.Millisecond)}
		t = t.Add(time.Duration(r.Int64N(int64(span)/int64(n)*2)) + time.Millisecond)
	}
	return out
}

// totals clips intervals into buckets and sums per status.
func totals(ivs []Interval, starts []time.Time, period Span, windows []Span) map[string]time.Duration {
	out := map[string]time.Duration{}
	for _, iv := range ivs {
		Clip(iv, starts, period, windows, func(_ int, d time.Duration) { out[iv.State] += d })
	}
	return out
}

func TestAdjacentWindowsAddUpToTheirUnion(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	berlin, _ := time.LoadLocation("Europe/Berlin")
	for round := 0; round < 200; round++ {
		changes := randomChanges(r, 1+r.IntN(40), 30*time.Hour)
		end := base.Add(time.Duration(r.Int64N(int64(40 * time.Hour))))
		ivs := StatusIntervals(changes, end)
		cut := base.Add(time.Duration(r.Int64N(int64(30 * time.Hour))))
		from, to := base, base.Add(30*time.Hour)
		unit := []Unit{Quarter, Hour, Day}[r.IntN(3)]
		whole := totals(ivs, Buckets(from, to, berlin, unit), Span{from, to}, nil)
		left := totals(ivs, Buckets(from, cut, berlin, unit), Span{from, cut}, nil)
		right := totals(ivs, Buckets(cut, to, berlin, unit), Span{cut, to}, nil)
		for _, s := range []string{"Available", "Lunch", "", "Break"} {
			if left[s]+right[s] != whole[s] {
				t.Fatalf("round %d, %q: %s + %s != %s over the union", round, s, left[s], right[s], whole[s])
			}
		}
	}
}

func TestStatusesFillTheWallTime(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for round := 0; round < 200; round++ {
		changes := randomChanges(r, 1+r.IntN(30), 10*time.Hour)
		from, to := base, base.Add(10*time.Hour)
		now := base.Add(time.Duration(r.Int64N(int64(12 * time.Hour))))
		end := earlier(now, to)
		var sum time.Duration
		for _, d := range totals(StatusIntervals(changes, end), Buckets(from, to, time.UTC, Hour), Span{from, to}, nil) {
			sum += d
		}
		known := later(changes[0].Time, from) // before the first change, nothing is known
		want := max(0, end.Sub(known))
		if sum != want {
			t.Fatalf("round %d: statuses sum to %s, want the wall time %s", round, sum, want)
		}
	}
}

// TestClipMatchesBruteForce compares with a reference that walks every
// millisecond of a small period.
func TestClipMatchesBruteForce(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for round := 0; round < 40; round++ {
		span := 3 * time.Second
		changes := randomChanges(r, 1+r.IntN(12), span)
		from := base.Add(time.Duration(r.Int64N(500)) * time.Millisecond)
		to := from.Add(time.Duration(500+r.Int64N(2500)) * time.Millisecond)
		end := earlier(to, from.Add(time.Duration(r.Int64N(3000))*time.Millisecond))
		starts := []time.Time{from, from.Add(700 * time.Millisecond), from.Add(1100 * time.Millisecond)}
		windows := []Span{{from.Add(100 * time.Millisecond), from.Add(900 * time.Millisecond)}, {from.Add(1500 * time.Millisecond), to.Add(time.Second)}}
		for _, w := range [][]Span{nil, windows} {
			got := map[[2]any]time.Duration{}
			for _, iv := range StatusIntervals(changes, end) {
				Clip(iv, starts, Span{from, to}, w, func(b int, d time.Duration) { got[[2]any{b, iv.State}] += d })
			}
			want := bruteForce(changes, starts, from, to, end, w)
			if len(got) != len(want) {
				t.Fatalf("round %d: %v, want %v", round, got, want)
			}
			for k, d := range want {
				if got[k] != d {
					t.Fatalf("round %d, cell %v: %s, want %s", round, k, got[k], d)
				}
			}
		}
	}
}

func bruteForce(changes []StatusChange, starts []time.Time, from, to, end time.Time, windows []Span) map[[2]any]time.Duration {
	out := map[[2]any]time.Duration{}
	for t := from; t.Before(earlier(to, end)); t = t.Add(time.Millisecond) {
		state, ok := "", false
		for _, c := range changes {
			if c.Time.After(t) {
				break
			}
			state, ok = c.Status, true
		}
		if !ok || windows != nil && !inside(t, windows) {
			continue
		}
		b := BucketIndex(starts, t)
		out[[2]any{b, state}] += time.Millisecond
	}
	return out
}

func inside(t time.Time, windows []Span) bool {
	for _, w := range windows {
		if !t.Before(w.Start) && t.Before(w.End) {
			return true
		}
	}
	return false
}

func TestCell(t *testing.T) {
	var c Cell
	for _, d := range []time.Duration{3 * time.Second, time.Second, 5 * time.Second} {
		c.Add(d)
	}
	if c.Total != 9*time.Second || c.Count != 3 || c.Min != time.Second || c.Max != 5*time.Second || c.Average() != 3*time.Second {
		t.Fatalf("got %+v, average %s", c, c.Average())
	}
	if (Cell{}).Average() != 0 {
		t.Fatal("an empty cell averages 0")
	}
}
