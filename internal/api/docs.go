package api

import (
	_ "embed"
	"encoding/json"
	"html/template"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
)

// The reference page at /api/v1/docs is rendered on the server from the
// embedded openapi.json with html/template: no script, no stylesheet or
// font from elsewhere, so that it works on a network without internet. A
// JavaScript viewer would need its bundle vendored into the binary; the
// page below needs nothing but the document.

//go:embed docs.html
var docsTemplate string

// Docs serves GET /api/v1/docs: the OpenAPI document as an HTML page, to
// anyone, without a key.
func (a *API) Docs(w http.ResponseWriter, r *http.Request) {
	page, err := renderedDocs()
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
	_, _ = w.Write(page)
}

// renderedDocs renders the page once: the document does not change while
// the binary runs.
var renderedDocs = sync.OnceValues(func() ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDocument, &doc); err != nil {
		return nil, err
	}
	view := docsPage(doc)
	funcs := template.FuncMap{"text": docText, "lower": strings.ToLower, "schema": schemaLinker(view.Schemas)}
	t, err := template.New("docs").Funcs(funcs).Parse(docsTemplate)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	if err := t.Execute(&b, view); err != nil {
		return nil, err
	}
	return []byte(b.String()), nil
})

// docsView is what the template shows.
type docsView struct {
	Title, Summary, Description, Version string
	Tags                                 []docsTag
	Schemas                              []docsSchema
}

type docsTag struct {
	Name, Description string
	Operations        []docsOperation
}

type docsOperation struct {
	ID, Method, Path, Summary, Description string
	Scopes                                 []string
	Parameters                             []docsField
	Body                                   []docsContent
	Responses                              []docsResponse
}

type docsField struct {
	Name, In, Type, Description string
	Required                    bool
}

type docsContent struct{ Type, Schema string }

type docsResponse struct {
	Code, Description string
	Content           []docsContent
}

type docsSchema struct {
	Name, Type, Description string
	Properties              []docsField
}

// schemaLinker links a type name (StatusEvent, StatusEvent[]) to its
// schema's section when it names one.
func schemaLinker(schemas []docsSchema) func(string) template.HTML {
	known := map[string]bool{}
	for _, s := range schemas {
		known[s.Name] = true
	}
	return func(name string) template.HTML {
		text := template.HTMLEscapeString(name)
		if base := strings.TrimSuffix(name, "[]"); known[base] {
			return template.HTML(`<a href="#schema-` + template.HTMLEscapeString(base) + `">` + text + `</a>`)
		}
		return template.HTML(text)
	}
}

var (
	docCode = regexp.MustCompile("`([^`]+)`")
	docBold = regexp.MustCompile(`\*\*([^*]+)\*\*`)
)

// docText renders the document's Markdown-like prose: paragraphs, `code`
// and **bold**, all else as escaped text.
func docText(s string) template.HTML {
	var b strings.Builder
	for _, para := range strings.Split(s, "\n\n") {
		if strings.TrimSpace(para) == "" {
			continue
		}
		h := template.HTMLEscapeString(para)
		h = docCode.ReplaceAllString(h, "<code>$1</code>")
		h = docBold.ReplaceAllString(h, "<strong>$1</strong>")
		b.WriteString("<p>" + strings.ReplaceAll(h, "\n", "<br>") + "</p>\n")
	}
	return template.HTML(b.String())
}

func docObj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func docList(v any) []any {
	l, _ := v.([]any)
	return l
}

func docStr(v any) string {
	s, _ := v.(string)
	return s
}

func docFirst(l []any) any {
	if len(l) == 0 {
		return nil
	}
	return l[0]
}

func docKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
