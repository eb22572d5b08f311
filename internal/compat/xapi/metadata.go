package xapi

import (
	"encoding/xml"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// The CSDL document of GET /xapi/v1/$metadata is made from these
// declarations, so that what is described is what is served.

type edmProperty struct {
	Name, Type string
}

type edmEntity struct {
	Name       string // in namespace Pbx
	Key        string // the key properties, comma-separated
	Properties []edmProperty
	Nullable   []string // the properties that may be null
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
		// The related reports and CallHistoryView, from the entities their
		// handlers use.
		edmEntityOf(callDistribution, "DateTimeInterval"),
		edmEntityOf(agentLoginHistory, "QueueNo,AgentNo,Day"),
		edmEntityOf(extensionStatistics, "Dn", "InboundAnsweredCount", "InboundUnansweredCount",
			"OutboundAnsweredCount", "OutboundUnansweredCount"),
		edmEntityOf(callHistoryView, "SegmentId"),
	}
	edmFunctions = []edmFunction{
		{Name: "GetUserActivity", Binding: "UserActivity", Params: callReportParams, Returns: "Collection(Pbx.UserActivity)"},
		{Name: "DownloadGetUserActivity", Binding: "UserActivity", Params: callReportParams, Returns: "Edm.Stream"},
		{Name: "GetCallDistribution", Binding: "CallDistribution", Params: callReportParams, Returns: "Collection(Pbx.CallDistribution)"},
		{Name: "DownloadGetGetCallDistribution", Binding: "CallDistribution", Params: callReportParams, Returns: "Edm.Stream"},
		{Name: "GetAgentLoginHistoryData", Binding: "AgentLoginHistory", Params: loginHistoryParams, Returns: "Collection(Pbx.AgentLoginHistory)"},
		{Name: "DownloadAgentLoginHistory", Binding: "AgentLoginHistory", Params: loginHistoryParams, Returns: "Edm.Stream"},
		{Name: "GetExtensionStatisticsData", Binding: "ExtensionStatistics", Params: extensionStatisticsParams, Returns: "Collection(Pbx.ExtensionStatistics)"},
		{Name: "DownloadExtensionStatistics", Binding: "ExtensionStatistics", Params: extensionStatisticsParams, Returns: "Edm.Stream"},
		{Name: "DownloadCallHistory", Binding: "CallHistoryView", Returns: "Edm.Stream"},
	}
	edmSets = []edmSet{
		{Name: "ReportUserActivity", Entity: "UserActivity"},
		{Name: "ReportCallDistribution", Entity: "CallDistribution"},
		{Name: "ReportAgentLoginHistory", Entity: "AgentLoginHistory"},
		{Name: "ReportExtensionStatistics", Entity: "ExtensionStatistics"},
		{Name: "CallHistoryView", Entity: "CallHistoryView"},
	}
)

var (
	loginHistoryParams = []edmProperty{
		{"clientTimeZone", "Edm.String"}, {"startDt", "Edm.DateTimeOffset"}, {"endDt", "Edm.DateTimeOffset"},
		{"queueDnStr", "Edm.String"}, {"agentDnStr", "Edm.String"},
	}
	extensionStatisticsParams = []edmProperty{
		{"periodFrom", "Edm.DateTimeOffset"}, {"periodTo", "Edm.DateTimeOffset"},
		{"extensionFilter", "Edm.String"}, {"callArea", "Edm.Int32"},
	}
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
		et := entityType{Name: e.Name}
		for _, k := range strings.Split(e.Key, ",") {
			et.Key = append(et.Key, propertyRef{k})
		}
		for _, p := range e.Properties {
			et.Properties = append(et.Properties, property{p.Name, p.Type, strconv.FormatBool(slices.Contains(e.Nullable, p.Name))})
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
