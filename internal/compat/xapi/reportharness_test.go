package xapi_test

// The harness of the tests of the related reports (GetCallDistribution,
// GetAgentLoginHistoryData, GetExtensionStatisticsData) and of
// CallHistoryView: a tenant with agents of its own, the real server, and
// every JSON answer validated against the schema the vendor's document
// declares for the operation. It reuses send, mustToken, uriComponent and
// clip of harness_test.go and model_test.go.

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// reportSpec holds the schemas of the 200 answers of the operations these
// tests call, by operationId, and the OData error. The 1.2 MB document is
// read once per test binary.
var reportSpec struct {
	once       sync.Once
	doc        *openapi3.T
	ok         map[string]*openapi3.Schema
	odataError *openapi3.Schema
	err        error
}

// reportOperations are the operations whose answers are validated, by the
// start of their request target.
var reportOperations = map[string]string{
	"/xapi/v1/ReportCallDistribution/Pbx.GetCallDistribution(":           "GetCallDistribution",
	"/xapi/v1/ReportAgentLoginHistory/Pbx.GetAgentLoginHistoryData(":     "GetAgentLoginHistoryData",
	"/xapi/v1/ReportExtensionStatistics/Pbx.GetExtensionStatisticsData(": "GetExtensionStatisticsData",
	"/xapi/v1/CallHistoryView?":                                          "ListCallHistoryView",
}

func reportSchemas(t testing.TB) (ok map[string]*openapi3.Schema, odataError *openapi3.Schema) {
	t.Helper()
	reportSpec.once.Do(func() {
		reportSpec.doc, reportSpec.err = openapi3.NewLoader().LoadFromFile(specFile) // the path spec_test.go reads
		if reportSpec.err == nil {
			reportSpec.ok, reportSpec.odataError, reportSpec.err = reportOKSchemas(reportSpec.doc)
		}
	})
	if reportSpec.err != nil {
		t.Fatalf("reading the vendor's document: %v", reportSpec.err)
	}
	return reportSpec.ok, reportSpec.odataError
}

// reportOKSchemas finds the schemas of the 200 answers in doc.
func reportOKSchemas(doc *openapi3.T) (map[string]*openapi3.Schema, *openapi3.Schema, error) {
	ok := map[string]*openapi3.Schema{}
	for _, item := range doc.Paths.Map() {
		op := item.Get
		if op == nil || !strings.Contains(" GetCallDistribution GetAgentLoginHistoryData GetExtensionStatisticsData ListCallHistoryView ", " "+op.OperationID+" ") {
			continue
		}
		res := op.Responses.Status(200)
		if res == nil || res.Value.Content.Get("application/json") == nil {
			return nil, nil, fmt.Errorf("%s declares no application/json 200 answer", op.OperationID)
		}
		ok[op.OperationID] = res.Value.Content.Get("application/json").Schema.Value
	}
	if len(ok) != 4 {
		return nil, nil, fmt.Errorf("found the operations %v, want 4", ok)
	}
	oe := doc.Components.Schemas["Pbx.ODataErrors.ODataError"]
	if oe == nil || oe.Value == nil {
		return nil, nil, fmt.Errorf("no schema Pbx.ODataErrors.ODataError")
	}
	return ok, oe.Value, nil
}

// visit validates a JSON body against schema.
func visitSchema(schema *openapi3.Schema, body []byte) error {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return schema.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.MultiErrors())
}

// reportEnv is a tenant "reports" with its own agents, served by the real
// server, with a clock the test sets.
type reportEnv struct {
	db     *store.DB
	srv    *servertest.Server
	tenant activity.Tenant
	token  string
}

// reportUsers are the agents: Ann and Bob have extensions, Cy has one no
// other agent has, Dee has none.
var reportUsers = []activity.User{
	{ID: "00000000-0000-4000-a000-000000000001", Login: "ann", Name: "Ann Smith", Extension: "101", Groups: []string{"10"}},
	{ID: "00000000-0000-4000-a000-000000000002", Login: "bob", Name: "Bob Jones", Extension: "102", Groups: []string{"10"}},
	{ID: "00000000-0000-4000-a000-000000000003", Login: "cy", Name: "Cy Young", Extension: "103"},
	{ID: "00000000-0000-4000-a000-000000000004", Login: "dee", Name: "Dee Dee"},
}

