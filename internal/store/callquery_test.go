package store_test

// Conformance of CountCalls and FindCalls, the typed conditions that the
// OneUptime Call Log API compiles to SQL: every operator on every kind of
// field, NULL semantics, literal LIKE wildcards, one sort order (NULLs
// largest, text in byte order, ties by id) on both databases, paging and
// tenant isolation.

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

const (
	inc1  = "11111111-1111-4111-8111-111111111111"
	inc2  = "22222222-2222-4222-8222-222222222222"
	team1 = "33333333-3333-4333-8333-333333333333"
	team2 = "44444444-4444-4444-8444-444444444444"
)

// queryCalls is the data set of every query test: six calls of tenant
// "acme" whose fields are chosen so that each case below is decidable by
// hand. Times are at(min); links other than incident and team are spread so
// that every link field has values, ties and NULLs to sort.
func queryCalls() []activity.Call {
	type r struct {
		created, updated int
		from, to, status string
		msg              *string
		cost             int64
		incident, team   string
		data             string
	}
	rows := []r{
		{10, 70, "100", "+1-555-0100", "Success", nil, 0, inc1, team1, `{"message":"hello","n":1,"obj":{"a":1,"b":[1,2]}}`},
		{20, 65, "200", "+44 20 7946 0958", "Error", ptr("Delivered"), 100, "", team1, `{"message":"Hello","n":2}`},
		{30, 60, "300", "50%_OFF", "success", ptr("TIMEOUT reached"), 250, inc2, "", `{"message":"hello world"}`},
		{40, 55, "400", "50x_off", "Busy", ptr("timeout"), 500, "", "", ``},
		{50, 50, "100", "+1-555-0199", "Missed Call", ptr(""), 501, inc1, "", `{"message":"hello","n":"1"}`},
		{60, 45, "600", `C:\dir`, "Ärger", nil, 501, "", team2, `{"other":true}`},
	}
	list := make([]activity.Call, len(rows))
	for i, row := range rows {
		n := i + 1
		c := call(uuidN(n), at(row.created), at(row.updated))
		c.FromNumber, c.ToNumber, c.Status, c.StatusMessage, c.CostCents = row.from, row.to, row.status, row.msg, row.cost
		c.Links = map[string]string{"incident": row.incident, "team": row.team}
		for k, name := range activity.LinkNames {
			if name != "incident" && name != "team" && (n+k)%3 != 0 {
				c.Links[name] = fmt.Sprintf("%08d-0000-4000-8000-%012d", (n*37+k*11)%5, k)
			}
		}
		if row.data != "" {
			c.CallData = json.RawMessage(row.data)
		}
		list[i] = c
	}
	return list
}

func cond(f store.CallField, op store.Op, values ...any) store.CallCondition {
	return store.CallCondition{Field: f, Op: op, Values: values}
}

func jsonKey(key, value string) store.CallCondition {
	return store.CallCondition{Field: store.FieldCallData, Op: store.OpJSONKeyEquals, Key: key, Values: []any{value}}
}

func ms(min int) int64 { return at(min).UnixMilli() }

// foundIDs runs FindCalls and returns the numbers n of the uuidN(n) found.
func foundIDs(t *testing.T, db *store.DB, tenantID int64, q store.CallQuery) []int {
	t.Helper()
	got := []int{}
	must(t, db.FindCalls(t.Context(), tenantID, q, func(c activity.Call) error {
		var n int
		if _, err := fmt.Sscanf(c.ID, "00000000-0000-4000-8000-%012d", &n); err != nil {
			return fmt.Errorf("unexpected call id %s", c.ID)
		}
		got = append(got, n)
		return nil
	}))
	return got
}

var all = []int{1, 2, 3, 4, 5, 6}

