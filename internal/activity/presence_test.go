package activity

import (
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCurrentSession(t *testing.T) {
	in, out := func(q string, at float64) SessionChange { return SessionChange{Login, q, h(at)} },
		func(q string, at float64) SessionChange { return SessionChange{Logout, q, h(at)} }
	cases := []struct {
		name    string
		changes []SessionChange
		at      float64
		want    string // "out", or "since hours [queues]"
	}{
		{"never logged in", nil, 10, "out"},
		{"logged in without a queue", []SessionChange{in("", 8)}, 10, "8 []"},
		{"logged out", []SessionChange{in("", 8), out("", 9)}, 10, "out"},
		{"two queues", []SessionChange{in("900", 8), in("800", 9)}, 10, "8 [800 900]"},
		{"one of two queues left", []SessionChange{in("800", 8), in("900", 9), out("800", 9.5)}, 10, "8 [900]"},
		{"logout of all queues", []SessionChange{in("800", 8), in("900", 9), out("", 9.5)}, 10, "out"},
		{"a queue logout ends a login without queue", []SessionChange{in("", 8), out("800", 9)}, 10, "out"},
		{"a login older than the timeout", []SessionChange{in("800", 0)}, 13, "out"},
		{"exactly the timeout old", []SessionChange{in("800", 0)}, 12, "out"},
		{"just younger than the timeout", []SessionChange{in("800", 0.5)}, 12, "0.5 [800]"},
		{"an expired queue leaves the other", []SessionChange{in("800", 0), in("900", 6)}, 14, "0 [900]"},
		{"a login after all expired starts anew", []SessionChange{in("800", 0), in("900", 13)}, 14, "13 [900]"},
		{"a login again starts anew", []SessionChange{in("800", 8), in("800", 9)}, 10, "9 [800]"},
		{"a login again while another queue is open", []SessionChange{in("900", 7), in("800", 8), in("800", 9)}, 10, "7 [800 900]"},
		{"every session ends as others begin", []SessionChange{in("800", 7), in("", 8), in("", 9), in("800", 9)}, 10, "9 [800]"},
		{"events at the time asked are not in effect", []SessionChange{in("800", 7), out("800", 10)}, 10, "7 [800]"},
		{"logout and login in one instant", []SessionChange{in("", 8), out("", 9), in("", 9)}, 10, "9 []"},
	}
	for _, c := range cases {
		if got := showState(CurrentSession(c.changes, h(c.at), 12*time.Hour)); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

func showState(st SessionState) string {
	if !st.LoggedIn {
		return "out"
	}
	return fmt.Sprintf("%g [%s]", st.Since.Sub(base).Hours(), strings.Join(st.Queues, " "))
}

// CurrentSession agrees with SessionIntervals, the rule of the reports: logged
// in exactly when the last interval is still open, since its start.
func TestCurrentSessionAgreesWithIntervals(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	queues := []string{"", "800", "900"}
	for round := 0; round < 2000; round++ {
		var changes []SessionChange
		at := base
		for range rng.Intn(12) {
			at = at.Add(time.Duration(rng.Intn(8*60)) * time.Minute)
			action := Login
			if rng.Intn(3) == 0 {
				action = Logout
			}
			changes = append(changes, SessionChange{action, queues[rng.Intn(len(queues))], at})
		}
		end := at.Add(time.Duration(1+rng.Intn(16*60)) * time.Minute)
		got := CurrentSession(changes, end, 12*time.Hour)
		ivs := SessionIntervals(changes, end, 12*time.Hour)
		open := len(ivs) > 0 && ivs[len(ivs)-1].Open
		if got.LoggedIn != open || (open && !got.Since.Equal(ivs[len(ivs)-1].Start)) {
			t.Fatalf("round %d: %v at %s: got %+v, want the open interval of %s", round, changes, end, got, show(ivs))
		}
		if !slices.IsSorted(got.Queues) || slices.Contains(got.Queues, "") {
			t.Fatalf("round %d: queues %q: want sorted, without \"\"", round, got.Queues)
		}
	}
}
