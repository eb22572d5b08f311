package auth

import (
	"net/http/httptest"
	"testing"
	"time"

	"agentlog/internal/activity"
)

func TestRateLimiterBuckets(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	l := NewRateLimiter(2, 3) // 2 a second, bursts of 3
	l.now = func() time.Time { return now }
	refused := 0
	l.Refused = func() { refused++ }
	a, b := activity.APIKey{ID: "al_a"}, activity.APIKey{ID: "al_b"}
	for i := range 3 {
		if err := l.allow(a); err != nil {
			t.Fatalf("request %d of a burst of 3: %v", i+1, err)
		}
	}
	err := l.allow(a)
	var rl *RateLimitError
	if !asRateLimit(err, &rl) || activity.ErrorCode(err) != activity.ERateLimited || rl.RetryAfter != 500*time.Millisecond {
		t.Fatalf("the 4th request: got %v (%+v), want rate limited, retry after 500ms", err, rl)
	}
	if err := l.allow(b); err != nil {
		t.Fatalf("another key: %v, want its own bucket", err)
	}
	now = now.Add(499 * time.Millisecond)
	if l.allow(a) == nil {
		t.Fatal("499 ms later: allowed, want refused")
	}
	now = now.Add(time.Millisecond) // the refused request took nothing
	if err := l.allow(a); err != nil {
		t.Fatalf("500 ms later: %v, want one token", err)
	}
	now = now.Add(time.Hour)
	for i := range 3 {
		if err := l.allow(a); err != nil {
			t.Fatalf("an hour later, request %d: %v: the bucket holds at most the burst", i+1, err)
		}
	}
	if l.allow(a) == nil {
		t.Fatal("an hour later, the 4th request: allowed, want refused: the bucket holds at most the burst")
	}
	if refused != 3 {
		t.Fatalf("Refused called %d times, want 3", refused)
	}
	now = now.Add(2 * time.Minute)
	_ = l.allow(b)
	if len(l.buckets) != 1 {
		t.Fatalf("after two idle minutes: %d buckets, want the full ones swept", len(l.buckets))
	}
}

func asRateLimit(err error, rl **RateLimitError) bool {
	e, ok := err.(*RateLimitError)
	*rl = e
	return ok
}

func TestRateLimiterDefaultsAndHeader(t *testing.T) {
	if NewRateLimiter(0, 10) != nil || NewRateLimiter(-1, 0) != nil {
		t.Fatal("a rate of 0 or less must mean no limiter")
	}
	if l := NewRateLimiter(2.5, 0); l.burst != 3 {
		t.Fatalf("burst 0 at 2.5 a second: got %g, want 3", l.burst)
	}
	if l := NewRateLimiter(0.1, 0); l.burst != 1 {
		t.Fatalf("burst 0 at 0.1 a second: got %g, want 1", l.burst)
	}
	var nilLimiter *RateLimiter
	if err := nilLimiter.allow(activity.APIKey{ID: "x"}); err != nil {
		t.Fatalf("no limiter: %v", err)
	}
	for wait, want := range map[time.Duration]string{time.Millisecond: "1", time.Second: "1", 1001 * time.Millisecond: "2", 90 * time.Second: "90"} {
		w := httptest.NewRecorder()
		SetRetryAfter(w, &RateLimitError{RetryAfter: wait, err: activity.Errorf(activity.ERateLimited, "x")})
		if got := w.Header().Get("Retry-After"); got != want {
			t.Errorf("wait %v: Retry-After %q, want %q", wait, got, want)
		}
	}
	w := httptest.NewRecorder()
	SetRetryAfter(w, activity.Errorf(activity.EInvalid, "x"))
	if got := w.Header().Get("Retry-After"); got != "" {
		t.Errorf("another error: Retry-After %q, want none", got)
	}
}