func TestCallQueryConditions(t *testing.T) {
	inc, team := store.LinkField("incident"), store.LinkField("team")
	id, st, msg, to := store.FieldID, store.FieldStatus, store.FieldStatusMessage, store.FieldToNumber
	created, cost, data := store.FieldCreated, store.FieldCost, store.FieldCallData
	cases := []struct {
		name  string
		conds []store.CallCondition
		want  []int
	}{
		{"no condition", nil, all},
		{"id =", []store.CallCondition{cond(id, store.OpEqual, uuidN(3))}, []int{3}},
		{"id !=", []store.CallCondition{cond(id, store.OpNotEqual, uuidN(3))}, []int{1, 2, 4, 5, 6}},
		{"id in", []store.CallCondition{cond(id, store.OpIn, uuidN(6), uuidN(1), uuidN(99))}, []int{1, 6}},
		{"id in nothing", []store.CallCondition{cond(id, store.OpIn)}, []int{}},
		{"id not in", []store.CallCondition{cond(id, store.OpNotIn, uuidN(1), uuidN(2))}, []int{3, 4, 5, 6}},
		{"id not in nothing", []store.CallCondition{cond(id, store.OpNotIn)}, all},
		{"id is null", []store.CallCondition{cond(id, store.OpIsNull)}, []int{}},
		{"id not null", []store.CallCondition{cond(id, store.OpNotNull)}, all},

		{"link =", []store.CallCondition{cond(inc, store.OpEqual, inc1)}, []int{1, 5}},
		{"link != excludes NULL", []store.CallCondition{cond(inc, store.OpNotEqual, inc1)}, []int{3}},
		{"link = or null", []store.CallCondition{cond(inc, store.OpEqualOrNull, inc2)}, []int{2, 3, 4, 6}},
		{"link in", []store.CallCondition{cond(inc, store.OpIn, inc2)}, []int{3}},
		{"link not in excludes NULL", []store.CallCondition{cond(inc, store.OpNotIn, inc1)}, []int{3}},
		{"link not in nothing", []store.CallCondition{cond(inc, store.OpNotIn)}, all},
		{"link is null", []store.CallCondition{cond(inc, store.OpIsNull)}, []int{2, 4, 6}},
		{"link not null", []store.CallCondition{cond(inc, store.OpNotNull)}, []int{1, 3, 5}},
		{"team =", []store.CallCondition{cond(team, store.OpEqual, team1)}, []int{1, 2}},

		{"text = is case-sensitive", []store.CallCondition{cond(st, store.OpEqual, "Success")}, []int{1}},
		{"text !=", []store.CallCondition{cond(st, store.OpNotEqual, "Success")}, []int{2, 3, 4, 5, 6}},
		{"text = or null", []store.CallCondition{cond(st, store.OpEqualOrNull, "Busy")}, []int{4}},
		{"text > in byte order", []store.CallCondition{cond(st, store.OpGreater, "Missed Call")}, []int{1, 3, 6}},
		{"text >=", []store.CallCondition{cond(st, store.OpGreaterEqual, "Missed Call")}, []int{1, 3, 5, 6}},
		{"text <", []store.CallCondition{cond(st, store.OpLess, "Error")}, []int{4}},
		{"text <=", []store.CallCondition{cond(st, store.OpLessEqual, "Error")}, []int{2, 4}},
		{"text between", []store.CallCondition{cond(st, store.OpBetween, "Busy", "Success")}, []int{1, 2, 4, 5}},
		{"text in", []store.CallCondition{cond(st, store.OpIn, "Success", "Error", "nope")}, []int{1, 2}},
		{"text not in", []store.CallCondition{cond(st, store.OpNotIn, "Success", "Error")}, []int{3, 4, 5, 6}},
		{"contains ignores case", []store.CallCondition{cond(st, store.OpContains, "SUCC")}, []int{1, 3}},
		{"starts with ignores case", []store.CallCondition{cond(st, store.OpStartsWith, "s")}, []int{1, 3}},
		{"ends with ignores case", []store.CallCondition{cond(st, store.OpEndsWith, "ROR")}, []int{2}},
		{"not contains ignores case", []store.CallCondition{cond(st, store.OpNotContains, "S")}, []int{2, 6}},

		{"nullable =", []store.CallCondition{cond(msg, store.OpEqual, "timeout")}, []int{4}},
		{"nullable != excludes NULL", []store.CallCondition{cond(msg, store.OpNotEqual, "timeout")}, []int{2, 3, 5}},
		{"nullable = or null", []store.CallCondition{cond(msg, store.OpEqualOrNull, "Delivered")}, []int{1, 2, 6}},
		{"nullable >", []store.CallCondition{cond(msg, store.OpGreater, "T")}, []int{3, 4}},
		{"nullable > or null", []store.CallCondition{cond(msg, store.OpGreaterOrNull, "T")}, []int{1, 3, 4, 6}},
		{"nullable < or null", []store.CallCondition{cond(msg, store.OpLessOrNull, "T")}, []int{1, 2, 5, 6}},
		{"nullable between excludes NULL", []store.CallCondition{cond(msg, store.OpBetween, "", "zzz")}, []int{2, 3, 4, 5}},
		{"nullable in excludes NULL", []store.CallCondition{cond(msg, store.OpIn, "", "timeout")}, []int{4, 5}},
		{"nullable not in excludes NULL", []store.CallCondition{cond(msg, store.OpNotIn, "timeout")}, []int{2, 3, 5}},
		{"nullable is null", []store.CallCondition{cond(msg, store.OpIsNull)}, []int{1, 6}},
		{"empty text is not null", []store.CallCondition{cond(msg, store.OpNotNull)}, []int{2, 3, 4, 5}},
		{"contains lower finds upper", []store.CallCondition{cond(msg, store.OpContains, "timeout")}, []int{3, 4}},
		{"contains upper finds lower", []store.CallCondition{cond(msg, store.OpContains, "TIMEOUT")}, []int{3, 4}},
		{"not contains excludes NULL", []store.CallCondition{cond(msg, store.OpNotContains, "timeout")}, []int{2, 5}},
		{"starts with", []store.CallCondition{cond(msg, store.OpStartsWith, "TIME")}, []int{3, 4}},
		{"ends with", []store.CallCondition{cond(msg, store.OpEndsWith, "OUT")}, []int{4}},
		{"starts with nothing", []store.CallCondition{cond(msg, store.OpStartsWith, "")}, []int{2, 3, 4, 5}},

		{"contains digits", []store.CallCondition{cond(to, store.OpContains, "555")}, []int{1, 5}},
		{"% is literal", []store.CallCondition{cond(to, store.OpContains, "%")}, []int{3}},
		{"_ is literal", []store.CallCondition{cond(to, store.OpContains, "_")}, []int{3, 4}},
		{"%_ is literal", []store.CallCondition{cond(to, store.OpContains, "%_")}, []int{3}},
		{"starts with %", []store.CallCondition{cond(to, store.OpStartsWith, "50%")}, []int{3}},
		{"ends with %_", []store.CallCondition{cond(to, store.OpEndsWith, "%_off")}, []int{3}},
		{"ends with _ ignores case", []store.CallCondition{cond(to, store.OpEndsWith, "_OFF")}, []int{3, 4}},
		{`\ is literal`, []store.CallCondition{cond(to, store.OpContains, `:\d`)}, []int{6}},
		{"not contains _", []store.CallCondition{cond(to, store.OpNotContains, "_")}, []int{1, 2, 5, 6}},
		{"from =", []store.CallCondition{cond(store.FieldFromNumber, store.OpEqual, "100")}, []int{1, 5}},

		{"date =", []store.CallCondition{cond(created, store.OpEqual, ms(30))}, []int{3}},
		{"date !=", []store.CallCondition{cond(created, store.OpNotEqual, ms(30))}, []int{1, 2, 4, 5, 6}},
		{"date >", []store.CallCondition{cond(created, store.OpGreater, ms(30))}, []int{4, 5, 6}},
		{"date >=", []store.CallCondition{cond(created, store.OpGreaterEqual, ms(30))}, []int{3, 4, 5, 6}},
		{"date <", []store.CallCondition{cond(created, store.OpLess, ms(30))}, []int{1, 2}},
		{"date <=", []store.CallCondition{cond(created, store.OpLessEqual, ms(30))}, []int{1, 2, 3}},
		{"date between is inclusive", []store.CallCondition{cond(created, store.OpBetween, ms(20), ms(40))}, []int{2, 3, 4}},
		{"date between a millisecond inside", []store.CallCondition{cond(created, store.OpBetween, ms(20)+1, ms(40)-1)}, []int{3}},
		{"date in", []store.CallCondition{cond(created, store.OpIn, ms(10), ms(60))}, []int{1, 6}},
		{"date not in", []store.CallCondition{cond(created, store.OpNotIn, ms(10), ms(60))}, []int{2, 3, 4, 5}},
		{"date = or null", []store.CallCondition{cond(created, store.OpEqualOrNull, ms(10))}, []int{1}},
		{"date > or null", []store.CallCondition{cond(created, store.OpGreaterOrNull, ms(50))}, []int{6}},
		{"date < or null", []store.CallCondition{cond(created, store.OpLessOrNull, ms(20))}, []int{1}},
		{"updated <", []store.CallCondition{cond(store.FieldUpdated, store.OpLess, ms(55))}, []int{5, 6}},
		{"updated between", []store.CallCondition{cond(store.FieldUpdated, store.OpBetween, ms(50), ms(60))}, []int{3, 4, 5}},

		{"number =", []store.CallCondition{cond(cost, store.OpEqual, int64(501))}, []int{5, 6}},
		{"number !=", []store.CallCondition{cond(cost, store.OpNotEqual, int64(0))}, []int{2, 3, 4, 5, 6}},
		{"number >", []store.CallCondition{cond(cost, store.OpGreater, int64(250))}, []int{4, 5, 6}},
		{"number >=", []store.CallCondition{cond(cost, store.OpGreaterEqual, int64(250))}, []int{3, 4, 5, 6}},
		{"number <", []store.CallCondition{cond(cost, store.OpLess, int64(100))}, []int{1}},
		{"number <=", []store.CallCondition{cond(cost, store.OpLessEqual, int64(100))}, []int{1, 2}},
		{"number between is inclusive", []store.CallCondition{cond(cost, store.OpBetween, int64(100), int64(500))}, []int{2, 3, 4}},
		{"number in", []store.CallCondition{cond(cost, store.OpIn, int64(0), int64(500))}, []int{1, 4}},
		{"number not in", []store.CallCondition{cond(cost, store.OpNotIn, int64(501))}, []int{1, 2, 3, 4}},
		{"number > or null", []store.CallCondition{cond(cost, store.OpGreaterOrNull, int64(500))}, []int{5, 6}},
		{"number < or null", []store.CallCondition{cond(cost, store.OpLessOrNull, int64(0))}, []int{}},
		{"float >", []store.CallCondition{cond(cost, store.OpGreater, 250.5)}, []int{4, 5, 6}},
		{"float <", []store.CallCondition{cond(cost, store.OpLess, 100.5)}, []int{1, 2}},
		{"float between", []store.CallCondition{cond(cost, store.OpBetween, 99.5, 250.0)}, []int{2, 3}},
		{"whole float =", []store.CallCondition{cond(cost, store.OpEqual, 100.0)}, []int{2}},
		{"fraction = matches no integer", []store.CallCondition{cond(cost, store.OpEqual, 100.5)}, []int{}},
		{"fraction >=", []store.CallCondition{cond(cost, store.OpGreaterEqual, 100.5)}, []int{3, 4, 5, 6}},
		{"huge float <", []store.CallCondition{cond(cost, store.OpLess, 1e30)}, all},
		{"fraction in", []store.CallCondition{cond(cost, store.OpIn, 100.5, int64(0))}, []int{1}},
		{"fraction not in", []store.CallCondition{cond(cost, store.OpNotIn, 100.5)}, all},
		{"huge float in", []store.CallCondition{cond(cost, store.OpIn, 1e30)}, []int{}},

		{"json string", []store.CallCondition{jsonKey("message", `"hello"`)}, []int{1, 5}},
		{"json string is case-sensitive", []store.CallCondition{jsonKey("message", `"Hello"`)}, []int{2}},
		{"json number", []store.CallCondition{jsonKey("n", `1`)}, []int{1}},
		{"json number spelled 1.0", []store.CallCondition{jsonKey("n", `1.0`)}, []int{1}},
		{"json number is not a string", []store.CallCondition{jsonKey("n", `"1"`)}, []int{5}},
		{"json bool", []store.CallCondition{jsonKey("other", `true`)}, []int{6}},
		{"json nested object", []store.CallCondition{jsonKey("obj", `{"a":1,"b":[1,2]}`)}, []int{1}},
		{"json nested object, spaced", []store.CallCondition{jsonKey("obj", `{ "a" : 1, "b" : [1, 2] }`)}, []int{1}},
		{"json nested object, keys reordered", []store.CallCondition{jsonKey("obj", `{"b":[1,2],"a":1}`)}, []int{1}},
		{"json string, escaped spelling", []store.CallCondition{jsonKey("message", `"h\u0065llo"`)}, []int{1, 5}},
		{"json no match", []store.CallCondition{jsonKey("message", `"nope"`)}, []int{}},
		{"json two keys", []store.CallCondition{jsonKey("message", `"hello"`), jsonKey("n", `1`)}, []int{1}},
		{"json is null", []store.CallCondition{cond(data, store.OpIsNull)}, []int{4}},
		{"json not null", []store.CallCondition{cond(data, store.OpNotNull)}, []int{1, 2, 3, 5, 6}},

		{"and", []store.CallCondition{cond(st, store.OpContains, "success"), cond(cost, store.OpGreater, int64(0))}, []int{3}},
		{"and of nothing", []store.CallCondition{cond(st, store.OpEqual, "Busy"), cond(msg, store.OpIsNull)}, []int{}},
	}
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		mustIngestCalls(t, db, tn.ID, queryCalls()...)
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				n, err := db.CountCalls(t.Context(), tn.ID, store.CallQuery{Conditions: c.conds})
				if err != nil {
					t.Fatalf("CountCalls: got error %v, want %d", err, len(c.want))
				}
				mustEqual(t, "CountCalls", n, int64(len(c.want)))
				q := store.CallQuery{Conditions: c.conds, Sort: []store.CallSort{{Field: store.FieldID}}}
				mustEqualSlice(t, "FindCalls", foundIDs(t, db, tn.ID, q), c.want)
			})
		}
	})
}

