package server

// Hostile input on every route of the route table, with a key that may do
// everything: malformed, oversized, deeply nested and wrong-typed bodies,
// query parameters and path values. Every answer is below 500 and arrives
// within the walk's time-out, and every refusal is a 4xx whose body is the
// surface's JSON error. (Durations are reported, not asserted.)

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"agentlog/internal/api"
	"agentlog/internal/storetest"
)

// hostileLimits keep oversized bodies small enough to send quickly.
var hostileLimits = api.Limits{MaxBodyBytes: 1 << 20, MaxBatch: 1000}

// nested returns n opening brackets, inner, and n closing ones.
func nested(open, inner, close string, n int) string {
	return strings.Repeat(open, n) + inner + strings.Repeat(close, n)
}

// hostileBodies are sent to every route that takes a body (POST, PUT,
// PATCH), each as JSON unless it names its content type.
var hostileBodies = []struct {
	name, body, contentType string
}{
	{"malformed", `{"login":`, ""},
	{"a bare word", `nope`, ""},
	{"a number", `42`, ""},
	{"a string", `"x"`, ""},
	{"an array of numbers", `[1,2,3]`, ""},
	{"100000 nested arrays", nested("[", "", "]", 100_000), ""},
	{"100000 nested objects", nested(`{"a":`, "1", "}", 100_000), ""},
	{"nested items", `[` + nested(`{"status":`, `"x"`, `}`, 10_000) + `]`, ""},
	{"wrong types", `{"login":123,"name":[],"scopes":"x","category":{},"color":1e400,"expires":[],"query":[],"select":"x","sort":1,"limit":-1,"skip":1e30,"groups":{"a":1}}`, ""},
	{"wrong-typed items", `[{"id":1,"login":{},"userId":[],"status":7,"action":true,"time":12,"direction":1,"startedAt":{},"costCents":"x","callData":"x","links":[]}]`, ""},
	{"huge numbers", `[{"login":"h","status":"s","time":"2024-01-01T00:00:00Z","costCents":1e400},{"costCents":-99999999999999999999999}]`, ""},
	{"a NUL byte", "{\"login\":\"a\x00b\",\"name\":\"\x00\"}", ""},
	{"an escaped NUL", `[{"login":"a\u0000b","status":"\u0000","time":"2024-01-01T00:00:00Z"}]`, ""},
	{"invalid UTF-8", "[{\"login\":\"\xff\xfe\",\"status\":\"\xc3\x28\",\"time\":\"2024-01-01T00:00:00Z\"}]", ""},
	{"bad dates", `[{"login":"d","status":"s","time":"2024-02-30T25:61:00Z","action":"login","startedAt":"-0001-01-01","direction":"inbound"}]`, ""},
	{"far dates", `[{"login":"d","status":"s","time":"99999-01-01T00:00:00Z","action":"login","startedAt":"0000-01-01T00:00:00Z","direction":"inbound"}]`, ""},
	{"a huge lifetime", `{"name":"x","scopes":["ingest"],"expires":"9999999999999999999h"}`, ""},
	{"deep OneUptime query", `{"query":` + nested(`{"_id":`, `"x"`, `}`, 5_000) + `}`, ""},
	{"OneUptime query of wrong types", `{"query":{"fromNumber":{"_type":"Search","value":{}},"createdAt":{"_type":"InBetween","startValue":"x","endValue":1e400}},"select":{"status":"yes"},"sort":{"createdAt":"sideways"},"limit":-5,"skip":"x"}`, ""},
	{"OneUptime query with NUL", `{"query":{"status":"a\u0000b","_id":"\u0000"},"select":{"status":true}}`, ""},
	{"OneUptime query with invalid UTF-8", "{\"query\":{\"fromNumber\":\"\xff\",\"status\":{\"_type\":\"Search\",\"value\":\"\xfe\"}},\"select\":{\"status\":true}}", ""},
	{"OneUptime text with NUL", `{"query":{"status":"a\u0000b"}}`, ""},
	{"OneUptime callData with NUL", `{"query":{"callData":{"k\u0000":"v"}}}`, ""},
	{"OneUptime callData value with NUL", `{"query":{"callData":{"k":["\u0000"]}}}`, ""},
	{"OneUptime names with NUL", `{"select":{"a\u0000":true},"sort":{"\u0000":1},"query":{"\u0000":1}}`, ""},
	{"management text with NUL", `{"name":"a\u0000","login":"\u0000","scopes":["ingest"],"color":"\u0000","category":"\u0000"}`, ""},
	{"a large body", `[` + strings.Repeat(" ", 2<<20) + `]`, ""},
	{"large NDJSON line", strings.Repeat("x", 2<<20), "application/x-ndjson"},
	{"NDJSON garbage", "{\n}\n[1]\n\x00\n", "application/x-ndjson"},
	{"a form of nonsense", "grant_type=%ZZ&client_id=\x00", "application/x-www-form-urlencoded"},
	{"a form too large", "grant_type=client_credentials&client_id=" + strings.Repeat("a", 40<<10), "application/x-www-form-urlencoded"},
	{"broken multipart", "--b\r\nContent-Disposition: form-data; name=\"grant_type\"\r\n\r\nx", "multipart/form-data; boundary=b"},
}

