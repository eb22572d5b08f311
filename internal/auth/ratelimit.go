package auth

import (
	"errors"
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"

	"agentlog/internal/activity"
)

// RateLimiter is a token bucket per API key: each request of a key takes a
// token, and a key's bucket refills at Rate tokens a second up to Burst. It
// sits in the Authenticator, the one place every surface's requests pass
// with the key known, so that a key's requests count alike on every
// surface, and an access token counts against the key it was issued for
// (minting tokens gains nothing). The buckets live in the process: with
// several instances, each allows the rate. Hand-written rather than
// golang.org/x/time/rate because a map of a few numbers per key, swept of
// idle keys, is all it takes.
type RateLimiter struct {
	rate  float64 // tokens a second
	burst float64
	now   func() time.Time

	// Refused, when set, is called for each refused request (metrics).
	Refused func()

	mu        sync.Mutex
	buckets   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	tokens float64
	at     time.Time // when tokens was last brought up to date
}

// NewRateLimiter allows each key rate requests a second, in bursts of up
// to burst (0: one second's worth, at least 1). A rate of 0 or less means
// no limit: nil.
func NewRateLimiter(rate float64, burst int) *RateLimiter {
	if rate <= 0 {
		return nil
	}
	b := float64(burst)
	if burst <= 0 {
		b = math.Max(1, math.Ceil(rate))
	}
	return &RateLimiter{rate: rate, burst: b, now: time.Now, buckets: map[string]*bucket{}}
}

// sweepEvery is how often buckets that have filled up again are dropped:
// a full bucket is the same as none.
const sweepEvery = time.Minute

// take takes a token of key's bucket, or says how long until one is there.
func (l *RateLimiter) take(key string) (wait time.Duration, ok bool) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b, found := l.buckets[key]
	if !found {
		b = &bucket{tokens: l.burst, at: now}
		l.buckets[key] = b
	}
	b.tokens = math.Min(l.burst, b.tokens+now.Sub(b.at).Seconds()*l.rate)
	b.at = now
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return time.Duration((1 - b.tokens) / l.rate * float64(time.Second)), false
}

func (l *RateLimiter) sweep(now time.Time) {
	if now.Sub(l.lastSweep) < sweepEvery {
		return
	}
	l.lastSweep = now
	full := time.Duration(l.burst / l.rate * float64(time.Second))
	for k, b := range l.buckets {
		if now.Sub(b.at) >= full {
			delete(l.buckets, k)
		}
	}
}

// RateLimitError refuses a request over its key's rate. Its code is
// activity.ERateLimited; RetryAfter says when the key may try again.
type RateLimitError struct {
	RetryAfter time.Duration
	err        *activity.Error
}

func (e *RateLimitError) Error() string { return e.err.Error() }

// Unwrap gives the domain error, so that activity.ErrorCode and
// ErrorMessage read it.
func (e *RateLimitError) Unwrap() error { return e.err }

// allow takes a token for key k, or returns a *RateLimitError.
func (l *RateLimiter) allow(k activity.APIKey) error {
	if l == nil {
		return nil
	}
	wait, ok := l.take(k.ID)
	if ok {
		return nil
	}
	if l.Refused != nil {
		l.Refused()
	}
	secs := RetryAfterSeconds(wait)
	return &RateLimitError{RetryAfter: wait, err: activity.Errorf(activity.ERateLimited,
		"this key sent more requests than its rate allows (%g a second, bursts of %g): try again in %d s", l.rate, l.burst, secs)}
}

// RetryAfterSeconds rounds a wait up to whole seconds, at least 1, as the
// Retry-After header gives it.
func RetryAfterSeconds(wait time.Duration) int {
	return max(1, int(math.Ceil(wait.Seconds())))
}

// SetRetryAfter sets the Retry-After header of an answer to err when err
// is a refusal over the rate limit; each surface's error writer calls it.
func SetRetryAfter(w http.ResponseWriter, err error) {
	var rl *RateLimitError
	if errors.As(err, &rl) {
		w.Header().Set("Retry-After", strconv.Itoa(RetryAfterSeconds(rl.RetryAfter)))
	}
}