func TestCallQueryRefusesJSONKeys(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		mustIngestCalls(t, db, tn.ID, queryCalls()...)
		for _, key := range []string{`a"b`, `"`, `a\b`, ``} {
			q := store.CallQuery{Conditions: []store.CallCondition{jsonKey(key, `"x"`)}}
			_, err := db.CountCalls(t.Context(), tn.ID, q)
			mustCode(t, err, activity.EInvalid)
			mustCode(t, db.FindCalls(t.Context(), tn.ID, q, func(activity.Call) error { return nil }), activity.EInvalid)
		}
	})
}

// sortKey is a call's value of a sortable field; null when it has none.
func sortKey(c activity.Call, f store.CallField) (v any, null bool) {
	for _, name := range activity.LinkNames {
		if f == store.LinkField(name) {
			id, ok := c.Links[name]
			return id, !ok || id == ""
		}
	}
	if f == store.FieldStatusMessage {
		if c.StatusMessage == nil {
			return nil, true
		}
		return *c.StatusMessage, false
	}
	return map[store.CallField]any{store.FieldID: c.ID, store.FieldCreated: c.StartedAt.UnixMilli(),
		store.FieldUpdated: c.UpdatedAt.UnixMilli(), store.FieldFromNumber: c.FromNumber, store.FieldToNumber: c.ToNumber,
		store.FieldStatus: c.Status, store.FieldCost: c.CostCents}[f], false
}