// hostileValues are set, one at a time, as each query parameter of
// hostileParams.
var hostileValues = []string{
	"", "-1", "0", "99999999999999999999999", "1e400", "NaN", "\x00", "\xff\xfe", "abc", "2024-13-45", "2024-02-30T25:61:00Z",
	"0000-01-01T00:00:00Z", "99999-01-01", "-9999999999999", "[]", "{}", "'", "s99999999999999999999.e1.c1",
	strings.Repeat("9", 2000), strings.Repeat("(", 3000) + "true" + strings.Repeat(")", 3000),
}

// hostileParams are the query parameters any route of agentlog reads, and
// OData's options.
var hostileParams = []string{
	"from", "to", "limit", "cursor", "userIds", "userIds[]", "status", "queue", "direction", "bucket", "tz", "format", "page", "size",
	"lastEventId", "$filter", "$top", "$skip", "$orderby", "$select", "$count", "$search", "$expand", "name", "workspace",
	"number", "user", "date", "view", "group", "by", "groupBy", "dayStart", "dayEnd", "weekDays", "serviceLevel", "shortAbandon", "preset", "action",
}

// hostilePathValues replace, one at a time, each path parameter.
var hostilePathValues = []string{
	"\x00", "\xff", "..", strings.Repeat("a", 4000), "Pbx.GetUserActivity(", "Pbx.GetUserActivity(a=')",
	"Pbx.GetUserActivity(" + nested("(", "", ")", 1000) + ")", "Pbx.GetUserActivity(periodFrom=9999999-01-01T00:00:00Z,periodTo=x)",
	"Pbx.GetUserActivity(clientTimeZone='Mars/Olympus',periodFrom=2024-01-01T00:00:00Z,periodTo=2024-01-02T00:00:00Z,groupNumber='',extensionDns='',waitInterval='99999999:00:00',includeQueueCalls=maybe,callArea=99999999999999999999,groupingType=-1)",
}

// hostileOutcome counts what the walk met.
type hostileOutcome struct {
	mu       sync.Mutex
	sent     int
	refused  int // 4xx
	accepted int // 2xx/3xx: input the route does not read, or reads as valid
	slowest  time.Duration
	slowReq  string
}

func (o *hostileOutcome) note(req walkRequest, ans walkAnswer) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent++
	if ans.status >= 400 && ans.status < 500 {
		o.refused++
	} else if ans.status > 0 && ans.status < 400 {
		o.accepted++
	}
	if ans.elapsed > o.slowest {
		o.slowest, o.slowReq = ans.elapsed, req.c.pattern
	}
}

func TestHostileInputEveryRoute(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		db := openWalkDB(t, dsn)
		w := startWalkServer(t, db, Config{Limits: hostileLimits})
		a := makeTenantA(t, w)
		first := map[string][]string{} // one value of each path parameter
		for name, vs := range a.values {
			first[name] = vs[:1]
		}
		var reqs []walkRequest
		for _, c := range expandRoutes(t, w.srv.routes(), first) {
			reqs = append(reqs, hostileRequests(c, adminOf(a, c))...)
		}
		for _, c := range hostilePaths(t, w.srv.routes(), a.values) {
			cred := adminOf(a, c)
			body, ct := walkBody(c, cred)
			reqs = append(reqs, walkRequest{c: c, query: walkQuery(c.pattern), body: body, contentType: ct, cred: cred})
		}
		params := documentedParams(t)
		var out hostileOutcome
		start := time.Now()
		runWalk(w, reqs, func(req walkRequest, ans walkAnswer) {
			out.note(req, ans)
			checkHostileAnswer(t, req, ans, params)
		})
		t.Logf("%s: %d hostile requests in %v: %d refused with a 4xx, %d accepted (input the route ignores or reads as valid); slowest %v (%s)",
			db.Dialect(), out.sent, time.Since(start).Round(time.Millisecond), out.refused, out.accepted, out.slowest.Round(time.Millisecond), out.slowReq)
	})
}

// adminOf is A's all-scopes key in the header c's surface reads (OneUptime
// reads ApiKey alone, Cention and XAPI the bearer alone), or for a page A's
// admin operator.
func adminOf(a *tenantA, c routeCase) *credential {
	if isWebPage(c.pattern) {
		return &a.session // A's admin operator, signed in
	}
	creds := keyCredentials("A", "*", a.all)
	if strings.Contains(c.pattern, "/api/call-log") {
		return &creds[2]
	}
	return &creds[0]
}

