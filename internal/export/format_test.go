package export_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

const (
	annCols = "0d00ae63-5b5d-45b9-a7c0-88f9cfb26b5e,ann,"
	bobCols = "7c9e6679-7425-40de-944b-e07fc1f90ae7,bob,"
	annJSON = `"userId":"0d00ae63-5b5d-45b9-a7c0-88f9cfb26b5e","login":"ann"`
	bobJSON = `"userId":"7c9e6679-7425-40de-944b-e07fc1f90ae7","login":"bob"`
	noLinks = `"alertId":null,"incidentId":null,"monitorId":null,"onCallDutyPolicyEscalationRuleId":null,"onCallDutyPolicyId":null,` +
		`"onCallDutyPolicyScheduleId":null,"scheduledMaintenanceId":null,"statusPageAnnouncementId":null,"statusPageId":null,"teamId":null`
)

// csvFile joins records with CRLF, the end of every record.
func csvFile(records ...string) string { return strings.Join(records, "\r\n") + "\r\n" }

func ndjsonFile(items ...string) string { return strings.Join(items, "\n") + "\n" }

// exports are the whole fixture exported, per kind and format.
var exports = []struct{ kind, format, want string }{
	{"status-events", "ndjson", ndjsonFile(
		`{"id":"e1",`+annJSON+`,"status":"Available","time":"2024-03-01T08:00:00.000Z"}`,
		`{"id":"e2",`+bobJSON+`,"status":"Lunch, long","time":"2024-03-01T09:00:00.500Z"}`,
		`{"id":"e3",`+annJSON+`,"status":"Say \"hi\"","time":"2024-03-01T10:00:00.000Z"}`,
		`{"id":"e4",`+bobJSON+`,"status":"two\nlines","time":"2024-03-02T08:00:00.000Z"}`,
		`{"id":"e5",`+annJSON+`,"status":"","time":"2024-03-02T09:00:00.000Z"}`,
		`{"id":"e6",`+bobJSON+`,"status":"Café \u003cb\u003e\u0026","time":"2024-03-03T00:00:00.000Z"}`)},
	{"status-events", "csv", csvFile(
		"id,userId,login,status,time",
		"e1,"+annCols+"Available,2024-03-01T08:00:00.000Z",
		"e2,"+bobCols+`"Lunch, long",2024-03-01T09:00:00.500Z`,
		"e3,"+annCols+`"Say ""hi""",2024-03-01T10:00:00.000Z`,
		"e4,"+bobCols+"\"two\nlines\",2024-03-02T08:00:00.000Z",
		"e5,"+annCols+",2024-03-02T09:00:00.000Z",
		"e6,"+bobCols+"Café <b>&,2024-03-03T00:00:00.000Z")},
	{"session-events", "ndjson", ndjsonFile(
		`{"id":"s1",`+annJSON+`,"action":"login","time":"2024-03-01T07:59:00.000Z","queue":"800"}`,
		`{"id":"s2",`+bobJSON+`,"action":"login","time":"2024-03-01T08:30:00.000Z","queue":"sales, EU"}`,
		`{"id":"s3",`+annJSON+`,"action":"logout","time":"2024-03-01T17:00:00.000Z","queue":""}`,
		`{"id":"s4",`+bobJSON+`,"action":"logout","time":"2024-03-02T17:00:00.000Z","queue":"q\"1"}`)},
	{"session-events", "csv", csvFile(
		"id,userId,login,action,time,queue",
		"s1,"+annCols+"login,2024-03-01T07:59:00.000Z,800",
		"s2,"+bobCols+`login,2024-03-01T08:30:00.000Z,"sales, EU"`,
		"s3,"+annCols+"logout,2024-03-01T17:00:00.000Z,",
		"s4,"+bobCols+`logout,2024-03-02T17:00:00.000Z,"q""1"`)},
	{"calls", "ndjson", ndjsonFile(
		`{"id":"5f0d2a9e-1b7e-4a7d-9d9b-3c6a3c2f1a11","direction":"inbound","fromNumber":"+15559998888","toNumber":"+15551234567",`+
			annJSON+`,"extension":"101","queue":"800","startedAt":"2024-03-01T08:10:00.123Z","answeredAt":"2024-03-01T08:10:12.000Z",`+
			`"endedAt":"2024-03-01T08:15:00.000Z","updatedAt":"2024-03-01T08:15:01.000Z","createdAt":"2024-03-01T08:10:00.123Z",`+
			`"status":"Completed","statusMessage":"left a note, \"urgent\"\nsee CRM","outcome":"answered","costCents":150,`+
			`"callData":{"note":"a,b"},"links":{"alertId":null,"incidentId":"11111111-1111-4111-8111-111111111111","monitorId":null,`+
			`"onCallDutyPolicyEscalationRuleId":null,"onCallDutyPolicyId":null,"onCallDutyPolicyScheduleId":null,"scheduledMaintenanceId":null,`+
			`"statusPageAnnouncementId":null,"statusPageId":null,"teamId":null,"userId":"22222222-2222-4222-8222-222222222222"}}`,
		`{"id":"6a1e3b0f-2c8e-4b8e-8eac-4d7b4d3a2b22","direction":"outbound","fromNumber":"102","toNumber":"+15550001111",`+
			`"extension":"","queue":"","startedAt":"2024-03-02T12:00:00.000Z","answeredAt":null,"endedAt":null,`+
			`"updatedAt":"2024-03-02T12:00:30.000Z","createdAt":"2024-03-02T12:00:00.000Z","status":"Failed","statusMessage":null,`+
			`"outcome":"failed","costCents":0,"callData":null,"links":{`+noLinks+`,"userId":null}}`)},
	{"calls", "csv", csvFile(
		"id,direction,fromNumber,toNumber,userId,login,extension,queue,startedAt,answeredAt,endedAt,updatedAt,createdAt,"+
			"status,statusMessage,outcome,costCents,callData,alertId,incidentId,monitorId,onCallDutyPolicyEscalationRuleId,"+
			"onCallDutyPolicyId,onCallDutyPolicyScheduleId,scheduledMaintenanceId,statusPageAnnouncementId,statusPageId,teamId,links.userId",
		"5f0d2a9e-1b7e-4a7d-9d9b-3c6a3c2f1a11,inbound,+15559998888,+15551234567,"+annCols+"101,800,"+
			"2024-03-01T08:10:00.123Z,2024-03-01T08:10:12.000Z,2024-03-01T08:15:00.000Z,2024-03-01T08:15:01.000Z,2024-03-01T08:10:00.123Z,"+
			"Completed,\"left a note, \"\"urgent\"\"\nsee CRM\",answered,150,\"{\"\"note\"\":\"\"a,b\"\"}\","+
			",11111111-1111-4111-8111-111111111111,,,,,,,,,22222222-2222-4222-8222-222222222222",
		"6a1e3b0f-2c8e-4b8e-8eac-4d7b4d3a2b22,outbound,102,+15550001111,,,,,2024-03-02T12:00:00.000Z,,,"+
			"2024-03-02T12:00:30.000Z,2024-03-02T12:00:00.000Z,Failed,,failed,0,"+",,,,,,,,,,,")},
}

