package server

// Which hostile query values a route must refuse: those that break the
// schema /api/v1's OpenAPI document gives the parameter (a number out of
// range or no number, a value outside an enum or a pattern, no time, no
// zone), and, for the vendor APIs, what their READMEs promise to refuse.
// Other parameters a route does not read; it may ignore them.

import (
	"encoding/json"
	"math"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
)

// paramSchema is what the OpenAPI document says of one query parameter.
type paramSchema struct {
	Type     string   `json:"type"`
	Enum     []string `json:"enum"`
	Pattern  string   `json:"pattern"`
	Minimum  *float64 `json:"minimum"`
	Maximum  *float64 `json:"maximum"`
	isTime   bool     // from, to: a date or a timestamp
	isZoneID bool     // tz: an IANA zone
}

// documentedParams reads the query parameters of every /api/v1 operation,
// by route pattern and name.
func documentedParams(t *testing.T) map[string]map[string]paramSchema {
	t.Helper()
	raw, err := os.ReadFile("../api/openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	type param struct {
		Ref    string      `json:"$ref"`
		Name   string      `json:"name"`
		In     string      `json:"in"`
		Schema paramSchema `json:"schema"`
	}
	var doc struct {
		Paths      map[string]map[string]json.RawMessage `json:"paths"`
		Components struct {
			Parameters map[string]param `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]paramSchema{}
	for path, ops := range doc.Paths {
		for method, op := range ops {
			var o struct {
				Parameters []param `json:"parameters"`
			}
			if json.Unmarshal(op, &o) != nil {
				continue
			}
			params := map[string]paramSchema{}
			for _, p := range o.Parameters {
				if p.Ref != "" {
					p = doc.Components.Parameters[p.Ref[strings.LastIndex(p.Ref, "/")+1:]]
				}
				if p.In != "query" {
					continue
				}
				p.Schema.isTime = p.Name == "from" || p.Name == "to"
				p.Schema.isZoneID = p.Name == "tz"
				params[p.Name] = p.Schema
			}
			out[strings.ToUpper(method)+" "+path] = params
		}
	}
	return out
}

// compatParams are the query parameters of the vendor APIs that refuse
// what is not valid, as their READMEs state.
var compatParams = map[string]map[string]paramSchema{
	"GET /stats/user-statuses": {"from": {isTime: true}, "to": {isTime: true}},
	"GET /s/{workspace}/capi/custom/logio": {
		"from": {Type: "integer", Minimum: ptr(0)}, "to": {Type: "integer", Minimum: ptr(0)},
	},
	"GET /xapi/v1/CallHistoryView": {"$top": {Type: "integer", Minimum: ptr(0)}, "$skip": {Type: "integer", Minimum: ptr(0)},
		"$expand": {Enum: []string{}}},
}

func ptr(f float64) *float64 { return &f }

// mustRefuse reports whether a route must answer a 4xx to value in param.
// An empty value counts as absent.
func mustRefuse(s paramSchema, value string) bool {
	if value == "" {
		return false
	}
	switch {
	case s.isTime:
		_, ok := activity.ParseTime(value)
		return !ok
	case s.isZoneID:
		_, err := time.LoadLocation(value)
		return err != nil || value == "Local"
	case s.Enum != nil:
		return !slices.Contains(s.Enum, value)
	case s.Pattern != "":
		return !regexp.MustCompile(s.Pattern).MatchString(value)
	case s.Type == "integer" || s.Type == "number":
		f, err := strconv.ParseFloat(value, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || (s.Type == "integer" && f != math.Trunc(f)) {
			return true
		}
		return (s.Minimum != nil && f < *s.Minimum) || (s.Maximum != nil && f > *s.Maximum)
	}
	return false
}

// refusedParam names the first parameter of a query that c's route must
// refuse, or "".
func refusedParam(c routeCase, query string, params map[string]map[string]paramSchema) string {
	q, _ := url.ParseQuery(query)
	schemas := params[c.pattern]
	if schemas == nil {
		schemas = compatParams[c.pattern]
	}
	for name, s := range schemas {
		if v := q.Get(name); q.Has(name) && mustRefuse(s, v) {
			return name + "=" + clipString(v)
		}
	}
	return ""
}
