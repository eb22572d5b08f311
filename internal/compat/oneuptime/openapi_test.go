package oneuptime_test

// Real answers validated against the vendor's OpenAPI document
// (shared/specs/oneuptime-call-log.json) with openapi3filter, as far as
// its own caveats (x-source) let that document be trusted.
//
// What the document gets right and is validated as written: the status
// codes of every answer; get-list's data (an array) and count (a number);
// count's {"count": number}; and in each CallLog item _id and projectId as
// UUIDs, status as a string, callCostInUSDCents as a number, callData as an
// object and the link ids as UUIDs.
//
// What it gets wrong, per its caveats and the contract, and is adjusted
// before validating (in place, so every $ref sees the adjustment):
//   - createdAt, updatedAt (and deletedAt) are typed as objects, the
//     vendor server's {"_type":"DateTime","value":...} wrapper; the contract
//     answers plain ISO 8601 strings, so they are checked as date-time
//     strings. toNumber and fromNumber likewise ({"_type":"Phone"}) become
//     strings.
//   - statusMessage, callData and the link ids are not nullable in the
//     document; the contract answers null for an empty value.
//   - CallLog requires projectId, toNumber, fromNumber, status and
//     callCostInUSDCents; items hold _id and the selected columns only (the
//     vendor documents that too), so nothing is required.
//   - get-list's answer also has skip and limit: the schema does not forbid
//     other properties, so it passes as written.
//   - get-item's schema is {"data": CallLog}, but the answer is the bare
//     object: it passes that schema only vacuously (no "data" property), so
//     the bare object is validated against CallLog itself.
//   - only POST is described; GET answers the same, so GET answers are
//     validated against the POST operation.
//   - the request schemas of query, select and sort are opaque and forbid
//     every property, so requests are not validated.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

const specPath = "../../../../shared/specs/oneuptime-call-log.json"

// vendorSpec is the vendor's document, adjusted as explained above, with a
// router for the server at url.
type vendorSpec struct {
	doc     *openapi3.T
	router  routers.Router
	callLog *openapi3.Schema
	opts    []openapi3.SchemaValidationOption
}

func loadVendorSpec(t *testing.T, url string) vendorSpec {
	t.Helper()
	if _, err := os.Stat(specPath); errors.Is(err, fs.ErrNotExist) {
		t.Skipf("the vendor document %s is missing: check out shared/ beside the repository to run this test", specPath)
	}
	doc, err := openapi3.NewLoader().LoadFromFile(specPath)
	if err != nil {
		t.Fatalf("loading %s: %v", specPath, err)
	}
	doc.Servers = openapi3.Servers{{URL: url + "/api"}} // the document's is "http:///api"
	// The examples of the opaque query, select and sort schemas contradict
	// those schemas (see the caveats): the document is valid otherwise.
	if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		t.Fatalf("the vendor document is not valid OpenAPI: %v", err)
	}
	ref := doc.Components.Schemas["CallLog"]
	if ref == nil || ref.Value == nil {
		t.Fatal("the vendor document has no CallLog schema")
	}
	callLog := ref.Value
	for _, name := range []string{"createdAt", "updatedAt", "deletedAt"} {
		callLog.Properties[name] = openapi3.NewDateTimeSchema().NewRef()
	}
	for _, name := range []string{"toNumber", "fromNumber"} {
		callLog.Properties[name] = openapi3.NewStringSchema().NewRef()
	}
	callLog.Properties["statusMessage"].Value.Nullable = true
	callLog.Properties["callData"].Value.Nullable = true
	for _, l := range linkNames {
		callLog.Properties[l+"Id"].Value.Nullable = true
	}
	callLog.Required = nil
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatalf("routing the vendor document: %v", err)
	}
	s := vendorSpec{doc: doc, router: router, callLog: callLog, opts: []openapi3.SchemaValidationOption{
		openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562)),
		openapi3.MultiErrors(), openapi3.VisitAsResponse(),
	}}
	// The checks bite: a wrong id and a cost as text are refused.
	for _, bad := range []string{`{"_id":"call-1"}`, `{"callCostInUSDCents":"5"}`, `{"createdAt":{"_type":"DateTime"}}`} {
		if s.checkItem([]byte(bad)) == nil {
			t.Fatalf("the adjusted CallLog schema accepts %s, want it refused", bad)
		}
	}
	return s
}

