package api_test

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// testDocsPage requires that the reference page served at /api/v1/docs is
// HTML that shows every operation of openapi.json (its method, path and
// operationId), every schema, and loads nothing from elsewhere.
func testDocsPage(t *testing.T, a answer) {
	t.Helper()
	if ct := a.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("/api/v1/docs: Content-Type %q, want text/html", ct)
	}
	page := string(a.body)
	var doc struct {
		Paths      map[string]map[string]json.RawMessage
		Components struct{ Schemas map[string]any }
	}
	data, _ := os.ReadFile("openapi.json")
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for path, item := range doc.Paths {
		for method, raw := range item {
			var op struct{ OperationID string }
			if json.Unmarshal(raw, &op) != nil || op.OperationID == "" {
				continue // the path's own parameters, not an operation
			}
			n++
			section := regexp.MustCompile(`(?s)<section class="op" id="` + regexp.QuoteMeta(op.OperationID) + `">(.*?)</section>`).FindStringSubmatch(page)
			if section == nil {
				t.Errorf("the page lacks operation %s (%s %s)", op.OperationID, method, path)
				continue
			}
			want := `>` + strings.ToUpper(method) + `</span> <span class="path">` + path + `</span>`
			if !strings.Contains(section[1], want) {
				t.Errorf("operation %s does not show %s %s", op.OperationID, strings.ToUpper(method), path)
			}
		}
	}
	for name := range doc.Components.Schemas {
		if !strings.Contains(page, `id="schema-`+name+`"`) {
			t.Errorf("the page lacks schema %s", name)
		}
	}
	if n < 20 {
		t.Errorf("found %d operations in openapi.json; the test reads it wrong", n)
	}
	for _, bad := range []string{"<script", "src=\"http", "href=\"http", "@import"} {
		if strings.Contains(page, bad) {
			t.Errorf("the page holds %q: it must load nothing from elsewhere", bad)
		}
	}
	if a.header.Get("Content-Security-Policy") == "" {
		t.Error("the page has no Content-Security-Policy")
	}
}
