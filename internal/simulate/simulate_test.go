package simulate

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"agentlog/internal/activity"
)

func TestSameSeedAndEndGiveIdenticalOutput(t *testing.T) {
	a, b := standard(t), collect(t, testConfig())
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with the same seed and End differ")
	}
	other := testConfig()
	other.Seed++
	c := collect(t, other)
	if reflect.DeepEqual(contentOf(a), contentOf(c)) {
		t.Error("a different seed gave the same logins and call times")
	}
}

// contentOf is what a run drew at random, leaving out the ids, which
// differ by seed anyway.
func contentOf(c *collector) (drawn []string) {
	for _, u := range c.users {
		drawn = append(drawn, u.Login)
	}
	for _, call := range c.calls {
		drawn = append(drawn, activity.FormatTime(*call.StartedAt))
	}
	return drawn
}

// A later End with the same start must repeat the earlier run's items, ids
// included, so re-ingesting a live demo stores nothing twice.
func TestLaterEndRepeatsEarlierHistory(t *testing.T) {
	early := standard(t)
	cfg := testConfig()
	cfg.End, cfg.Days = cfg.End.Add(24*time.Hour), cfg.Days+1
	later := collect(t, cfg)
	assertSubset(t, "status events", early.statuses, later.statuses, func(e activity.StatusEvent) string { return e.ID })
	assertSubset(t, "session events", early.sessions, later.sessions, func(e activity.SessionEvent) string { return e.ID })
	assertSubset(t, "calls", early.calls, later.calls, func(c activity.Call) string { return c.ID })
}

func assertSubset[T any](t *testing.T, what string, sub, super []T, id func(T) string) {
	t.Helper()
	byID := make(map[string]T, len(super))
	for _, x := range super {
		byID[id(x)] = x
	}
	for _, x := range sub {
		if got, ok := byID[id(x)]; !ok || !reflect.DeepEqual(got, x) {
			t.Fatalf("%s %s of the earlier run is missing or differs in the later one", what, id(x))
		}
	}
}

// Every item must be valid and already canonical: Validate changes nothing.
func TestItemsAreValidAndInsideTheWindow(t *testing.T) {
	c, start := standard(t), testConfig().start()
	for _, u := range c.users {
		checkValid(t, "user "+u.Login, u, func(x *activity.User) error { return x.Validate() })
	}
	for _, e := range c.statuses {
		checkValid(t, "status event "+e.ID, e, func(x *activity.StatusEvent) error { return x.Validate() })
		checkWindow(t, e.ID, e.Time, start)
	}
	for _, e := range c.sessions {
		checkValid(t, "session event "+e.ID, e, func(x *activity.SessionEvent) error { return x.Validate() })
		checkWindow(t, e.ID, e.Time, start)
	}
	for _, call := range c.calls {
		checkValid(t, "call "+call.ID, call, func(x *activity.Call) error { return x.Validate(testEnd) })
		checkWindow(t, call.ID, *call.StartedAt, start)
		checkWindow(t, call.ID, *call.EndedAt, start)
	}
}

func checkValid[T any](t *testing.T, what string, item T, validate func(*T) error) {
	t.Helper()
	valid := item
	if err := validate(&valid); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if !reflect.DeepEqual(valid, item) {
		t.Fatalf("%s: Validate changed it: got %+v, want %+v", what, valid, item)
	}
}

func checkWindow(t *testing.T, id string, at, start time.Time) {
	t.Helper()
	if at.Before(start) || !at.Before(testEnd) {
		t.Fatalf("%s at %v: want within [%v, %v)", id, at, start, testEnd)
	}
}

func TestEventsAreInTimeOrderPerAgent(t *testing.T) {
	c := standard(t)
	lastStatus, lastSession, lastCall := map[string]time.Time{}, map[string]time.Time{}, map[string]time.Time{}
	for _, e := range c.statuses {
		if !e.Time.After(lastStatus[e.User.ID]) {
			t.Fatalf("status %q of %s at %v: want after the previous one at %v", e.Status, e.User.Login, e.Time, lastStatus[e.User.ID])
		}
		lastStatus[e.User.ID] = e.Time
	}
	for _, e := range c.sessions {
		if e.Time.Before(lastSession[e.User.ID]) {
			t.Fatalf("%s of %s at %v: want at or after the previous one at %v", e.Action, e.User.Login, e.Time, lastSession[e.User.ID])
		}
		lastSession[e.User.ID] = e.Time
	}
	for _, call := range c.calls {
		if call.Extension == "" {
			continue // abandoned in the queue, before reaching an agent
		}
		if call.StartedAt.Before(lastCall[call.Extension]) {
			t.Fatalf("call %s of %s at %v: want at or after the previous one at %v", call.ID, call.Extension, *call.StartedAt, lastCall[call.Extension])
		}
		lastCall[call.Extension] = *call.StartedAt
	}
}

