package oneuptime_test

// select on get-list and get-item, and get-item's answers: the bare
// object, {} for a call that is not the key's, a 400 for a non-UUID.

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// linkNames are the relations of a call log, as the contract lists them.
var linkNames = []string{"incident", "user", "alert", "monitor", "scheduledMaintenance", "statusPage",
	"statusPageAnnouncement", "onCallDutyPolicy", "onCallDutyPolicyEscalationRule", "onCallDutyPolicySchedule", "team"}

// contractColumns are every column of the contract's table.
func contractColumns() []string {
	cols := []string{"_id", "createdAt", "updatedAt", "projectId", "project", "toNumber", "fromNumber", "callData",
		"statusMessage", "status", "callCostInUSDCents"}
	for _, l := range linkNames {
		cols = append(cols, l+"Id", l)
	}
	return cols
}

// selectAll selects every column with true.
func selectAll() string {
	sel := map[string]bool{}
	for _, c := range contractColumns() {
		sel[c] = true
	}
	b, _ := json.Marshal(map[string]any{"select": sel, "query": map[string]string{"_id": callID(1)}})
	return string(b)
}

// call1 is call 1 with every column, as the contract answers it.
func call1(e *env) map[string]any {
	m := map[string]any{"_id": callID(1), "createdAt": "2024-01-01T10:00:00.000Z", "updatedAt": "2024-02-01T00:00:05.000Z",
		"projectId": e.acme.UUID, "project": map[string]string{"_id": e.acme.UUID}, "toNumber": "+1-555-0100",
		"fromNumber": "100", "callData": map[string]any{"message": "hello", "n": 1}, "statusMessage": nil,
		"status": "Success", "callCostInUSDCents": 0}
	for _, l := range linkNames {
		m[l+"Id"], m[l] = nil, nil
	}
	m["incidentId"], m["incident"] = inc1, map[string]string{"_id": inc1}
	m["monitorId"], m["monitor"] = mon1, map[string]string{"_id": mon1}
	return m
}

func item(want func(e *env) any) func(t *testing.T, e *env, a answer) {
	return func(t *testing.T, e *env, a answer) { jsonEqual(t, "answer", a.body, want(e)) }
}

func firstItem(want func(e *env) any) func(t *testing.T, e *env, a answer) {
	return func(t *testing.T, e *env, a answer) {
		l := decodeList(t, a.body)
		if len(l.Data) != 1 {
			t.Fatalf("data: got %d items, want 1", len(l.Data))
		}
		b, _ := json.Marshal(l.Data[0])
		jsonEqual(t, "item", b, want(e))
	}
}

// selectError checks the unknown-column message: its start word for word,
// then a list that names every column of the contract.
func selectError(key string) func(t *testing.T, e *env, a answer) {
	return func(t *testing.T, e *env, a answer) {
		msg := errorMessage(t, a.body)
		prefix := `Invalid select clause. Cannot select on "` + key + `". This column does not exist on Call Log. Here are the columns you can select on instead: `
		rest, ok := strings.CutPrefix(msg, prefix)
		if !ok {
			t.Fatalf("error: got %q, want it to start with %q", msg, prefix)
		}
		got := strings.Split(rest, ", ")
		slices.Sort(got)
		want := contractColumns()
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("columns listed: got %v, want %v", got, want)
		}
	}
}