func (s vendorSpec) checkItem(body []byte) error {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return err
	}
	return s.callLog.VisitJSON(v, s.opts...)
}

// validate checks an answer to r against the POST operation of its path.
func (s vendorSpec) validate(t *testing.T, e *env, r request, a answer) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, e.url+r.target, nil)
	if err != nil {
		t.Fatal(err)
	}
	route, params, err := s.router.FindRoute(req)
	if err != nil {
		t.Fatalf("%s: no route in the vendor document: %v", r.target, err)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
		Status:                 a.status, Header: a.header, Body: io.NopCloser(bytes.NewReader(a.body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true, SchemaValidationOptions: s.opts},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		t.Errorf("%s %s: the answer %d %s does not match the vendor document: %v", cmpOr(r.method, "POST"), r.target, a.status, clip(a.body), err)
	}
	if strings.HasSuffix(r.target, "/get-item") && a.status == http.StatusOK {
		if err := s.checkItem(a.body); err != nil {
			t.Errorf("%s: the bare object %s does not match CallLog: %v", r.target, clip(a.body), err)
		}
	}
}

func clip(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}

func TestVendorDocument(t *testing.T) {
	forEachServer(t, small, func(t *testing.T, e *env) {
		spec := loadVendorSpec(t, e.url)
		item := func(n int) string { return "/api/call-log/" + callID(n) + "/get-item" }
		noKey, noScope := map[string]string{}, map[string]string{"ApiKey": mustKey(t, e, e.acme, "statuses:read")}
		for _, c := range []struct {
			name   string
			req    request
			status int
		}{
			{"get-list, every column", request{target: listPath + "?limit=100", body: strings.Replace(selectAll(), `"query":{"_id":"`+callID(1)+`"},`, "", 1)}, 200},
			{"get-list, no select", request{target: listPath}, 200},
			{"get-list, a page of a query", request{target: listPath + "?limit=2&skip=1", body: `{"query":{"callCostInUSDCents":{"_type":"GreaterThan","value":"0"}},"select":{"createdAt":true,"status":true,"team":true}}`}, 200},
			{"get-list by GET", request{method: "GET", target: listPath + "?limit=3", body: `{"select":{"statusMessage":true,"incidentId":true}}`}, 200},
			{"get-list, nothing found", request{target: listPath, body: `{"query":{"status":"nope"}}`}, 200},
			{"count", request{target: "/api/call-log/count", body: `{"query":{"status":["Busy","Error"]}}`}, 200},
			{"count, no body", request{target: "/api/call-log/count"}, 200},
			{"get-item, every column", request{target: item(1), body: selectAll()}, 200},
			{"get-item, call 6", request{target: item(6), body: selectAll()}, 200},
			{"get-item by GET", request{method: "GET", target: item(5), body: `{"select":{"callData":true,"alertId":true}}`}, 200},
			{"get-item, no such call", request{target: item(77)}, 200},
			{"get-list, a bad query", request{target: listPath, body: `{"query":{"colour":"red"}}`}, 400},
			{"count, no key", request{target: "/api/call-log/count", headers: noKey}, 401},
			{"get-item, no scope", request{target: item(1), headers: noScope}, 422},
			{"get-item, not a UUID", request{target: "/api/call-log/abc/get-item"}, 400},
		} {
			t.Run(c.name, func(t *testing.T) {
				a := e.send(t, c.req)
				if a.status != c.status {
					t.Fatalf("status: got %d, want %d; body: %s", a.status, c.status, clip(a.body))
				}
				spec.validate(t, e, c.req, a)
			})
		}
	})
}
