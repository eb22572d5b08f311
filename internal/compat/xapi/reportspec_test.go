package xapi_test

// The checks against the vendor's document can fail, and $metadata
// describes the related reports and CallHistoryView as the document does:
// the same properties, types and nullability, the same function
// parameters.

import (
	"encoding/xml"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

func TestReportSpecValidationCanFail(t *testing.T) {
	ok, _ := reportSchemas(t)
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newReportEnv(t, db, instant("2025-05-03T00:00:00Z"))
		e.calls(t, rcCalls(fixtureCalls...)...)
		e.sessions(t, fixtureSessions...)
		for _, c := range []struct {
			op, target string
			tamper     [][2]string // old, new
		}{
			{"GetCallDistribution", distribution("GetCallDistribution", "", "", "0:00:00", true, 0, 0, ""),
				[][2]string{{`"IncomingCount":0`, `"IncomingCount":0.5`}, {`"OutgoingCount":0`, `"OutgoingCount":"0"`},
					{`+01:00"`, `"`}, {`"IncomingCount":0`, `"IncomingCount":2147483648`}}},
			{"GetAgentLoginHistoryData", strings.Replace(loginTarget("GetAgentLoginHistoryData", "+08:00", "", "", ""), loginPeriod,
				"startDt=2025-05-01T16%3A00%3A00.000Z,endDt=2025-05-02T16%3A00%3A00.000Z", 1),
				[][2]string{{`"PT2H"`, `"2h"`}, {`"QueueNo":"800"`, `"QueueNo":null`}, {`"PT2M"`, `"PT2M30"`},
					{`"loggedInDt":"2025-05-02T00:00:00+08:00"`, `"loggedInDt":"2025-05-02"`}}},
			{"GetExtensionStatisticsData", statistics("GetExtensionStatisticsData", "", 0, ""),
				[][2]string{{`"Dn":"101"`, `"Dn":null`}, {`"PT45S"`, `"45"`}, {`"InboundAnsweredCount":1`, `"InboundAnsweredCount":true`}}},
			{"ListCallHistoryView", "/xapi/v1/CallHistoryView?$top=2",
				[][2]string{{`"CallTime":"PT`, `"CallTime":"T`}, {`{"SegmentId":`, `{"SegmentId":"1","x":`}, {`"DstExternal":false`, `"DstExternal":null`},
					{`"SegmentStartTime":"2025`, `"SegmentStartTime":null,"x":"2025`}, {`"DstDnType":0`, `"DstDnType":-2147483649`}}},
		} {
			good := e.get(t, c.target) // validated by get
			if good.status != 200 || !strings.Contains(string(good.body), `"value":[{`) {
				t.Fatalf("%s: got %d %s, want 200 with rows", c.op, good.status, clip(string(good.body)))
			}
			for _, tm := range c.tamper {
				bad := strings.Replace(string(good.body), tm[0], tm[1], 1)
				if bad == string(good.body) {
					t.Fatalf("%s: %q is not in %s", c.op, tm[0], clip(string(good.body)))
				}
				if err := visitSchema(ok[c.op], []byte(bad)); err == nil {
					t.Errorf("%s: %s → %s: got no error, want the body rejected", c.op, tm[0], tm[1])
				}
			}
		}
	})
}

// csdlDoc is the part of $metadata this test reads.
type csdlDoc struct {
	Schemas []struct {
		EntityTypes []struct {
			Name string `xml:"Name,attr"`
			Key  []struct {
				Name string `xml:"Name,attr"`
			} `xml:"Key>PropertyRef"`
			Properties []struct {
				Name     string `xml:"Name,attr"`
				Type     string `xml:"Type,attr"`
				Nullable string `xml:"Nullable,attr"`
			} `xml:"Property"`
		} `xml:"EntityType"`
		Functions []struct {
			Name   string `xml:"Name,attr"`
			Params []struct {
				Name string `xml:"Name,attr"`
			} `xml:"Parameter"`
		} `xml:"Function"`
		Sets []struct {
			Name       string `xml:"Name,attr"`
			EntityType string `xml:"EntityType,attr"`
		} `xml:"EntityContainer>EntitySet"`
	} `xml:"DataServices>Schema"`
}