func TestSelect(t *testing.T) {
	forEachServer(t, small, func(t *testing.T, e *env) {
		one := func(n int, sel string) string { return `{"query":{"_id":"` + callID(n) + `"},"select":` + sel + `}` }
		runScenarios(t, e, []scenario{
			{name: "no select: _id only", req: request{target: listPath}, check: func(t *testing.T, e *env, a answer) {
				for _, it := range decodeList(t, a.body).Data {
					if len(it) != 1 || it["_id"] == nil {
						t.Errorf("item: got %v, want {\"_id\": ...} only", it)
					}
				}
			}},
			{name: "empty select: _id only", req: request{target: listPath, body: one(1, `{}`)},
				check: firstItem(func(e *env) any { return map[string]any{"_id": callID(1)} })},
			{name: "_id alone", req: request{target: listPath, body: one(1, `{"_id":true}`)},
				check: firstItem(func(e *env) any { return map[string]any{"_id": callID(1)} })},
			{name: "every column", req: request{target: listPath, body: selectAll()},
				check: firstItem(func(e *env) any { return call1(e) })},
			{name: "relations as objects", req: request{target: listPath,
				body: one(5, `{"incident":{"_id":true},"team":{"_id":true,"name":true},"project":{},"alert":true}`)},
				check: firstItem(func(e *env) any {
					return map[string]any{"_id": callID(5), "incident": map[string]string{"_id": inc1}, "team": nil,
						"project": map[string]string{"_id": e.acme.UUID}, "alert": map[string]string{"_id": alrt1}}
				})},
			{name: "false selects nothing", req: request{target: listPath, body: one(5, `{"status":false,"toNumber":true}`)},
				check: firstItem(func(e *env) any { return map[string]any{"_id": callID(5), "toNumber": "50x_off"} })},
			{name: "text with % and _", req: request{target: listPath, body: one(5, `{"statusMessage":true,"callData":true}`)},
				check: firstItem(func(e *env) any {
					return map[string]any{"_id": callID(5), "statusMessage": "Call 50%_done", "callData": map[string]any{"message": "Hello", "n": "1"}}
				})},
			{name: "unknown column on get-list", req: request{target: listPath, body: `{"select":{"status":true,"colour":true}}`},
				status: http.StatusBadRequest, check: selectError("colour")},
			{name: "unknown column on get-item", req: request{target: "/api/call-log/" + callID(1) + "/get-item", body: `{"select":{"deletedAt":true}}`},
				status: http.StatusBadRequest, check: selectError("deletedAt")},
		})
	})
}

func TestGetItem(t *testing.T) {
	forEachServer(t, small, func(t *testing.T, e *env) {
		path := func(id string) string { return "/api/call-log/" + id + "/get-item" }
		empty := item(func(e *env) any { return map[string]any{} })
		var list []scenario
		for _, method := range []string{"POST", "GET"} {
			r := func(id, body string) request { return request{method: method, target: path(id), body: body} }
			list = append(list,
				scenario{name: method + " found, no select", req: r(callID(4), ""),
					check: item(func(e *env) any { return map[string]any{"_id": callID(4)} })},
				scenario{name: method + " found, with select", req: r(callID(2), `{"select":{"statusMessage":true,"callData":true,"teamId":true,"team":true}}`),
					check: item(func(e *env) any {
						return map[string]any{"_id": callID(2), "statusMessage": "Delivered", "callData": map[string]string{"message": "R&D <x>"},
							"teamId": team1, "team": map[string]string{"_id": team1}}
					})},
				scenario{name: method + " found, empty values are null", req: r(callID(6), `{"select":{"createdAt":true,"updatedAt":true,"statusMessage":true,"incidentId":true,"incident":true}}`),
					check: item(func(e *env) any {
						return map[string]any{"_id": callID(6), "createdAt": "2024-01-05T08:00:00.000Z", "updatedAt": "2024-01-05T08:00:00.000Z",
							"statusMessage": nil, "incidentId": nil, "incident": nil}
					})},
				scenario{name: method + " every column", req: r(callID(1), selectAll()), check: item(func(e *env) any { return call1(e) })},
				scenario{name: method + " an upper-case id", req: r(strings.ToUpper(callID(3)), `{"select":{"status":true}}`),
					check: item(func(e *env) any { return map[string]any{"_id": callID(3), "status": "success"} })},
				scenario{name: method + " no such call", req: r(callID(77), `{"select":{"status":true}}`), check: empty},
				scenario{name: method + " another tenant's call", req: r(callID(90), `{"select":{"status":true}}`), check: empty},
				scenario{name: method + " not a UUID", req: r("abc", ""), status: http.StatusBadRequest,
					err: `Invalid ID format: "abc". Expected a valid UUID.`},
				scenario{name: method + " a UUID one character short", req: r(callID(1)[:35], ""), status: http.StatusBadRequest,
					err: `Invalid ID format: "` + callID(1)[:35] + `". Expected a valid UUID.`},
				scenario{name: method + " a UUID without dashes", req: r(strings.ReplaceAll(callID(1), "-", ""), ""), status: http.StatusBadRequest,
					err: `Invalid ID format: "` + strings.ReplaceAll(callID(1), "-", "") + `". Expected a valid UUID.`},
			)
		}
		runScenarios(t, e, list)
	})
}
