package xapi

import (
	"encoding/xml"
	"net/http"
)

// The CSDL document of GET /xapi/v1/$metadata is made from these
// declarations, so that what is described is what is served.

type edmProperty struct {
	Name, Type string
}

type edmEntity struct {
	Name       string // in namespace Pbx
	Key        string
	Properties []edmProperty
}

type edmFunction struct {
	Name    string // in namespace Pbx
	Binding string // the entity the function is bound to, as a collection
	Params  []edmProperty
	Returns string // "Collection(Pbx.X)" or "Edm.Stream"
}

type edmSet struct {
	Name, Entity string
}

var callReportParams = []edmProperty{
	{"clientTimeZone", "Edm.String"}, {"periodFrom", "Edm.DateTimeOffset"}, {"periodTo", "Edm.DateTimeOffset"},
	{"groupNumber", "Edm.String"}, {"extensionDns", "Edm.String"}, {"waitInterval", "Edm.String"},
	{"includeQueueCalls", "Edm.Boolean"}, {"callArea", "Edm.Int32"}, {"groupingType", "Edm.Int32"},
}

var (
	edmEntities = []edmEntity{
		{Name: "UserActivity", Key: "DateTimeInterval", Properties: []edmProperty{
			{"DateTimeInterval", "Edm.DateTimeOffset"}, {"AnsweredCount", "Edm.Int32"}, {"UnansweredCount", "Edm.Int32"}}},
	}
	edmFunctions = []edmFunction{
		{Name: "GetUserActivity", Binding: "UserActivity", Params: callReportParams, Returns: "Collection(Pbx.UserActivity)"},
		{Name: "DownloadGetUserActivity", Binding: "UserActivity", Params: callReportParams, Returns: "Edm.Stream"},
	}
	edmSets = []edmSet{{Name: "ReportUserActivity", Entity: "UserActivity"}}
)

// Metadata serves GET /xapi/v1/$metadata.
func (h *Handler) Metadata(w http.ResponseWriter, r *http.Request) {
	if _, err := h.authenticate(r); err != nil {
		h.writeError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("OData-Version", "4.0")
	_, _ = w.Write([]byte(xml.Header))
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	_ = enc.Encode(csdl())
}

// csdl builds the document: edmx:Edmx / edmx:DataServices / Schema.
func csdl() any {
	type propertyRef struct {
		Name string `xml:"Name,attr"`
	}
	type property struct {
		Name     string `xml:"Name,attr"`
		Type     string `xml:"Type,attr"`
		Nullable string `xml:"Nullable,attr,omitempty"`
	}
	type entityType struct {
		Name       string        `xml:"Name,attr"`
		Key        []propertyRef `xml:"Key>PropertyRef"`
		Properties []property    `xml:"Property"`
	}
	type returnType struct {
		Type string `xml:"Type,attr"`
	}
	type function struct {
		Name    string     `xml:"Name,attr"`
		IsBound string     `xml:"IsBound,attr"`
		Params  []property `xml:"Parameter"`
		Returns returnType `xml:"ReturnType"`
	}
	type entitySet struct {
		Name       string `xml:"Name,attr"`
		EntityType string `xml:"EntityType,attr"`
	}
	type schema struct {
		XMLName   xml.Name     `xml:"Schema"`
		Xmlns     string       `xml:"xmlns,attr"`
		Namespace string       `xml:"Namespace,attr"`
		Entities  []entityType `xml:"EntityType"`
		Functions []function   `xml:"Function"`
		Container struct {
			Name string      `xml:"Name,attr"`
			Sets []entitySet `xml:"EntitySet"`
		} `xml:"EntityContainer"`
	}
	type edmx struct {
		XMLName xml.Name `xml:"edmx:Edmx"`
		Version string   `xml:"Version,attr"`
		Xmlns   string   `xml:"xmlns:edmx,attr"`
		Schema  schema   `xml:"edmx:DataServices>Schema"`
	}
	s := schema{Xmlns: "http://docs.oasis-open.org/odata/ns/edm", Namespace: "Pbx"}
	for _, e := range edmEntities {
		et := entityType{Name: e.Name, Key: []propertyRef{{e.Key}}}
		for _, p := range e.Properties {
			et.Properties = append(et.Properties, property{p.Name, p.Type, "false"})
		}
		s.Entities = append(s.Entities, et)
	}
	for _, f := range edmFunctions {
		fn := function{Name: f.Name, IsBound: "true", Returns: returnType{f.Returns},
			Params: []property{{Name: "bindingParameter", Type: "Collection(Pbx." + f.Binding + ")"}}}
		for _, p := range f.Params {
			fn.Params = append(fn.Params, property{Name: p.Name, Type: p.Type})
		}
		s.Functions = append(s.Functions, fn)
	}
	s.Container.Name = "Default"
	for _, set := range edmSets {
		s.Container.Sets = append(s.Container.Sets, entitySet{set.Name, "Pbx." + set.Entity})
	}
	return edmx{Version: "4.0", Xmlns: "http://docs.oasis-open.org/odata/ns/edmx", Schema: s}
}