// Logins and logouts alternate per agent and queue; a login may follow a
// login only where a logout went missing, in about 2% of shifts.
func TestSessionsAlternate(t *testing.T) {
	type key struct{ user, queue string }
	last := map[key]activity.SessionEvent{}
	logins, missing := 0, 0
	for _, e := range standard(t).sessions {
		k := key{e.User.ID, e.Queue}
		prev, seen := last[k]
		switch {
		case e.Action == activity.Logout && (!seen || prev.Action != activity.Login):
			t.Fatalf("%s logged out of %q at %v without logging in", e.User.Login, e.Queue, e.Time)
		case e.Action == activity.Login && seen && prev.Action == activity.Login:
			missing++
		}
		if e.Action == activity.Login {
			logins++
		}
		last[k] = e
	}
	if share := float64(missing) / float64(logins); share == 0 || share > 0.05 {
		t.Errorf("logins after a missing logout: got %d of %d (%.1f%%), want some, at most 5%%", missing, logins, 100*share)
	}
}

func TestIdentitiesAreUnique(t *testing.T) {
	c := standard(t)
	ids, logins, exts := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, u := range c.users {
		for _, seen := range []struct {
			set   map[string]bool
			value string
		}{{ids, u.ID}, {logins, u.Login}, {exts, u.Extension}} {
			if seen.set[seen.value] {
				t.Fatalf("user %s: %q is taken by another user", u.Login, seen.value)
			}
			seen.set[seen.value] = true
		}
	}
	events := map[string]bool{}
	unique := func(id string) {
		if events[id] {
			t.Fatalf("event id %s is used twice", id)
		}
		events[id] = true
	}
	for _, e := range c.statuses {
		unique(e.ID)
	}
	for _, e := range c.sessions {
		unique(e.ID)
	}
	for _, call := range c.calls {
		unique(call.ID)
	}
}

func TestCallsLookReal(t *testing.T) {
	c := standard(t)
	count := map[string]int{}
	for _, call := range c.calls {
		count[call.Outcome]++
		count[call.Direction]++
		if call.Queue != "" {
			count["queue"]++
		}
	}
	share := func(what string) float64 { return float64(count[what]) / float64(len(c.calls)) }
	if got := share(activity.Answered); got < 0.80 || got > 0.95 {
		t.Errorf("answered share: got %.3f, want 0.80–0.95", got)
	}
	if got := share(activity.Abandoned); got < 0.02 || got > 0.07 {
		t.Errorf("abandoned share: got %.3f, want 0.02–0.07", got)
	}
	for _, what := range []string{activity.Abandoned, activity.Unanswered, activity.Busy, activity.Failed, activity.Internal, activity.Outbound, "queue"} {
		if count[what] == 0 {
			t.Errorf("calls %s: got none, want some", what)
		}
	}
	shifts := countShifts(c.sessions)
	if perShift := float64(len(c.calls)) / float64(shifts); perShift < 30 || perShift > 60 {
		t.Errorf("calls per shift: got %.1f, want 30–60", perShift)
	}
}

// countShifts counts agent-days with a login.
func countShifts(sessions []activity.SessionEvent) int {
	type key struct {
		user string
		day  int64
	}
	days := map[key]bool{}
	for _, e := range sessions {
		if e.Action == activity.Login {
			days[key{e.User.ID, e.Time.Unix() / 86400}] = true
		}
	}
	return len(days)
}

func TestEveryStatusAppears(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range standard(t).statuses {
		seen[e.Status] = true
	}
	for _, s := range []string{statusAvailable, statusBreak, statusLunch, statusVisit, statusResearch, statusMeeting, statusTraining, statusLoggedOut} {
		if !seen[s] {
			t.Errorf("status %q: got none, want some", s)
		}
	}
}

// Shifts follow the local clock: first logins fall in the local morning.
func TestShiftsFollowTheZone(t *testing.T) {
	cfg := testConfig()
	cfg.Zone = time.FixedZone("UTC-5", -5*3600)
	for _, e := range collect(t, cfg).sessions {
		if h := e.Time.In(cfg.Zone).Hour(); e.Action == activity.Login && (h < 6 || h > 10) {
			t.Fatalf("login at %v: got local hour %d, want 6–10", e.Time.In(cfg.Zone), h)
		}
	}
}

func TestBatchesNeverExceedBatchSize(t *testing.T) {
	cfg := testConfig()
	cfg.BatchSize = 7
	c := collect(t, cfg)
	if c.maxBatch > cfg.BatchSize || c.maxBatch == 0 {
		t.Errorf("largest batch: got %d, want 1–%d", c.maxBatch, cfg.BatchSize)
	}
	if c.late {
		t.Error("users came after events, want all users first")
	}
	if !reflect.DeepEqual(c.calls, standard(t).calls) {
		t.Error("the batch size changed the calls, want the same calls in smaller batches")
	}
}

func TestRunStopsOnCancelAndSinkErrors(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, testConfig(), &counter{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled run: got %v, want %v", err, context.Canceled)
	}
	if _, err := Run(context.Background(), testConfig(), &failingCalls{}); !errors.Is(err, errSink) {
		t.Errorf("failing sink: got %v, want %v", err, errSink)
	}
	if _, err := Run(context.Background(), Config{}, &counter{}); err == nil {
		t.Error("config without End: got no error, want one")
	}
}

func BenchmarkRun(b *testing.B) {
	cfg := Config{Agents: 200, Days: 30, Seed: 1, End: testEnd}
	for b.Loop() {
		var c counter
		stats, err := Run(context.Background(), cfg, &c)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(stats.StatusEvents+stats.SessionEvents+stats.Calls), "events/op")
		b.ReportMetric(float64(stats.Calls), "calls/op")
	}
}