// edmType is the EDM type of a property of the document.
func edmType(s *openapi3.Schema) string {
	switch {
	case s.Type.Is("boolean"):
		return "Edm.Boolean"
	case s.Type.Is("integer") && s.Format == "int64":
		return "Edm.Int64"
	case s.Type.Is("integer"):
		return "Edm.Int32"
	case s.Format == "date-time":
		return "Edm.DateTimeOffset"
	case s.Format == "duration":
		return "Edm.Duration"
	}
	return "Edm.String"
}

func TestReportMetadata(t *testing.T) {
	reportSchemas(t)
	doc := reportSpec.doc
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newReportEnv(t, db, historyNow)
		a := e.get(t, "/xapi/v1/$metadata")
		var csdl csdlDoc
		if err := xml.Unmarshal(a.body, &csdl); a.status != 200 || err != nil || len(csdl.Schemas) != 1 {
			t.Fatalf("$metadata: got %d %s (%v)", a.status, clip(string(a.body)), err)
		}
		s := csdl.Schemas[0]
		types := map[string]string{}
		for _, et := range s.EntityTypes {
			var props []string
			for _, p := range et.Properties {
				props = append(props, p.Name+" "+p.Type+" nullable="+p.Nullable)
			}
			var key []string
			for _, k := range et.Key {
				key = append(key, k.Name)
			}
			types[et.Name] = "key " + strings.Join(key, ",") + ": " + strings.Join(props, ", ")
		}
		for name, key := range map[string]string{"CallDistribution": "DateTimeInterval", "AgentLoginHistory": "QueueNo,AgentNo,Day",
			"ExtensionStatistics": "Dn", "CallHistoryView": "SegmentId"} {
			schema := doc.Components.Schemas["Pbx."+name].Value
			var want []string
			for _, p := range strings.Split(types[name][strings.Index(types[name], ": ")+2:], ", ") {
				prop := schema.Properties[strings.Fields(p)[0]]
				if prop == nil {
					t.Errorf("%s: $metadata has %s, which Pbx.%s has not", name, p, name)
					continue
				}
				want = append(want, strings.Fields(p)[0]+" "+edmType(prop.Value)+" nullable="+map[bool]string{true: "true", false: "false"}[prop.Value.Nullable])
			}
			if got := types[name]; len(want) != len(schema.Properties) || got != "key "+key+": "+strings.Join(want, ", ") {
				t.Errorf("$metadata: Pbx.%s:\ngot  %s\nwant key %s: %s (%d properties)", name, got, key, strings.Join(want, ", "), len(schema.Properties))
			}
		}
		functions := map[string]string{}
		for _, f := range s.Functions {
			var params []string
			for _, p := range f.Params[1:] { // after bindingParameter
				params = append(params, p.Name)
			}
			functions[f.Name] = strings.Join(params, ",")
		}
		for path, item := range doc.Paths.Map() {
			for _, op := range []string{"GetCallDistribution", "DownloadGetGetCallDistribution", "GetAgentLoginHistoryData",
				"DownloadAgentLoginHistory", "GetExtensionStatisticsData", "DownloadExtensionStatistics", "DownloadCallHistory"} {
				if item.Get == nil || item.Get.OperationID != op {
					continue
				}
				var params []string
				for _, p := range item.Get.Parameters {
					if p.Value.In == "path" {
						params = append(params, p.Value.Name)
					}
				}
				if got, ok := functions[op]; !ok || got != strings.Join(params, ",") {
					t.Errorf("$metadata: function %s (%s): got parameters %q (present: %v), want %q", op, path, got, ok, strings.Join(params, ","))
				}
			}
		}
		sets := map[string]string{}
		for _, set := range s.Sets {
			sets[set.Name] = set.EntityType
		}
		for set, entity := range map[string]string{"ReportCallDistribution": "Pbx.CallDistribution", "ReportAgentLoginHistory": "Pbx.AgentLoginHistory",
			"ReportExtensionStatistics": "Pbx.ExtensionStatistics", "CallHistoryView": "Pbx.CallHistoryView"} {
			if sets[set] != entity {
				t.Errorf("$metadata: entity set %s: got %q, want %s", set, sets[set], entity)
			}
		}
	})
}
