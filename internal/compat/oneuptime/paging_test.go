package oneuptime_test

// skip and limit of get-list: the query string first, then the body,
// parsed like JavaScript's parseInt; count is every match, not the page.
// The small data set in the default order (createdAt descending) is calls
// 6, 5, 4, 3, 2, 1.

import (
	"net/http"
	"testing"

	"agentlog/internal/server"
)

// page expects the calls want, count 6, and the skip and limit used.
func page(name, target, body string, skip, limit int, want ...int) scenario {
	if want == nil {
		want = []int{}
	}
	return scenario{name: name, req: request{target: target, body: body}, ids: want, count: 6,
		check: func(t *testing.T, e *env, a answer) {
			l := decodeList(t, a.body)
			if *l.Skip != skip || *l.Limit != limit {
				t.Errorf("%s %s: skip, limit: got %d, %d, want %d, %d", target, body, *l.Skip, *l.Limit, skip, limit)
			}
		}}
}

func refusedPage(name, target, body, msg string) scenario {
	return scenario{name: name, req: request{target: target, body: body}, status: http.StatusBadRequest, err: msg}
}

const listPath = "/api/call-log/get-list"

func TestSkipAndLimit(t *testing.T) {
	const (
		negLimit = "limit cannot be less than 0"
		negSkip  = "skip cannot be less than 0"
		over100  = "Limit should be less than or equal to 100"
	)
	forEachServer(t, small, func(t *testing.T, e *env) {
		runScenarios(t, e, []scenario{
			page("defaults", listPath, "", 0, 10, 6, 5, 4, 3, 2, 1),
			page("query string", listPath+"?limit=2&skip=1", "", 1, 2, 5, 4),
			page("body", listPath, `{"limit":2,"skip":4}`, 4, 2, 2, 1),
			page("body strings", listPath, `{"limit":"2","skip":"4"}`, 4, 2, 2, 1),
			page("the query string wins", listPath+"?limit=3&skip=1", `{"limit":1,"skip":5}`, 1, 3, 5, 4, 3),
			page("each from where it is given", listPath+"?limit=3", `{"limit":1,"skip":5}`, 5, 3, 1),
			page("skip from the query string, limit from the body", listPath+"?skip=4", `{"limit":1,"skip":0}`, 4, 1, 2),
			page("count is every match, not the page", listPath+"?limit=1", "", 0, 1, 6),
			page("skip past the end", listPath+"?skip=6", "", 6, 10),
			page("skip far past the end", listPath+"?skip=1000000", "", 1000000, 10),
			page("limit 5.9 is 5", listPath+"?limit=5.9", "", 0, 5, 6, 5, 4, 3, 2),
			page("limit 5abc is 5", listPath+"?limit=5abc", "", 0, 5, 6, 5, 4, 3, 2),
			page("limit abc is 10", listPath+"?limit=abc", "", 0, 10, 6, 5, 4, 3, 2, 1),
			page("limit 0 is 10", listPath+"?limit=0", "", 0, 10, 6, 5, 4, 3, 2, 1),
			page("limit empty is 10", listPath+"?limit=", "", 0, 10, 6, 5, 4, 3, 2, 1),
			page("limit with leading spaces", listPath+"?limit=%20%202", "", 0, 2, 6, 5),
			page("skip 2.9 is 2", listPath+"?skip=2.9", "", 2, 10, 4, 3, 2, 1),
			page("skip 1abc is 1", listPath+"?skip=1abc", "", 1, 10, 5, 4, 3, 2, 1),
			page("skip abc is 0", listPath+"?skip=abc", "", 0, 10, 6, 5, 4, 3, 2, 1),
			page("body limit 5.9 is 5", listPath, `{"limit":5.9}`, 0, 5, 6, 5, 4, 3, 2),
			page("body limit \"5.9\" is 5", listPath, `{"limit":"5.9"}`, 0, 5, 6, 5, 4, 3, 2),
			page("body limit \"5abc\" is 5", listPath, `{"limit":"5abc"}`, 0, 5, 6, 5, 4, 3, 2),
			page("body limit abc is 10", listPath, `{"limit":"abc"}`, 0, 10, 6, 5, 4, 3, 2, 1),
			page("body limit 0 is 10", listPath, `{"limit":0}`, 0, 10, 6, 5, 4, 3, 2, 1),
			page("body limit null is 10", listPath, `{"limit":null}`, 0, 10, 6, 5, 4, 3, 2, 1),
			page("body limit true is 10", listPath, `{"limit":true}`, 0, 10, 6, 5, 4, 3, 2, 1),
			page("body skip 1.9 is 1", listPath, `{"skip":1.9}`, 1, 10, 5, 4, 3, 2, 1),
			page("limit 100 is allowed", listPath+"?limit=100", "", 0, 100, 6, 5, 4, 3, 2, 1),
			page("limit 100.9 is 100", listPath+"?limit=100.9", "", 0, 100, 6, 5, 4, 3, 2, 1),
			page("body limit 100", listPath, `{"limit":100}`, 0, 100, 6, 5, 4, 3, 2, 1),
			page("GET with the query string", listPath+"?limit=2&skip=2", "", 2, 2, 4, 3),

			refusedPage("negative limit", listPath+"?limit=-1", "", negLimit),
			refusedPage("negative limit with letters", listPath+"?limit=-3abc", "", negLimit),
			refusedPage("negative skip", listPath+"?skip=-1", "", negSkip),
			refusedPage("negative body limit", listPath, `{"limit":-3}`, negLimit),
			refusedPage("negative body skip string", listPath, `{"skip":"-2"}`, negSkip),
			refusedPage("negative body skip fraction", listPath, `{"skip":-1.5}`, negSkip),
			refusedPage("negative query-string limit wins over the body", listPath+"?limit=-1", `{"limit":5}`, negLimit),
			refusedPage("limit 101", listPath+"?limit=101", "", over100),
			refusedPage("body limit 101", listPath, `{"limit":101}`, over100),
			refusedPage("body limit \"101\"", listPath, `{"limit":"101"}`, over100),
			refusedPage("limit 1000000000000", listPath+"?limit=1000000000000", "", over100),
			// parseInt(1e20) is 100000000000000000000, over the maximum.
			refusedPage("body limit 1e20", listPath, `{"limit":1e20}`, over100),
		})
		get := page("GET", listPath+"?limit=2&skip=2", "", 2, 2, 4, 3)
		get.req.method = http.MethodGet
		get.run(t, e)
	})
}

