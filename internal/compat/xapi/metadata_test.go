package xapi_test

// GET /xapi/v1/$metadata and Pbx.DownloadGetUserActivity.

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// edmx is the part of a CSDL document the tests read.
type edmx struct {
	XMLName      xml.Name `xml:"http://docs.oasis-open.org/odata/ns/edmx Edmx"`
	Version      string   `xml:"Version,attr"`
	DataServices struct {
		Schemas []struct {
			XMLName     xml.Name `xml:"http://docs.oasis-open.org/odata/ns/edm Schema"`
			Namespace   string   `xml:"Namespace,attr"`
			EntityTypes []struct {
				Name       string `xml:"Name,attr"`
				Properties []struct {
					Name string `xml:"Name,attr"`
					Type string `xml:"Type,attr"`
				} `xml:"Property"`
			} `xml:"EntityType"`
			Functions []struct {
				Name       string `xml:"Name,attr"`
				Parameters []struct {
					Name string `xml:"Name,attr"`
				} `xml:"Parameter"`
				ReturnType struct {
					Type string `xml:"Type,attr"`
				} `xml:"ReturnType"`
			} `xml:"Function"`
		} `xml:"Schema"`
	} `xml:"http://docs.oasis-open.org/odata/ns/edmx DataServices"`
}

func TestMetadata(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		const path = "/xapi/v1/$metadata"
		for _, c := range []struct {
			what, bearer string
			status       int
		}{
			{"no token", "", 401},
			{"a bad token", "alt_x.y", 401},
			{"a key without reports:read", storetest.MustKey(t, db, e.tenant, activity.ScopeCallsRead), 403},
		} {
			if a := e.get(t, path, c.bearer); a.status != c.status { // get validates the OData error
				t.Errorf("%s: got %d %s, want %d", c.what, a.status, a.body, c.status)
			}
		}
		a := e.get(t, path, e.token)
		if ct := a.header.Get("Content-Type"); a.status != 200 || !strings.HasPrefix(ct, "application/xml") {
			t.Fatalf("$metadata: got %d %q, want 200 application/xml", a.status, ct)
		}
		var doc edmx
		if err := xml.Unmarshal(a.body, &doc); err != nil {
			t.Fatalf("$metadata: got %s, want a CSDL document: %v", clip(string(a.body)), err)
		}
		found := map[string]string{} // qualified name → what the document says of it
		for _, s := range doc.DataServices.Schemas {
			for _, et := range s.EntityTypes {
				var props []string
				for _, p := range et.Properties {
					props = append(props, p.Name+" "+p.Type)
				}
				found[s.Namespace+"."+et.Name] = strings.Join(props, ", ")
			}
			for _, f := range s.Functions {
				var params []string
				for _, p := range f.Parameters {
					params = append(params, p.Name)
				}
				found[s.Namespace+"."+f.Name] = strings.Join(params, ",") + " → " + f.ReturnType.Type
			}
		}
		nine := "clientTimeZone,periodFrom,periodTo,groupNumber,extensionDns,waitInterval,includeQueueCalls,callArea,groupingType"
		for name, want := range map[string]string{
			"Pbx.UserActivity":            "DateTimeInterval Edm.DateTimeOffset, AnsweredCount Edm.Int32, UnansweredCount Edm.Int32",
			"Pbx.GetUserActivity":         "Collection(Pbx.UserActivity)",
			"Pbx.DownloadGetUserActivity": "",
		} {
			got, ok := found[name]
			if !ok || !strings.Contains(got, want) {
				t.Errorf("$metadata: %s: got %q (present: %v), want it described with %q", name, got, ok, want)
			}
			if strings.Contains(name, "Get") && !strings.Contains(got, nine) {
				t.Errorf("$metadata: %s: got parameters %q, want the nine %s", name, got, nine)
			}
		}
	})
}

// csvRows reads a CSV answer into rows of the JSON answer's form.
func csvRows(t *testing.T, a answer) []map[string]any {
	t.Helper()
	if ct := a.header.Get("Content-Type"); a.status != 200 || !strings.HasPrefix(ct, "text/csv") {
		t.Fatalf("download: got %d %q %s, want 200 text/csv", a.status, ct, clip(string(a.body)))
	}
	records, err := csv.NewReader(strings.NewReader(string(a.body))).ReadAll()
	if err != nil || len(records) == 0 {
		t.Fatalf("download: got %q, want CSV: %v", clip(string(a.body)), err)
	}
	if got := strings.Join(records[0], ","); got != "DateTimeInterval,AnsweredCount,UnansweredCount" {
		t.Fatalf("download: header: got %q, want %q", got, "DateTimeInterval,AnsweredCount,UnansweredCount")
	}
	rows := []map[string]any{}
	for _, r := range records[1:] {
		var answered, unanswered float64
		if _, err := fmt.Sscan(r[1]+" "+r[2], &answered, &unanswered); err != nil {
			t.Fatalf("download: row %q: %v", r, err)
		}
		rows = append(rows, map[string]any{"DateTimeInterval": r[0], "AnsweredCount": answered, "UnansweredCount": unanswered})
	}
	return rows
}

func TestDownloadGetUserActivity(t *testing.T) {
	calls := append(handCalls(), spreadCalls(9, mustTime("2025-10-25T22:00:00Z"), mustTime("2025-10-26T23:00:00Z"), 150)...)
	base := dayQuery("Europe/Berlin", "2025-10-25T22:00:00.000Z", "2025-10-26T23:00:00.000Z")
	queries := []struct {
		q       query
		options string
	}{
		{base, ""},
		{base, "?$count=true"},
		{base, "?$orderby=DateTimeInterval+desc&$top=3"},
		{query{zone: "Europe/Berlin", from: base.from, to: base.to, group: "10", exts: "101 102", wait: "0:00:30", area: 2}, ""},
		{dayQuery("+08:00", "2025-05-01T00:00:00+08:00", "2025-06-01T00:00:00+08:00"), ""},
	}
	queries[0].q.grouping, queries[1].q.grouping, queries[2].q.grouping = 0, 0, 0
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.ingest(t, calls)
		for _, c := range queries {
			what := c.q.target("DownloadGetUserActivity", c.options)
			got := csvRows(t, send(t, e.srv, "GET", what, [][2]string{{"Authorization", "Bearer " + e.token}}, nil))
			var page struct{ Value []map[string]any }
			if err := json.Unmarshal(e.get(t, c.q.target("GetUserActivity", c.options), e.token).body, &page); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, page.Value) {
				t.Errorf("%s:\ngot  %v\nwant %v (GetUserActivity's rows)", what, got, page.Value)
			}
			if c.options == "" {
				want := render(c.q.expect(calls))
				wantJSON, _ := json.Marshal(want)
				gotJSON, _ := json.Marshal(got)
				if string(gotJSON) != string(wantJSON) {
					t.Errorf("%s:\ngot  %s\nwant %s", what, clip(string(gotJSON)), clip(string(wantJSON)))
				}
			}
		}
	})
}
