package oneuptime_test

// The expected answer of each fixture case, worked out in Go from the
// case's meaning (not from its body): which calls match, in which order,
// which page. One function per case name.

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// fixtureWant is a case's answer: the page of get-list (nil for count) and
// the number of matches.
type fixtureWant struct {
	ids   []int
	count int
}

// fxKey is one sort key of a case's meaning.
type fxKey struct {
	name string
	get  func(fx) int64
	desc bool
}

var (
	newestFirst   = fxKey{"createdAt DESC", func(c fx) int64 { return c.created.UnixMilli() }, true}
	oldestFirst   = fxKey{"createdAt ASC", func(c fx) int64 { return c.created.UnixMilli() }, false}
	costliest     = fxKey{"callCostInUSDCents DESC", func(c fx) int64 { return c.cost }, true}
	cheapestFirst = fxKey{"callCostInUSDCents ASC", func(c fx) int64 { return c.cost }, false}
)

func where(data []fx, pred func(fx) bool) []fx {
	var out []fx
	for _, c := range data {
		if pred(c) {
			out = append(out, c)
		}
	}
	return out
}

// listed orders matches by keys and takes the page. Two matches that no key
// tells apart would make the case undecidable: the data set is wrong then.
func listed(t *testing.T, matches []fx, skip, limit int, keys ...fxKey) fixtureWant {
	t.Helper()
	sorted := slices.Clone(matches)
	var tie error
	slices.SortStableFunc(sorted, func(a, b fx) int {
		for _, k := range keys {
			d := cmp.Compare(k.get(a), k.get(b))
			if k.desc {
				d = -d
			}
			if d != 0 {
				return d
			}
		}
		tie = fmt.Errorf("calls %d and %d tie on %v", a.n, b.n, keys)
		return 0
	})
	if tie != nil {
		t.Fatalf("data set: %v, so the case has no one answer", tie)
	}
	ids := []int{}
	for _, c := range sorted[min(skip, len(sorted)):min(skip+limit, len(sorted))] {
		ids = append(ids, c.n)
	}
	return fixtureWant{ids: ids, count: len(matches)}
}

func counted(matches []fx) fixtureWant { return fixtureWant{count: len(matches)} }

func statusIn(names ...string) func(fx) bool {
	return func(c fx) bool { return slices.Contains(names, c.status) }
}

func createdIn(from, to string) func(fx) bool {
	a, b := ts(from), ts(to)
	return func(c fx) bool { return !c.created.Before(a) && !c.created.After(b) }
}