func TestMaxListLimitSetting(t *testing.T) {
	s := small
	s.cfg = server.Config{MaxListLimit: 500}
	forEachServer(t, s, func(t *testing.T, e *env) {
		runScenarios(t, e, []scenario{
			page("500 is allowed", listPath+"?limit=500", "", 0, 500, 6, 5, 4, 3, 2, 1),
			page("101 is allowed", listPath, `{"limit":101}`, 0, 101, 6, 5, 4, 3, 2, 1),
			refusedPage("501 is refused", listPath+"?limit=501", "", "Limit should be less than or equal to 500"),
		})
	})
}

func TestCountIsEveryMatch(t *testing.T) {
	forEachServer(t, small, func(t *testing.T, e *env) {
		busyOrError := `{"query":{"status":["Busy","Error","Success"]}}`
		runScenarios(t, e, []scenario{
			{name: "first page", req: request{target: listPath + "?limit=1", body: busyOrError}, ids: []int{4}, count: 3},
			{name: "second page", req: request{target: listPath + "?limit=1&skip=1", body: busyOrError}, ids: []int{2}, count: 3},
			{name: "past the end", req: request{target: listPath + "?limit=1&skip=3", body: busyOrError}, ids: []int{}, count: 3},
			{name: "count", req: request{target: "/api/call-log/count", body: busyOrError}, count: 3, countSet: true},
		})
	})
}
