package xapi_test

// The OData query options over the rows of GetUserActivity, each applied by
// hand to the model's rows, on the 25 hours of Berlin's autumn change; and
// the literal forms the contract allows in the function call.

import (
	"slices"
	"strings"
	"testing"

	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// keep returns the rows for which ok holds.
func keep(rows []uaRow, ok func(uaRow) bool) []uaRow {
	var out []uaRow
	for _, r := range rows {
		if ok(r) {
			out = append(out, r)
		}
	}
	return out
}

func TestQueryOptions(t *testing.T) {
	q := query{zone: "Europe/Berlin", from: "2025-10-25T22:00:00.000Z", to: "2025-10-26T23:00:00.000Z", wait: "0:00:00", queueCalls: true}
	utc := q
	utc.zone = "+00:00"
	calls := spreadCalls(26, mustTime(q.from), mustTime(q.to), 160)
	hasText := func(r uaRow, s string) bool { return strings.Contains(strings.ToLower(r.interval), strings.ToLower(s)) }
	cases := []struct {
		name, options string
		q             query
		want          func(rows []uaRow) ([]map[string]any, *int)
	}{
		{"the second 02:00", "?$filter=DateTimeInterval+eq+2025-10-26T02%3A00%3A00%2B01%3A00", q, func(rows []uaRow) ([]map[string]any, *int) {
			return render(keep(rows, func(r uaRow) bool { return r.interval == "2025-10-26T02:00:00+01:00" })), nil
		}},
		{"hour() in the row's offset", "?$filter=hour(DateTimeInterval)+eq+2", q, func(rows []uaRow) ([]map[string]any, *int) {
			return render(keep(rows, func(r uaRow) bool { return hasText(r, "T02:") })), nil
		}},
		{"instants across offsets", "?$filter=DateTimeInterval+ge+2025-10-26T00%3A30%3A00Z+and+DateTimeInterval+lt+2025-10-26T03%3A00%3A00Z", q,
			func(rows []uaRow) ([]map[string]any, *int) {
				from, to := mustTime("2025-10-26T00:30:00Z"), mustTime("2025-10-26T03:00:00Z")
				return render(keep(rows, func(r uaRow) bool { return !r.start.Before(from) && r.start.Before(to) })), nil
			}},
		{"arithmetic and or", "?$filter=AnsweredCount+add+UnansweredCount+ge+4+or+(UnansweredCount+gt+AnsweredCount)", q,
			func(rows []uaRow) ([]map[string]any, *int) {
				return render(keep(rows, func(r uaRow) bool { return r.answered+r.unanswered >= 4 || r.unanswered > r.answered })), nil
			}},
		{"$orderby two keys", "?$orderby=AnsweredCount+desc%2CDateTimeInterval", q, func(rows []uaRow) ([]map[string]any, *int) {
			sorted := slices.Clone(rows)
			slices.SortStableFunc(sorted, func(a, b uaRow) int {
				if a.answered != b.answered {
					return b.answered - a.answered
				}
				return a.start.Compare(b.start)
			})
			return render(sorted), nil
		}},
		{"$select one", "?$select=UnansweredCount", q, func(rows []uaRow) ([]map[string]any, *int) {
			return render(rows, "UnansweredCount"), nil
		}},
		{"$count before $skip and $top", "?$top=2&$skip=1&$filter=AnsweredCount+gt+0&$count=true", q,
			func(rows []uaRow) ([]map[string]any, *int) {
				kept := keep(rows, func(r uaRow) bool { return r.answered > 0 })
				n := len(kept)
				kept = kept[min(1, n):]
				return render(kept[:min(2, len(kept))]), &n
			}},
		{"$search a phrase", "?$search=%22t02%3A00%3A00%22", q, func(rows []uaRow) ([]map[string]any, *int) {
			return render(keep(rows, func(r uaRow) bool { return hasText(r, "T02:00:00") })), nil
		}},
		{"$search AND NOT", "?$search=%2B01%3A00+AND+NOT+T02", q, func(rows []uaRow) ([]map[string]any, *int) {
			return render(keep(rows, func(r uaRow) bool { return hasText(r, "+01:00") && !hasText(r, "T02") })), nil
		}},
		{"$search an offset of zero", "?$search=%22%2B00%3A00%22", utc, func(rows []uaRow) ([]map[string]any, *int) {
			return render(keep(rows, func(r uaRow) bool { return hasText(r, "+00:00") })), nil
		}},
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.ingest(t, calls)
		for _, c := range cases {
			rows := c.q.expect(calls)
			want, count := c.want(rows)
			selects := (strings.Contains(c.options, "filter") || strings.Contains(c.options, "search")) && c.q.zone != "+00:00"
			if len(rows) != 25 || len(want) == 0 || selects && len(want) == len(rows) {
				t.Fatalf("%s: %d of %d rows: the case tells nothing", c.name, len(want), len(rows))
			}
			wantRows(t, c.name, e.get(t, c.q.target("GetUserActivity", c.options), e.token), want, count)
		}
	})
}

// TestLiteralForms: parameters in any order, null for "no filter", quotes
// doubled inside strings, DateTimeOffsets with fractions and offsets.
func TestLiteralForms(t *testing.T) {
	base := dayQuery("Europe/Berlin", "2025-05-05T22:00:00.000Z", "2025-05-06T22:00:00.000Z")
	base.grouping = 0
	target := base.target("GetUserActivity", "")
	open := strings.Index(target, "(")
	ps := strings.Split(target[open+1:len(target)-1], ",")
	slices.Reverse(ps)
	reversed := target[:open+1] + strings.Join(ps, ",") + ")"
	calls := handCalls()
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.ingest(t, calls)
		all := render(base.expect(calls))
		for _, c := range []struct{ name, target string }{
			{"parameters in reverse order", reversed},
			{"null for no group and no extensions", strings.NewReplacer("groupNumber=''", "groupNumber=null",
				"extensionDns=''", "extensionDns=null").Replace(target)},
			{"periods with offsets", strings.NewReplacer("2025-05-05T22%3A00%3A00.000Z", "2025-05-06T00%3A00%3A00%2B02%3A00",
				"2025-05-06T22%3A00%3A00.000Z", "2025-05-06T18%3A00%3A00-04%3A00").Replace(target)},
			{"periods with seven fraction digits", strings.ReplaceAll(target, ".000Z", ".0000000Z")},
			{"periods without fraction", strings.ReplaceAll(target, ".000Z", "Z")},
			{"colons unescaped", strings.NewReplacer("%3A", ":").Replace(target)},
		} {
			wantRows(t, c.name, e.get(t, c.target, e.token), all, nil)
		}
		quoted := base
		quoted.group = "it's"
		wantRows(t, "a doubled quote in a group name", e.get(t, quoted.target("GetUserActivity", ""), e.token),
			render(quoted.expect(calls)), nil)
	})
}