// hostileRequests are a route's requests with each hostile body (when it
// takes one) and each hostile query parameter, the others of its valid
// query kept.
func hostileRequests(c routeCase, cred *credential) []walkRequest {
	var reqs []walkRequest
	if c.method == http.MethodPost || c.method == http.MethodPut || c.method == http.MethodPatch {
		for _, b := range hostileBodies {
			ct := b.contentType
			if ct == "" {
				ct = "application/json"
			}
			reqs = append(reqs, walkRequest{c: c, query: walkQuery(c.pattern), body: []byte(b.body), contentType: ct, cred: cred})
		}
	}
	body, ct := walkBody(c, cred)
	with := func(set func(q url.Values)) {
		q, _ := url.ParseQuery(walkQuery(c.pattern))
		set(q)
		reqs = append(reqs, walkRequest{c: c, query: q.Encode(), body: body, contentType: ct, cred: cred})
	}
	for _, v := range hostileValues { // every parameter at once (the long values alone, below)
		if len(v) > 100 {
			continue
		}
		with(func(q url.Values) {
			for _, p := range hostileParams {
				q.Set(p, v)
			}
		})
	}
	for i, p := range hostileParams { // each alone, with a few values (all of them in the long walk)
		for k := range hostileValues {
			if !longWalk && k >= 4 {
				break
			}
			v := hostileValues[(i+k)%len(hostileValues)]
			with(func(q url.Values) { q.Set(p, v) })
		}
	}
	return reqs
}

// hostilePaths are the routes with path parameters, each parameter
// replaced in turn by each hostile path value.
func hostilePaths(t *testing.T, routes []route, values map[string][]string) []routeCase {
	var out []routeCase
	for name := range values {
		for _, v := range hostilePathValues {
			bad := map[string][]string{}
			for k, vs := range values {
				bad[k] = vs[:1]
			}
			bad[name] = []string{v}
			for _, c := range expandRoutes(t, routes, bad) {
				if strings.Contains(c.pattern, "{"+name+"}") {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

// checkHostileAnswer requires an answer below 500 within the time-out, a
// refusal of a documented parameter's invalid value and, for a refusal, a
// JSON error body.
func checkHostileAnswer(t *testing.T, req walkRequest, ans walkAnswer, params map[string]map[string]paramSchema) {
	if !answered(t, req, ans) {
		return
	}
	if ans.status < 400 {
		if p := refusedParam(req.c, req.query, params); p != "" {
			t.Errorf("%s (%s): got %d for %s, which its documentation does not accept: want a 4xx naming it: %s",
				req.c, req.c.pattern, ans.status, p, clip(ans.body))
		}
		return
	}
	if (ans.status == http.StatusNotFound || ans.status == http.StatusMethodNotAllowed) && strings.Contains(req.c.path, "/..") &&
		!strings.HasPrefix(req.c.path, "/api/") && !strings.HasPrefix(req.c.path, "/xapi/") {
		return // ".." moved the path off its route: the mux's plain answer for paths outside the APIs
	}
	if reason, ok := plainTextRefusals[req.c.pattern]; ok && reason != "" {
		return
	}
	if isWebPage(req.c.pattern) && strings.HasPrefix(ans.header.Get("Content-Type"), "text/html") {
		return // a page answers people: its refusal is a page that says what was wrong
	}
	if !jsonError(ans) {
		t.Errorf("%s (%s) with a hostile %s: got %d with %q, want a JSON error body: %s",
			req.c, req.c.pattern, hostileWhat(req), ans.status, ans.header.Get("Content-Type"), clip(ans.body))
	}
}

// plainTextRefusals are the routes whose refusals are not JSON, each with
// the reason.
var plainTextRefusals = map[string]string{
	"GET /metrics": "Prometheus' text endpoint, refused in text as scrapers expect; not an API",
}

// jsonError reports whether an answer is a JSON object with an "error"
// member: the error format of every surface (agentlog's, VoIPcube's,
// Cention's, OneUptime's, OAuth's and OData's).
func jsonError(ans walkAnswer) bool {
	if !strings.HasPrefix(ans.header.Get("Content-Type"), "application/json") {
		return false
	}
	var body map[string]json.RawMessage
	return json.Unmarshal(ans.body, &body) == nil && body["error"] != nil
}

// hostileWhat names a request's hostile part for a message.
func hostileWhat(req walkRequest) string {
	for _, b := range hostileBodies {
		if string(req.body) == b.body {
			return "body (" + b.name + ")"
		}
	}
	if slices.ContainsFunc(hostilePathValues, func(v string) bool { return strings.Contains(req.c.path, escapePathValue(v)) }) {
		return "path value"
	}
	return "query " + clipString(req.query)
}

func clipString(s string) string {
	if len(s) > 120 {
		return s[:120] + "…"
	}
	return s
}