var fixtureExpectations = map[string]func(t *testing.T, d []fx) fixtureWant{
	"all_newest_first": func(t *testing.T, d []fx) fixtureWant {
		if len(d) <= 10 {
			t.Fatalf("data set: %d calls, want more than a page of 10", len(d))
		}
		return listed(t, d, 0, 10, newestFirst)
	},
	"status_includes_success_error": func(t *testing.T, d []fx) fixtureWant {
		return listed(t, where(d, statusIn("Success", "Error")), 0, 10, newestFirst)
	},
	"status_equalto_busy_count": func(t *testing.T, d []fx) fixtureWant {
		return counted(where(d, statusIn("Busy")))
	},
	"status_notequal_success_oldest": func(t *testing.T, d []fx) fixtureWant {
		return listed(t, where(d, func(c fx) bool { return c.status != "Success" }), 0, 10, oldestFirst)
	},
	"statusmessage_equaltoornull": func(t *testing.T, d []fx) fixtureWant {
		return listed(t, where(d, func(c fx) bool { return c.msg == nil || *c.msg == "Delivered" }), 0, 10, newestFirst)
	},
	"created_inbetween_dates": func(t *testing.T, d []fx) fixtureWant {
		return listed(t, where(d, createdIn("2025-05-01T00:00:00.000Z", "2025-05-01T23:59:59.999Z")), 0, 100, oldestFirst)
	},
	"created_greaterthan_date_truncated": func(t *testing.T, d []fx) fixtureWant {
		bound := ts("2025-05-02T00:00:00Z")
		return listed(t, where(d, func(c fx) bool { return c.created.After(bound) }), 0, 100, oldestFirst)
	},
	"created_lessthan_date_truncated_count": func(t *testing.T, d []fx) fixtureWant {
		bound := ts("2025-05-03T00:00:00Z")
		return counted(where(d, func(c fx) bool { return c.created.Before(bound) }))
	},
	"cost_gte_100_costliest_first": func(t *testing.T, d []fx) fixtureWant {
		return listed(t, where(d, func(c fx) bool { return c.cost >= 100 }), 0, 10, costliest)
	},
	"cost_lt_50_count": func(t *testing.T, d []fx) fixtureWant {
		return counted(where(d, func(c fx) bool { return c.cost < 50 }))
	},
	"cost_inbetween_numbers": func(t *testing.T, d []fx) fixtureWant {
		return listed(t, where(d, func(c fx) bool { return c.cost >= 100 && c.cost <= 500 }), 0, 10, cheapestFirst)
	},
	"tonumber_search_555": func(t *testing.T, d []fx) fixtureWant {
		return listed(t, where(d, func(c fx) bool { return strings.Contains(strings.ToLower(c.to), "555") }), 0, 10, newestFirst)
	},
	"statusmessage_search_uppercase": func(t *testing.T, d []fx) fixtureWant {
		return listed(t, where(d, func(c fx) bool {
			return c.msg != nil && strings.Contains(strings.ToLower(*c.msg), "timeout")
		}), 0, 10, newestFirst)
	},
	"incident_isnull": func(t *testing.T, d []fx) fixtureWant {
		return listed(t, where(d, func(c fx) bool { return c.incident == "" }), 0, 10, newestFirst)
	},
	"alert_notnull_count": func(t *testing.T, d []fx) fixtureWant {
		return counted(where(d, func(c fx) bool { return c.alert != "" }))
	},
	"monitor_objectid": func(t *testing.T, d []fx) fixtureWant {
		return listed(t, where(d, func(c fx) bool { return c.monitor == fxMonitor }), 0, 10, newestFirst)
	},
	"status_plain_value": func(t *testing.T, d []fx) fixtureWant {
		return listed(t, where(d, statusIn("Missed Call")), 0, 10, newestFirst)
	},
	"status_plain_array": func(t *testing.T, d []fx) fixtureWant {
		return listed(t, where(d, statusIn("Busy", "Low Balance")), 0, 10, oldestFirst)
	},
	"incident_plain_null_count": func(t *testing.T, d []fx) fixtureWant {
		return counted(where(d, func(c fx) bool { return c.incident == "" }))
	},
	"combo_status_cost_range_team_page2": func(t *testing.T, d []fx) fixtureWant {
		inRange := createdIn("2025-05-01T00:00:00.000Z", "2025-05-31T23:59:59.000Z")
		matches := where(d, func(c fx) bool {
			return statusIn("Success", "Error")(c) && c.cost > 0 && inRange(c) && c.team == fxTeam
		})
		ties := 0
		for _, c := range matches {
			if c.cost == 60 {
				ties++
			}
		}
		if len(matches) < 10 || ties < 2 {
			t.Fatalf("data set: %d matches with %d at 60 cents, want 10 or more with a tie, so that page 2 is full and the second key counts", len(matches), ties)
		}
		return listed(t, matches, 5, 5, costliest, oldestFirst)
	},
	"calldata_key_equals": func(t *testing.T, d []fx) fixtureWant {
		return listed(t, where(d, func(c fx) bool {
			var obj map[string]any
			return json.Unmarshal([]byte(c.data), &obj) == nil && obj["message"] == "hello"
		}), 0, 10, newestFirst)
	},
}