// modelOrder is the order the store promises: each sort in turn, NULLs as
// the largest values, text by bytes, then ids ascending.
func modelOrder(list []activity.Call, sorts []store.CallSort) []int {
	order := slices.Clone(list)
	slices.SortStableFunc(order, func(a, b activity.Call) int {
		for _, s := range sorts {
			av, an := sortKey(a, s.Field)
			bv, bn := sortKey(b, s.Field)
			d := cmp.Compare(boolInt(an), boolInt(bn))
			if d == 0 && !an {
				if as, ok := av.(string); ok {
					d = bytes.Compare([]byte(as), []byte(bv.(string)))
				} else {
					d = cmp.Compare(av.(int64), bv.(int64))
				}
			}
			if s.Descending {
				d = -d
			}
			if d != 0 {
				return d
			}
		}
		return cmp.Compare(a.ID, b.ID)
	})
	ids := make([]int, len(order))
	for i, c := range order {
		fmt.Sscanf(c.ID, "00000000-0000-4000-8000-%012d", &ids[i])
	}
	return ids
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestCallQuerySort(t *testing.T) {
	fields := []store.CallField{store.FieldID, store.FieldCreated, store.FieldUpdated, store.FieldFromNumber,
		store.FieldToNumber, store.FieldStatus, store.FieldStatusMessage, store.FieldCost}
	for _, name := range activity.LinkNames {
		fields = append(fields, store.LinkField(name))
	}
	// A few orders written out by hand, so that the model above is checked
	// too: byte order puts upper case before lower case and Ä last; NULLs
	// are last ascending and first descending; ties go by id ascending.
	byHand := []struct {
		sorts []store.CallSort
		want  []int
	}{
		{[]store.CallSort{{Field: store.FieldStatus}}, []int{4, 2, 5, 1, 3, 6}},
		{[]store.CallSort{{Field: store.FieldStatus, Descending: true}}, []int{6, 3, 1, 5, 2, 4}},
		{[]store.CallSort{{Field: store.FieldStatusMessage}}, []int{5, 2, 3, 4, 1, 6}},
		{[]store.CallSort{{Field: store.FieldStatusMessage, Descending: true}}, []int{1, 6, 4, 3, 2, 5}},
		{[]store.CallSort{{Field: store.FieldCost, Descending: true}}, []int{5, 6, 4, 3, 2, 1}},
		{[]store.CallSort{{Field: store.FieldFromNumber, Descending: true}}, []int{6, 4, 3, 2, 1, 5}},
		{[]store.CallSort{{Field: store.FieldToNumber}}, []int{1, 5, 2, 3, 4, 6}},
		{[]store.CallSort{{Field: store.LinkField("incident"), Descending: true}}, []int{2, 4, 6, 3, 1, 5}},
		{[]store.CallSort{{Field: store.FieldCost, Descending: true}, {Field: store.FieldCreated, Descending: true}}, []int{6, 5, 4, 3, 2, 1}},
		{nil, []int{1, 2, 3, 4, 5, 6}},
	}
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		list := queryCalls()
		mustIngestCalls(t, db, tn.ID, list...)
		for _, c := range byHand {
			mustEqualSlice(t, fmt.Sprintf("by hand %+v", c.sorts), foundIDs(t, db, tn.ID, store.CallQuery{Sort: c.sorts}), c.want)
		}
		for _, f := range fields {
			for _, desc := range []bool{false, true} {
				sorts := []store.CallSort{{Field: f, Descending: desc}}
				mustEqualSlice(t, fmt.Sprintf("%+v", sorts), foundIDs(t, db, tn.ID, store.CallQuery{Sort: sorts}), modelOrder(list, sorts))
				sorts = append(sorts, store.CallSort{Field: store.FieldStatus, Descending: true})
				mustEqualSlice(t, fmt.Sprintf("%+v", sorts), foundIDs(t, db, tn.ID, store.CallQuery{Sort: sorts}), modelOrder(list, sorts))
			}
		}
	})
}

