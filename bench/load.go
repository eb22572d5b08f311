package main

import (
	"fmt"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// timing is what a run of n jobs over some workers took.
type timing struct {
	n       int
	elapsed time.Duration
	lat     []time.Duration // sorted
}

// parallel runs job(0..n-1) over conc workers, timing each job.
func parallel(conc, n int, job func(i int) error) (timing, error) {
	startProfile()
	defer stopProfile()
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	began := time.Now()
	for range conc {
		wg.Go(func() {
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				t := time.Now()
				if err := job(i); err != nil {
					once.Do(func() { first = err })
					return
				}
				lat[i] = time.Since(t)
			}
		})
	}
	wg.Wait()
	t := timing{n: n, elapsed: time.Since(began), lat: lat}
	slices.Sort(t.lat)
	return t, first
}

func (t timing) perSecond(items int) float64 { return float64(items) / t.elapsed.Seconds() }
func (t timing) pct(p float64) time.Duration { return t.lat[int(float64(len(t.lat)-1)*p)] }
func (t timing) meanMs() float64             { return ms(t.elapsed) / float64(t.n) }

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// num writes a number with thousands separators.
func num(f float64) string {
	s := strconv.FormatInt(int64(f+0.5), 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "not met"
}

func ratio(a, b float64) string { return fmt.Sprintf("%.2f", a/b) }
