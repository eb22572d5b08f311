package api

import (
	_ "embed"
	"encoding/json"
	"html/template"
	"net/http"
	"regexp"
	"slices"
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

// docsPage turns the document into the page's view.
func docsPage(doc map[string]any) docsView {
	r := refs{doc}
	info := obj(doc["info"])
	v := docsView{Title: str(info["title"]), Summary: str(info["summary"]),
		Description: str(info["description"]), Version: str(info["version"])}
	byTag := map[string]*docsTag{}
	for _, t := range list(doc["tags"]) {
		t := obj(t)
		v.Tags = append(v.Tags, docsTag{Name: str(t["name"]), Description: str(t["description"])})
	}
	for i := range v.Tags {
		byTag[v.Tags[i].Name] = &v.Tags[i]
	}
	for _, path := range sortedKeys(obj(doc["paths"])) {
		item := obj(obj(doc["paths"])[path])
		for _, method := range []string{"get", "put", "post", "patch", "delete"} {
			op, ok := item[method].(map[string]any)
			if !ok {
				continue
			}
			o := r.operation(strings.ToUpper(method), path, op)
			tag := str(first(list(op["tags"])))
			if byTag[tag] == nil {
				v.Tags = append(v.Tags, docsTag{Name: tag})
				byTag = reindex(v.Tags)
			}
			byTag[tag].Operations = append(byTag[tag].Operations, o)
		}
	}
	schemas := obj(obj(doc["components"])["schemas"])
	for _, name := range sortedKeys(schemas) {
		v.Schemas = append(v.Schemas, r.schema(name, obj(schemas[name])))
	}
	return v
}

func reindex(tags []docsTag) map[string]*docsTag {
	m := map[string]*docsTag{}
	for i := range tags {
		m[tags[i].Name] = &tags[i]
	}
	return m
}

// refs resolves local $refs of the document.
type refs struct{ doc map[string]any }

func (r refs) resolve(v any) map[string]any {
	m := obj(v)
	ref, ok := m["$ref"].(string)
	if !ok {
		return m
	}
	var cur any = r.doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		cur = obj(cur)[part]
	}
	out := map[string]any{}
	for k, v := range obj(cur) {
		out[k] = v
	}
	for k, v := range m { // siblings of $ref (a description) take precedence
		if k != "$ref" {
			out[k] = v
		}
	}
	return out
}

func (r refs) operation(method, path string, op map[string]any) docsOperation {
	o := docsOperation{ID: str(op["operationId"]), Method: method, Path: path,
		Summary: str(op["summary"]), Description: str(op["description"])}
	for _, s := range list(op["x-agentlog-scopes"]) {
		o.Scopes = append(o.Scopes, str(s))
	}
	for _, p := range list(op["parameters"]) {
		p := r.resolve(p)
		o.Parameters = append(o.Parameters, docsField{Name: str(p["name"]), In: str(p["in"]),
			Type: typeName(p["schema"]), Description: str(p["description"]), Required: p["required"] == true})
	}
	o.Body = contents(r.resolve(op["requestBody"]))
	responses := obj(op["responses"])
	for _, code := range sortedKeys(responses) {
		resp := r.resolve(responses[code])
		o.Responses = append(o.Responses, docsResponse{Code: code, Description: str(resp["description"]), Content: contents(resp)})
	}
	return o
}

func (r refs) schema(name string, s map[string]any) docsSchema {
	out := docsSchema{Name: name, Type: typeName(s), Description: str(s["description"])}
	required := list(s["required"])
	props := obj(s["properties"])
	for _, p := range sortedKeys(props) {
		ps := obj(props[p])
		desc := str(ps["description"])
		if desc == "" {
			desc = str(r.resolve(ps)["description"])
		}
		out.Properties = append(out.Properties, docsField{Name: p, Type: typeName(ps), Description: desc,
			Required: slices.Contains(required, any(p))})
	}
	return out
}

// contents lists a body's media types and their schemas.
func contents(body map[string]any) []docsContent {
	c := obj(body["content"])
	var out []docsContent
	for _, media := range sortedKeys(c) {
		out = append(out, docsContent{Type: media, Schema: typeName(obj(c[media])["schema"])})
	}
	return out
}

// typeName names a schema briefly: its $ref's name, its type, or an array
// of either.
func typeName(v any) string {
	s := obj(v)
	if ref, ok := s["$ref"].(string); ok {
		return ref[strings.LastIndex(ref, "/")+1:]
	}
	switch t := s["type"].(type) {
	case string:
		if t == "array" {
			return typeName(s["items"]) + "[]"
		}
		return t
	case []any:
		names := make([]string, len(t))
		for i, n := range t {
			names[i] = str(n)
		}
		return strings.Join(names, " | ")
	}
	for _, k := range []string{"oneOf", "anyOf"} {
		if alts := list(s[k]); len(alts) > 0 {
			names := make([]string, len(alts))
			for i, a := range alts {
				names[i] = typeName(a)
			}
			return strings.Join(names, " | ")
		}
	}
	return ""
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

func obj(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

func list(v any) []any {
	l, _ := v.([]any)
	return l
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func first(l []any) any {
	if len(l) == 0 {
		return nil
	}
	return l[0]
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
