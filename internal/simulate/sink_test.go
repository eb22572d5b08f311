package simulate

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"agentlog/internal/activity"
)

// collector is a Sink that copies everything it receives, as a Sink must:
// Run reuses the batch slices.
type collector struct {
	users    []activity.User
	statuses []activity.StatusEvent
	sessions []activity.SessionEvent
	calls    []activity.Call
	maxBatch int
	late     bool // Users was called after an event
}

func (c *collector) Users(_ context.Context, u []activity.User) error {
	c.late = c.late || len(c.statuses)+len(c.sessions)+len(c.calls) > 0
	c.users = append(c.users, u...)
	c.note(len(u))
	return nil
}

func (c *collector) StatusEvents(_ context.Context, e []activity.StatusEvent) error {
	c.statuses = append(c.statuses, e...)
	c.note(len(e))
	return nil
}

func (c *collector) SessionEvents(_ context.Context, e []activity.SessionEvent) error {
	c.sessions = append(c.sessions, e...)
	c.note(len(e))
	return nil
}

func (c *collector) Calls(_ context.Context, calls []activity.Call) error {
	c.calls = append(c.calls, calls...)
	c.note(len(calls))
	return nil
}

func (c *collector) note(n int) { c.maxBatch = max(c.maxBatch, n) }

// counter is a Sink that only counts, to measure the generator alone.
type counter struct{ n int }

func (c *counter) Users(_ context.Context, u []activity.User) error { c.n += len(u); return nil }
func (c *counter) StatusEvents(_ context.Context, e []activity.StatusEvent) error {
	c.n += len(e)
	return nil
}
func (c *counter) SessionEvents(_ context.Context, e []activity.SessionEvent) error {
	c.n += len(e)
	return nil
}
func (c *counter) Calls(_ context.Context, calls []activity.Call) error {
	c.n += len(calls)
	return nil
}

// failingCalls is a counter whose Calls fails.
type failingCalls struct{ counter }

var errSink = errors.New("sink is full")

func (*failingCalls) Calls(context.Context, []activity.Call) error { return errSink }

// testEnd is a Wednesday afternoon, so the last day is cut mid-shift.
var testEnd = time.Date(2026, 3, 11, 14, 37, 12, 345_000_000, time.UTC)

func testConfig() Config { return Config{Agents: 40, Days: 10, Seed: 7, End: testEnd, Zone: time.UTC} }

// collect runs cfg into a collector and checks that Stats counts what
// the Sink received.
func collect(t testing.TB, cfg Config) *collector {
	t.Helper()
	c, err := runInto(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func runInto(cfg Config) (*collector, error) {
	c := &collector{}
	stats, err := Run(context.Background(), cfg, c)
	if err != nil {
		return nil, fmt.Errorf("Run: %w", err)
	}
	if got := (Stats{len(c.users), len(c.statuses), len(c.sessions), len(c.calls)}); stats != got {
		return nil, fmt.Errorf("Run returned stats %+v, want what the sink received, %+v", stats, got)
	}
	return c, nil
}

// standardRun is the run most tests inspect, made once.
var standardRun = sync.OnceValues(func() (*collector, error) { return runInto(testConfig()) })

func standard(t *testing.T) *collector {
	t.Helper()
	c, err := standardRun()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
