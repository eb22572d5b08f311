package web

import (
	"sync"
	"time"
)

// backoff slows password guessing per email: after freeFailures failed
// sign-ins, each further attempt must wait, twice as long after each
// failure, up to maxWait. A success clears the count. It is per process:
// several instances each keep their own, which multiplies the guesses an
// attacker gets by the number of instances, not more. Counting per email
// rather than per address means a botnet gains nothing, at the price that
// someone can make a known email wait (never longer than maxWait).
type backoff struct {
	mu      sync.Mutex
	entries map[string]*failures
}

type failures struct {
	count int
	last  time.Time
}

const (
	freeFailures = 3
	firstWait    = time.Second
	maxWait      = 5 * time.Minute
	maxEntries   = 10_000 // bounds the memory an attacker can fill with made-up emails
)

func newBackoff() *backoff { return &backoff{entries: map[string]*failures{}} }

// wait is how long email must still wait before its next attempt.
func (b *backoff) wait(email string, now time.Time) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	f := b.entries[email]
	if f == nil || f.count < freeFailures {
		return 0
	}
	return max(0, f.last.Add(waitAfter(f.count)).Sub(now))
}

func waitAfter(count int) time.Duration {
	d := firstWait
	for i := freeFailures; i < count && d < maxWait; i++ {
		d *= 2
	}
	return min(d, maxWait)
}

func (b *backoff) failed(email string, now time.Time) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.entries) >= maxEntries {
		b.forgetOld(now)
	}
	f := b.entries[email]
	if f == nil {
		f = &failures{}
		b.entries[email] = f
	}
	f.count++
	f.last = now
}

// forgetOld drops the entries whose wait is over and then some; if that
// frees nothing, it starts again from empty.
func (b *backoff) forgetOld(now time.Time) {
	for k, f := range b.entries {
		if now.Sub(f.last) > 2*maxWait {
			delete(b.entries, k)
		}
	}
	if len(b.entries) >= maxEntries {
		clear(b.entries)
	}
}

func (b *backoff) succeeded(email string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.entries, email)
}