// TestEachKindInEachFormat exports the whole fixture of each kind in each
// format and compares every byte, and the headers.
func TestEachKindInEachFormat(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		fill(t, db, tenant.ID)
		key := storetest.MustKey(t, db, tenant, "*")
		srv := servertest.Start(t, db)
		for _, c := range exports {
			t.Run(c.kind+"."+c.format, func(t *testing.T) {
				r := mustGet(t, srv, "/api/v1/export/"+c.kind+"?format="+c.format, key)
				if got := string(r.Body); got != c.want {
					t.Errorf("body:\ngot  %q\nwant %q", got, c.want)
				}
				wantType := map[string]string{"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}[c.format]
				if got := r.Header.Get("Content-Type"); got != wantType {
					t.Errorf("Content-Type: got %q, want %q", got, wantType)
				}
				wantName := `attachment; filename="` + c.kind + "-start-end." + c.format + `"`
				if got := r.Header.Get("Content-Disposition"); got != wantName {
					t.Errorf("Content-Disposition: got %q, want %q", got, wantName)
				}
			})
		}
	})
}

// TestLinesAreTheListedItems requires each NDJSON line to be, byte for
// byte, the item the list route answers for the same event.
func TestLinesAreTheListedItems(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		fill(t, db, tenant.ID)
		key := storetest.MustKey(t, db, tenant, "*")
		srv := servertest.Start(t, db)
		for _, kind := range []string{"status-events", "session-events", "calls"} {
			var page struct{ Items []json.RawMessage }
			if err := json.Unmarshal(mustGet(t, srv, "/api/v1/"+kind+"?limit=1000", key).Body, &page); err != nil {
				t.Fatal(err)
			}
			got := lines(mustGet(t, srv, "/api/v1/export/"+kind, key).Body)
			if len(got) != len(page.Items) || len(got) == 0 {
				t.Fatalf("%s: got %d lines, want the %d listed items", kind, len(got), len(page.Items))
			}
			for i, item := range page.Items {
				if got[i] != string(item) {
					t.Errorf("%s line %d:\ngot  %s\nwant %s", kind, i, got[i], item)
				}
			}
		}
	})
}

// TestPeriodFilenames names the file after the period asked for; HEAD
// answers the same headers without reading a row.
func TestPeriodFilenames(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, "*")
		srv := servertest.Start(t, db)
		for query, want := range map[string]string{
			"?from=2024-03-01&to=2024-04-01&format=csv":                  "calls-2024-03-01-2024-04-01.csv",
			"?from=2024-03-01T08:30:00%2B01:00":                          "calls-20240301T073000Z-end.ndjson",
			"?to=2024-03-01T00:00:00.250Z":                               "calls-start-20240301T000000Z.ndjson",
			"?from=2024-03-01T00:00:00Z&to=2024-03-02T00:00:00Z":         "calls-2024-03-01-2024-03-02.ndjson",
			"?from=2024-03-01T00:00:00Z&to=2024-03-02T00:00:00Z&format=": "calls-2024-03-01-2024-03-02.ndjson",
		} {
			r := mustGet(t, srv, "/api/v1/export/calls"+query, key)
			if got, want := r.Header.Get("Content-Disposition"), `attachment; filename="`+want+`"`; got != want {
				t.Errorf("%s: Content-Disposition: got %q, want %q", query, got, want)
			}
			head := srv.Do(t, http.MethodHead, "/api/v1/export/calls"+query, map[string]string{"Key": key})
			if head.Status != 200 || len(head.Body) != 0 || head.Header.Get("Content-Disposition") != r.Header.Get("Content-Disposition") {
				t.Errorf("HEAD %s: got %d, %q, %q; want 200, the same headers and no body", query, head.Status, head.Header.Get("Content-Disposition"), head.Body)
			}
		}
	})
}
