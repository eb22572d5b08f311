package server

// Regression cases of the hostile walk and the fuzz targets: what once was
// a 500 (PostgreSQL refusing a NUL or non-UTF-8 text in a lookup, in the URL
// or in a OneUptime query) or was silently accepted (a report's unknown
// format) is a 400 in each surface's error format.

import (
	"encoding/json"
	"strings"
	"testing"

	"agentlog/internal/storetest"
)

func TestBadTextAndFormatRefused(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		w := startWalkServer(t, openWalkDB(t, dsn), Config{})
		a := makeTenantA(t, w)
		bearer := keyCredentials("A", "*", a.all)[0]
		apiKey := keyCredentials("A", "*", a.all)[2]
		for _, tc := range []struct {
			method, path string
			cred         *credential
			want         string // a member of the error body that names the format
			body         string
		}{
			{"POST", "/api/call-log/get-list", &apiKey, `"error":"Invalid query on status: the text holds a NUL character"`, `{"query":{"status":"a\u0000b"}}`},
			{"POST", "/api/call-log/count", &apiKey, `"error":"Invalid query on callData: the key`, `{"query":{"callData":{"k\u0000":"v"}}}`},
			{"POST", "/api/call-log/get-list", &apiKey, `"error":"Invalid query on callData: the value of \"k\" holds a NUL`, `{"query":{"callData":{"k":{"a":"\u0000"}}}}`},
			{"GET", "/api/v1/status-events?status=%00", &bearer, `"code":"invalid"`, ""},
			{"GET", "/api/v1/calls?queue=%FF%FE", &bearer, `"code":"invalid"`, ""},
			{"DELETE", "/api/v1/keys/%00", &bearer, `"code":"invalid"`, ""},
			{"DELETE", "/api/v1/status-definitions/%FF", &bearer, `"code":"invalid"`, ""},
			{"GET", "/api/v1/reports/calls?from=2024-03-01&to=2024-04-01&format=xml", &bearer, `format \"xml\" is not valid: use json or csv`, ""},
			{"GET", "/s/" + a.tenant.Slug + "/capi/custom/logio?name=%00", &bearer, `"error":"query parameter \"name\"`, ""},
			{"GET", "/xapi/v1/CallHistoryView?$filter=%00", &bearer, `"code":"BadRequest"`, ""},
			{"GET", "/xapi/v1/ReportUserActivity/Pbx.GetUserActivity(clientTimeZone='%FF')", &bearer, `"code":"BadRequest"`, ""},
			{"POST", "/api/call-log/get-list?x=%00", &apiKey, `"error":"query parameter \"x\"`, ""},
			{"POST", "/connect/token?%00=1", nil, `"error":"invalid_request"`, ""},
		} {
			path, query, _ := strings.Cut(tc.path, "?")
			var body []byte
			if tc.body != "" {
				body = []byte(tc.body)
			}
			ans := w.send(walkRequest{c: routeCase{method: tc.method, path: path}, query: query, body: body, contentType: "application/json", cred: tc.cred}, walkTimeout)
			var answer map[string]any
			if ans.status != 400 || json.Unmarshal(ans.body, &answer) != nil || !strings.Contains(string(ans.body), tc.want) {
				t.Errorf("%s %s: got %d %s, want 400 with %s", tc.method, tc.path, ans.status, ans.body, tc.want)
			}
		}
		// A page refuses such text in its own form: a page saying what was wrong.
		for _, query := range []string{"status=%00", "number=%FF%FE"} {
			ans := w.send(walkRequest{c: routeCase{method: "GET", path: "/calls"}, query: query, cred: &a.session}, walkTimeout)
			if ans.status != 400 || !strings.Contains(string(ans.body), "holds a NUL character or bytes that are not UTF-8") {
				t.Errorf("GET /calls?%s signed in: got %d %s, want 400 saying what was wrong", query, ans.status, clip(ans.body))
			}
		}
	})
}
