package api_test

// The OpenAPI document (openapi.json) is a contract: these tests check that
// it is a valid OpenAPI 3.1 document, that it describes exactly the routes
// of the route table, and that every answer the real server gives to real
// requests matches it, status, headers and body.

import (
	"maps"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// documentedOperations is every operation the document must hold, by
// operationId. A route added to routes.go fails TestOpenAPIDescribesEveryRoute
// until it is described in openapi.json and listed here.
var documentedOperations = map[string]string{
	"ingestStatusEvents":     "POST /api/v1/status-events",
	"listStatusEvents":       "GET /api/v1/status-events",
	"ingestSessionEvents":    "POST /api/v1/session-events",
	"listSessionEvents":      "GET /api/v1/session-events",
	"ingestCalls":            "POST /api/v1/calls",
	"listCalls":              "GET /api/v1/calls",
	"listUsers":              "GET /api/v1/users",
	"createUser":             "POST /api/v1/users",
	"getUser":                "GET /api/v1/users/{id}",
	"updateUser":             "PATCH /api/v1/users/{id}",
	"listStatusDefinitions":  "GET /api/v1/status-definitions",
	"putStatusDefinition":    "PUT /api/v1/status-definitions/{name}",
	"deleteStatusDefinition": "DELETE /api/v1/status-definitions/{name}",
	"listKeys":               "GET /api/v1/keys",
	"createKey":              "POST /api/v1/keys",
	"revokeKey":              "DELETE /api/v1/keys/{id}",
	"listWebhooks":           "GET /api/v1/webhooks",
	"createWebhook":          "POST /api/v1/webhooks",
	"getWebhook":             "GET /api/v1/webhooks/{id}",
	"updateWebhook":          "PATCH /api/v1/webhooks/{id}",
	"deleteWebhook":          "DELETE /api/v1/webhooks/{id}",
	"listWebhookDeliveries":  "GET /api/v1/webhooks/{id}/deliveries",
	"getOpenAPI":             "GET /api/v1/openapi.json",
	"getAPIDocs":             "GET /api/v1/docs",
	"getPresence":            "GET /api/v1/presence",
	"streamEvents":           "GET /api/v1/stream",
	"exportEvents":           "GET /api/v1/export/{kind}",
	"statusTimeReport":       "GET /api/v1/reports/status-time",
	"sessionReport":          "GET /api/v1/reports/sessions",
	"callReport":             "GET /api/v1/reports/calls",
}

// loadDocument loads and validates openapi.json.
func loadDocument(t *testing.T) *openapi3.T {
	t.Helper()
	data, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		t.Fatalf("loading openapi.json: %v", err)
	}
	if err := doc.Validate(loader.Context); err != nil {
		t.Fatalf("openapi.json is not a valid OpenAPI document: %v", err)
	}
	return doc
}

// operations returns the document's operations as "METHOD path" by
// operationId.
func operations(doc *openapi3.T) map[string]string {
	ops := map[string]string{}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			ops[op.OperationID] = method + " " + path
		}
	}
	return ops
}

func TestOpenAPIDocumentIsValid(t *testing.T) {
	doc := loadDocument(t)
	if doc.OpenAPI != "3.1.0" || !doc.IsOpenAPI31OrLater() {
		t.Fatalf("openapi is %q, want 3.1.0", doc.OpenAPI)
	}
	// 3.1 type arrays must be read as such, or null would be refused (or
	// everything allowed) when answers are validated.
	callData := doc.Components.Schemas["Call"].Value.Properties["callData"].Value
	if !callData.Type.Includes("object") || !callData.Type.Includes("null") || callData.Type.Includes("string") {
		t.Fatalf("callData has type %v, want [object null]", callData.Type)
	}
	for name, want := range map[string]string{"bearer": "", "key": "Key", "apiKey": "ApiKey"} {
		s := doc.Components.SecuritySchemes[name]
		if s == nil || s.Value.Name != want || (want == "" && s.Value.Scheme != "bearer") {
			t.Errorf("security scheme %s: got %+v, want header %q", name, s, want)
		}
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			where := method + " " + path
			scopes, _ := op.Extensions["x-agentlog-scopes"].([]any)
			switch {
			case op.OperationID == "getOpenAPI" || op.OperationID == "getAPIDocs":
				if op.Security == nil || len(*op.Security) != 0 {
					t.Errorf("%s must need no key (security: [])", where)
				}
			case len(scopes) == 0:
				t.Errorf("%s has no x-agentlog-scopes", where)
			case !strings.Contains(op.Description, "**Scope:**"):
				t.Errorf("%s does not state its scope in its description", where)
			}
			if op.Summary == "" || op.Description == "" {
				t.Errorf("%s needs a summary and a description", where)
			}
			for code, resp := range op.Responses.Map() {
				if code[0] == '2' || code == "default" {
					continue
				}
				if !strings.HasPrefix(resp.Ref, "#/components/responses/") {
					t.Errorf("%s answers %s without the shared error response", where, code)
				}
			}
		}
	}
}

// routePattern finds the /api/v1 routes of the route table, such as
// {"GET /api/v1/users/{id}", ...}.
var routePattern = regexp.MustCompile(`\{"([A-Z]+) (/api/v1/[^" ]*)"`)

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	doc := loadDocument(t)
	src, err := os.ReadFile("../server/routes.go")
	if err != nil {
		t.Fatal(err)
	}
	var inRoutes []string
	for _, m := range routePattern.FindAllStringSubmatch(string(src), -1) {
		inRoutes = append(inRoutes, m[1]+" "+m[2])
	}
	if len(inRoutes) == 0 {
		t.Fatal("found no /api/v1 route in routes.go: has its format changed?")
	}
	inDoc := slices.Collect(maps.Values(operations(doc)))
	listed := slices.Collect(maps.Values(documentedOperations))
	sort.Strings(inRoutes)
	sort.Strings(inDoc)
	sort.Strings(listed)
	if !slices.Equal(inRoutes, inDoc) {
		t.Errorf("routes.go and openapi.json differ:\n  only in routes.go:    %v\n  only in openapi.json: %v",
			missing(inRoutes, inDoc), missing(inDoc, inRoutes))
	}
	if got := operations(doc); !maps.Equal(got, documentedOperations) {
		t.Errorf("openapi.json and documentedOperations differ:\n  openapi.json: %v\n  this test:    %v", got, documentedOperations)
	}
	if !slices.Equal(inRoutes, listed) {
		t.Errorf("routes.go and documentedOperations differ: only in routes.go %v, only in the list %v",
			missing(inRoutes, listed), missing(listed, inRoutes))
	}
}

// missing returns the elements of a that b lacks.
func missing(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// contract validates real answers against the document and counts what it
// saw.