func TestCallQueryLimitOffsetAndTenants(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "acme"), mustTenant(t, db, "beta")
		mustIngestCalls(t, db, a.ID, queryCalls()...)
		// Tenant B holds a call with one of A's ids and values like A's.
		other := call(uuidN(1), at(10), at(70))
		other.Status, other.CostCents = "Success", 7
		mustIngestCalls(t, db, b.ID, other, call(uuidN(7), at(11), at(11)))
		byCreated := []store.CallSort{{Field: store.FieldCreated}}
		for _, c := range []struct{ limit, offset int }{{2, 0}, {2, 2}, {10, 5}, {3, 6}, {0, 0}, {1, 5}} {
			want := all[min(c.offset, 6):]
			if c.limit > 0 {
				want = want[:min(c.limit, len(want))]
			}
			q := store.CallQuery{Sort: byCreated, Limit: c.limit, Offset: c.offset}
			mustEqualSlice(t, fmt.Sprintf("limit %d offset %d", c.limit, c.offset), foundIDs(t, db, a.ID, q), want)
		}
		for _, c := range []struct {
			name  string
			conds []store.CallCondition
			want  []int
		}{
			{"everything", nil, []int{1, 7}},
			{"A's ids", []store.CallCondition{cond(store.FieldID, store.OpIn, uuidN(2), uuidN(3), uuidN(6))}, []int{}},
			{"A's status", []store.CallCondition{cond(store.FieldStatus, store.OpEqual, "Success")}, []int{1}},
			{"A's cost", []store.CallCondition{cond(store.FieldCost, store.OpGreater, int64(7))}, []int{}},
			{"A's data", []store.CallCondition{jsonKey("message", `"hello"`)}, []int{}},
			{"A's links", []store.CallCondition{cond(store.LinkField("incident"), store.OpNotNull)}, []int{}},
		} {
			n, err := db.CountCalls(t.Context(), b.ID, store.CallQuery{Conditions: c.conds})
			must(t, err)
			mustEqual(t, "tenant B count of "+c.name, n, int64(len(c.want)))
			q := store.CallQuery{Conditions: c.conds, Sort: []store.CallSort{{Field: store.FieldID}}}
			mustEqualSlice(t, "tenant B calls of "+c.name, foundIDs(t, db, b.ID, q), c.want)
		}
		got := mustCall(t, db, b.ID, uuidN(1))
		mustEqual(t, "tenant B's own call 1 cost", got.CostCents, int64(7))
		n, err := db.CountCalls(t.Context(), a.ID, store.CallQuery{})
		must(t, err)
		mustEqual(t, "tenant A count", n, int64(6))
	})
}
