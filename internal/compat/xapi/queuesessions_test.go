package xapi

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"agentlog/internal/activity"
)

var qt0 = time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)

func change(action, queue string, minute int) activity.SessionChange {
	return activity.SessionChange{Action: action, Queue: queue, Time: qt0.Add(time.Duration(minute) * time.Minute)}
}

func spans(list []activity.Interval) string {
	var out []string
	for _, iv := range list {
		s := fmt.Sprintf("%s-%s", iv.Start.Format("15:04"), iv.End.Format("15:04"))
		if iv.Flagged {
			s += " flagged"
		}
		if iv.Open {
			s += " open"
		}
		out = append(out, s)
	}
	return fmt.Sprint(out)
}

func TestQueueSessions(t *testing.T) {
	in, out := activity.Login, activity.Logout
	end := qt0.Add(10 * time.Hour)
	for _, c := range []struct {
		name    string
		changes []activity.SessionChange
		want    map[string]string
	}{
		{"a queue's logout closes only that queue",
			[]activity.SessionChange{change(in, "800", 0), change(in, "801", 10), change(out, "800", 20), change(out, "801", 30)},
			map[string]string{"800": "[08:00-08:20]", "801": "[08:10-08:30]"}},
		{"a logout of all queues closes every queue",
			[]activity.SessionChange{change(in, "800", 0), change(in, "801", 10), change(out, "", 20)},
			map[string]string{"800": "[08:00-08:20]", "801": "[08:10-08:20]"}},
		{"a second login closes the first, flagged",
			[]activity.SessionChange{change(in, "800", 0), change(in, "800", 30), change(out, "800", 40)},
			map[string]string{"800": "[08:00-08:30 flagged 08:30-08:40]"}},
		{"the timeout closes, flagged; a later logout changes nothing",
			[]activity.SessionChange{change(in, "800", 0), change(out, "800", 5*60)},
			map[string]string{"800": "[08:00-12:00 flagged]"}},
		{"still open at the end",
			[]activity.SessionChange{change(in, "800", 7*60)},
			map[string]string{"800": "[15:00-18:00 open]"}},
		{"a login to no queue: closed by a logout of a queue not open",
			[]activity.SessionChange{change(in, "", 0), change(out, "800", 20)},
			map[string]string{"": "[08:00-08:20]"}},
		{"a login to no queue: not closed by the logout of an open queue",
			[]activity.SessionChange{change(in, "", 0), change(in, "800", 10), change(out, "800", 20), change(out, "800", 30)},
			map[string]string{"": "[08:00-08:30]", "800": "[08:10-08:20]"}},
	} {
		got := map[string]string{}
		for q, s := range queueSessions(c.changes, end, 4*time.Hour) {
			got[q] = spans(s)
		}
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s:\ngot  %v\nwant %v", c.name, got, c.want)
		}
	}
}

// TestQueueSessionsUnion checks that the sessions per queue, merged, are
// what activity.SessionIntervals gives for all queues at once.
func TestQueueSessionsUnion(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for round := range 2000 {
		var changes []activity.SessionChange
		at := qt0
		for range r.IntN(14) {
			at = at.Add(time.Duration(1+r.IntN(300)) * time.Minute).Add(time.Duration(r.IntN(60)) * time.Second)
			action := []string{activity.Login, activity.Logout}[r.IntN(2)]
			changes = append(changes, activity.SessionChange{Action: action, Queue: []string{"", "800", "801", "802"}[r.IntN(4)], Time: at})
		}
		end := qt0.Add(time.Duration(r.IntN(40)) * time.Hour)
		timeout := time.Duration(1+r.IntN(8)) * time.Hour
		var all []activity.Interval
		for _, s := range queueSessions(changes, end, timeout) {
			all = append(all, s...)
		}
		if got, want := spans(merged(all)), spans(activity.SessionIntervals(changes, end, timeout)); got != want {
			t.Fatalf("round %d: %v, end %s, timeout %s:\ngot  %s\nwant %s", round, changes, end, timeout, got, want)
		}
	}
}

// merged joins overlapping sessions as activity.SessionIntervals does.
func merged(list []activity.Interval) []activity.Interval {
	slices.SortStableFunc(list, func(a, b activity.Interval) int { return a.Start.Compare(b.Start) })
	var out []activity.Interval
	for _, iv := range list {
		if n := len(out); n > 0 && iv.Start.Before(out[n-1].End) {
			last := &out[n-1]
			if iv.End.After(last.End) {
				last.End, last.Open = iv.End, iv.Open
			}
			last.Flagged = last.Flagged || iv.Flagged
			continue
		}
		out = append(out, iv)
	}
	return out
}
