package api

import (
	"slices"
	"strings"
)

// The view of /api/v1/docs: the parts of the OpenAPI document the page
// shows, read from the document as generic JSON with its local $refs
// resolved.

// docsPage turns the document into the page's view.
func docsPage(doc map[string]any) docsView {
	r := docRefs{doc}
	info := docObj(doc["info"])
	v := docsView{Title: docStr(info["title"]), Summary: docStr(info["summary"]),
		Description: docStr(info["description"]), Version: docStr(info["version"])}
	byTag := map[string]*docsTag{}
	for _, t := range docList(doc["tags"]) {
		t := docObj(t)
		v.Tags = append(v.Tags, docsTag{Name: docStr(t["name"]), Description: docStr(t["description"])})
	}
	for i := range v.Tags {
		byTag[v.Tags[i].Name] = &v.Tags[i]
	}
	for _, path := range docKeys(docObj(doc["paths"])) {
		item := docObj(docObj(doc["paths"])[path])
		for _, method := range []string{"get", "put", "post", "patch", "delete"} {
			op, ok := item[method].(map[string]any)
			if !ok {
				continue
			}
			o := r.operation(strings.ToUpper(method), path, op)
			tag := docStr(docFirst(docList(op["tags"])))
			if byTag[tag] == nil {
				v.Tags = append(v.Tags, docsTag{Name: tag})
				byTag = docReindex(v.Tags)
			}
			byTag[tag].Operations = append(byTag[tag].Operations, o)
		}
	}
	schemas := docObj(docObj(doc["components"])["schemas"])
	for _, name := range docKeys(schemas) {
		v.Schemas = append(v.Schemas, r.schema(name, docObj(schemas[name])))
	}
	return v
}

func docReindex(tags []docsTag) map[string]*docsTag {
	m := map[string]*docsTag{}
	for i := range tags {
		m[tags[i].Name] = &tags[i]
	}
	return m
}

// docRefs resolves local $refs of the document.
type docRefs struct{ doc map[string]any }

func (r docRefs) resolve(v any) map[string]any {
	m := docObj(v)
	ref, ok := m["$ref"].(string)
	if !ok {
		return m
	}
	var cur any = r.doc
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		cur = docObj(cur)[part]
	}
	out := map[string]any{}
	for k, v := range docObj(cur) {
		out[k] = v
	}
	for k, v := range m { // siblings of $ref (a description) take precedence
		if k != "$ref" {
			out[k] = v
		}
	}
	return out
}

func (r docRefs) operation(method, path string, op map[string]any) docsOperation {
	o := docsOperation{ID: docStr(op["operationId"]), Method: method, Path: path,
		Summary: docStr(op["summary"]), Description: docStr(op["description"])}
	for _, s := range docList(op["x-agentlog-scopes"]) {
		o.Scopes = append(o.Scopes, docStr(s))
	}
	for _, p := range docList(op["parameters"]) {
		p := r.resolve(p)
		o.Parameters = append(o.Parameters, docsField{Name: docStr(p["name"]), In: docStr(p["in"]),
			Type: docTypeName(p["schema"]), Description: docStr(p["description"]), Required: p["required"] == true})
	}
	o.Body = docContents(r.resolve(op["requestBody"]))
	responses := docObj(op["responses"])
	for _, code := range docKeys(responses) {
		resp := r.resolve(responses[code])
		o.Responses = append(o.Responses, docsResponse{Code: code, Description: docStr(resp["description"]), Content: docContents(resp)})
	}
	return o
}

func (r docRefs) schema(name string, s map[string]any) docsSchema {
	out := docsSchema{Name: name, Type: docTypeName(s), Description: docStr(s["description"])}
	required := docList(s["required"])
	props := docObj(s["properties"])
	for _, p := range docKeys(props) {
		ps := docObj(props[p])
		desc := docStr(ps["description"])
		if desc == "" {
			desc = docStr(r.resolve(ps)["description"])
		}
		out.Properties = append(out.Properties, docsField{Name: p, Type: docTypeName(ps), Description: desc,
			Required: slices.Contains(required, any(p))})
	}
	return out
}

// docContents lists a body's media types and their schemas.
func docContents(body map[string]any) []docsContent {
	c := docObj(body["content"])
	var out []docsContent
	for _, media := range docKeys(c) {
		out = append(out, docsContent{Type: media, Schema: docTypeName(docObj(c[media])["schema"])})
	}
	return out
}

// docTypeName names a schema briefly: its $ref's name, its type, or an array
// of either.
func docTypeName(v any) string {
	s := docObj(v)
	if ref, ok := s["$ref"].(string); ok {
		return ref[strings.LastIndex(ref, "/")+1:]
	}
	switch t := s["type"].(type) {
	case string:
		if t == "array" {
			return docTypeName(s["items"]) + "[]"
		}
		return t
	case []any:
		names := make([]string, len(t))
		for i, n := range t {
			names[i] = docStr(n)
		}
		return strings.Join(names, " | ")
	}
	for _, k := range []string{"oneOf", "anyOf"} {
		if alts := docList(s[k]); len(alts) > 0 {
			names := make([]string, len(alts))
			for i, a := range alts {
				names[i] = docTypeName(a)
			}
			return strings.Join(names, " | ")
		}
	}
	return ""
}
