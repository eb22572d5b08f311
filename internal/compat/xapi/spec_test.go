package xapi_test

// Answers are checked against the vendor's own OpenAPI document,
// shared/specs/3cx-xapi-swagger.yaml (beside the repository; 3CX V20
// Update 10): every answer of GetUserActivity against the schema its 200
// response declares, every error against Pbx.ODataErrors.ODataError.
// /connect/token is not in the document (only as the tokenUrl of its
// security scheme, without a schema), so token answers are checked by hand.

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

const (
	specFile = "../../../../shared/specs/3cx-xapi-swagger.yaml"

	// userActivityTemplate is the path of operation GetUserActivity in the
	// document.
	userActivityTemplate = "/ReportUserActivity/Pbx.GetUserActivity(clientTimeZone={clientTimeZone},periodFrom={periodFrom}," +
		"periodTo={periodTo},groupNumber={groupNumber},extensionDns={extensionDns},waitInterval={waitInterval}," +
		"includeQueueCalls={includeQueueCalls},callArea={callArea},groupingType={groupingType})"
	odataErrorRef = "#/components/schemas/Pbx.ODataErrors.ODataError"
)

// spec holds the two schemas answers are checked against. The document is
// 1.2 MB, so it is loaded once per test binary, and only by the tests that
// need it.
var spec struct {
	once         sync.Once
	userActivity *openapi3.Schema // the 200 answer of GetUserActivity
	odataError   *openapi3.Schema // Pbx.ODataErrors.ODataError
	err          error
}

// specSchemas returns the schema of GetUserActivity's 200 answer and the
// OData error schema.
func specSchemas(t testing.TB) (userActivity, odataError *openapi3.Schema) {
	t.Helper()
	spec.once.Do(func() { spec.userActivity, spec.odataError, spec.err = readSpec() })
	if spec.err != nil {
		t.Fatalf("reading %s: %v", specFile, spec.err)
	}
	return spec.userActivity, spec.odataError
}

// readSpec loads the document and finds the schemas. Routing requests with
// kin-openapi's routers (and validating with openapi3filter) is impractical
// for OData function paths: the whole call
// Pbx.GetUserActivity(clientTimeZone={clientTimeZone},...) is one path
// segment whose variables are OData literals, quoted and percent-encoded
// ('Europe%2FBerlin'), which the routers would take for the plain values
// their schemas describe. So the operation is looked up by its path template
// and the body is validated against the schema of its declared response
// with Schema.VisitJSON, which is what openapi3filter.ValidateResponse does
// once it has the route.
func readSpec() (*openapi3.Schema, *openapi3.Schema, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile(specFile)
	if err != nil {
		return nil, nil, err
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, nil, fmt.Errorf("not a valid OpenAPI document: %w", err)
	}
	item := doc.Paths.Value(userActivityTemplate)
	if item == nil || item.Get == nil || item.Get.OperationID != "GetUserActivity" {
		return nil, nil, fmt.Errorf("no GET operation GetUserActivity at %s", userActivityTemplate)
	}
	op := item.Get
	ok := op.Responses.Status(200)
	if ok == nil || ok.Value.Content.Get("application/json") == nil {
		return nil, nil, fmt.Errorf("GetUserActivity declares no application/json 200 answer")
	}
	def := op.Responses.Default()
	if def == nil || def.Value.Content.Get("application/json") == nil ||
		def.Value.Content.Get("application/json").Schema.Ref != odataErrorRef {
		return nil, nil, fmt.Errorf("GetUserActivity's default answer is not %s", odataErrorRef)
	}
	oe := doc.Components.Schemas["Pbx.ODataErrors.ODataError"]
	if oe == nil || oe.Value == nil {
		return nil, nil, fmt.Errorf("no schema Pbx.ODataErrors.ODataError")
	}
	return ok.Value.Content.Get("application/json").Schema.Value, oe.Value, nil
}

// validateJSON checks a JSON body against schema. Errors name the place
// and the reason, not the whole schema.
func validateJSON(schema *openapi3.Schema, body []byte) error {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	return schema.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.MultiErrors(), openapi3.DisableSchemaErrorDetails())
}

// TestSpecValidationCanFail proves the checks can fail: real answers pass,
// the same answers tampered with do not.
func TestSpecValidationCanFail(t *testing.T) {
	ua, oe := specSchemas(t)
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.ingest(t, handCalls())
		q := dayQuery("Europe/Berlin", "2025-05-05T22:00:00.000Z", "2025-05-06T22:00:00.000Z")
		q.grouping = 0
		good := e.get(t, q.target("GetUserActivity", "?$count=true"), e.token) // validated by get
		if good.status != 200 || !strings.Contains(string(good.body), `"AnsweredCount":`) {
			t.Fatalf("GetUserActivity: got %d %s, want 200 with rows", good.status, good.body)
		}
		for _, c := range []struct{ name, old, new string }{
			{"a count as a string", `"AnsweredCount":0`, `"AnsweredCount":"0"`},
			{"a count as a decimal", `"UnansweredCount":0`, `"UnansweredCount":0.5`},
			{"a count beyond int32", `"AnsweredCount":0`, `"AnsweredCount":2147483648`},
			{"a date without its offset", `+02:00"`, `"`},
			{"a date with a space", `T00:00:00+02:00"`, ` 00:00:00+02:00"`},
			{"@odata.count as a string", `"@odata.count":24`, `"@odata.count":"24"`},
			{"value as an object", `"value":[`, `"value":{"x":[`},
		} {
			tampered := strings.Replace(string(good.body), c.old, c.new, 1)
			if c.name == "value as an object" {
				tampered = strings.TrimSuffix(strings.TrimSpace(tampered), "}") + "}}"
			}
			if tampered == string(good.body) {
				t.Fatalf("%s: %q is not in %s", c.name, c.old, good.body)
			}
			if err := validateJSON(ua, []byte(tampered)); err == nil {
				t.Errorf("%s: got no error, want the tampered body %s rejected", c.name, clip(tampered))
			}
		}

		bad := e.get(t, strings.Replace(q.target("GetUserActivity", ""), "callArea=0", "callArea=9", 1), e.token)
		if bad.status != 400 {
			t.Fatalf("callArea=9: got %d, want 400", bad.status)
		}
		for _, tampered := range []string{
			`{"error":"callArea is wrong"}`, // agentlog's own API's error form
			strings.Replace(string(bad.body), `"code":`, `"kode":`, 1),
			strings.Replace(string(bad.body), `"details":[]`, `"details":[{"code":"x"}]`, 1),
			strings.Replace(string(bad.body), `"target":"callArea"`, `"target":7`, 1),
			`{}`,
		} {
			if err := validateJSON(oe, []byte(tampered)); err == nil {
				t.Errorf("got no error, want the tampered error %s rejected", tampered)
			}
		}
	})
}