func userRef(login string) activity.UserRef {
	for _, u := range reportUsers {
		if u.Login == login {
			return activity.UserRef{ID: u.ID}
		}
	}
	return activity.UserRef{}
}

// newReportEnv starts the server over db with the clock at now.
func newReportEnv(t testing.TB, db *store.DB, now time.Time) *reportEnv {
	t.Helper()
	db.Now = func() time.Time { return now }
	e := &reportEnv{db: db, tenant: storetest.MustTenant(t, db, "reports")}
	key := storetest.MustKey(t, db, e.tenant, activity.ScopeReportsRead)
	if _, err := db.EnsureUsers(context.Background(), e.tenant.ID, reportUsers); err != nil {
		t.Fatalf("creating the agents: %v", err)
	}
	e.srv = servertest.Start(t, db)
	e.token = mustToken(t, e.srv, key)
	return e
}

func (e *reportEnv) calls(t testing.TB, calls ...activity.Call) {
	t.Helper()
	if res, err := e.db.IngestCalls(context.Background(), e.tenant.ID, calls); err != nil || res.New != len(calls) {
		t.Fatalf("ingesting %d calls: got %+v, %v", len(calls), res, err)
	}
}

func (e *reportEnv) sessions(t testing.TB, events ...activity.SessionEvent) {
	t.Helper()
	if res, err := e.db.IngestSessionEvents(context.Background(), e.tenant.ID, events); err != nil || res.New != len(events) {
		t.Fatalf("ingesting %d session events: got %+v, %v", len(events), res, err)
	}
}

// get sends GET target as 3CX's client does and validates the answer: a
// 200 against its operation's schema, an error against the OData error's.
func (e *reportEnv) get(t testing.TB, target string) answer {
	t.Helper()
	a := send(t, e.srv, "GET", target, [][2]string{{"Accept", "application/json"},
		{"Authorization", "Bearer " + e.token}, {"User-Agent", "axios/1.17.0"}}, nil)
	ok, oe := reportSchemas(t)
	schema := oe
	if a.status == 200 {
		schema = nil
		for prefix, op := range reportOperations {
			if strings.HasPrefix(target+"?", prefix) {
				schema = ok[op]
			}
		}
	}
	if schema != nil {
		if err := visitSchema(schema, a.body); err != nil {
			t.Errorf("GET %s: %d: the answer does not validate: %v\nbody: %s", target, a.status, err, clip(string(a.body)))
		}
	}
	return a
}

// page decodes a 200 collection: its rows, @odata.count (-1 when absent)
// and @odata.nextLink.
func readPage(t testing.TB, what string, a answer) (rows []map[string]any, count int, next string) {
	t.Helper()
	if a.status != 200 {
		t.Fatalf("%s: got %d %s, want 200", what, a.status, clip(string(a.body)))
	}
	var body struct {
		Value []map[string]any `json:"value"`
		Count *int             `json:"@odata.count"`
		Next  string           `json:"@odata.nextLink"`
	}
	if err := json.Unmarshal(a.body, &body); err != nil || body.Value == nil {
		t.Fatalf("%s: got %s, want {\"value\":[...]}: %v", what, clip(string(a.body)), err)
	}
	count = -1
	if body.Count != nil {
		count = *body.Count
	}
	return body.Value, count, body.Next
}

// wantJSON compares got with want as JSON.
func wantJSON(t testing.TB, what string, got, want any) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Errorf("%s:\ngot  %s\nwant %s", what, clip(string(g)), clip(string(w)))
	}
}

// instant parses an RFC 3339 time.
func instant(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// quote is a string literal as the tutorial's odataParamEncoder writes it,
// through encodeURIComponent.
func odataString(s string) string { return uriComponent("'" + strings.ReplaceAll(s, "'", "''") + "'") }
