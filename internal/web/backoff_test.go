package web

import (
	"testing"
	"time"
)

func TestBackoffDoublesUpToItsCapAndForgetsOnSuccess(t *testing.T) {
	b := newBackoff()
	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	for i := 0; i < freeFailures; i++ {
		if w := b.wait("ann@acme.test", now); w != 0 {
			t.Fatalf("after %d failures: wait %s, want none", i, w)
		}
		b.failed("ann@acme.test", now)
	}
	for _, want := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		if got := b.wait("ann@acme.test", now); got != want {
			t.Errorf("wait: got %s, want %s", got, want)
		}
		b.failed("ann@acme.test", now)
	}
	if got := b.wait("bob@acme.test", now); got != 0 {
		t.Errorf("another email waits %s, want nothing", got)
	}
	for range 20 {
		b.failed("ann@acme.test", now)
	}
	if got := b.wait("ann@acme.test", now); got != maxWait {
		t.Errorf("after many failures: got %s, want the cap %s", got, maxWait)
	}
	if got := b.wait("ann@acme.test", now.Add(maxWait)); got != 0 {
		t.Errorf("once the wait is over: got %s, want none", got)
	}
	b.succeeded("ann@acme.test")
	if got := b.wait("ann@acme.test", now); got != 0 {
		t.Errorf("after a success: got %s, want none", got)
	}
}

func TestBackoffMemoryIsBounded(t *testing.T) {
	b := newBackoff()
	now := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	for i := range maxEntries + 10 {
		b.failed(time.Duration(i).String(), now)
	}
	if len(b.entries) > maxEntries {
		t.Errorf("entries: got %d, want at most %d", len(b.entries), maxEntries)
	}
}

func TestSafeNextStaysOnSite(t *testing.T) {
	for next, want := range map[string]string{"/wallboard?x=1": "/wallboard?x=1", "": "/", "//evil": "/", "https://evil": "/", "/\\evil": "/", "/a\r\nSet-Cookie: x": "/"} {
		if got := safeNext(next); got != want {
			t.Errorf("safeNext(%q): got %q, want %q", next, got, want)
		}
	}
}
