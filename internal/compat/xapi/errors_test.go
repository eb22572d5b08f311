package xapi_test

// Malformed calls: every one is an OData error (validated against the
// vendor's schema) whose message or target names what is wrong.

import (
	"net/http"
	"strings"
	"testing"

	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// errorBase is the call the cases spoil, as 3CX's client encodes it.
var errorBase = query{zone: "Europe/Berlin", from: "2025-03-13T23:00:00.000Z", to: "2025-03-14T23:00:00.000Z",
	wait: "0:00:00", queueCalls: true}

// params splits errorBase's function call into its parameters, as sent.
func params() [][2]string {
	seg := strings.TrimSuffix(strings.SplitN(errorBase.target("GetUserActivity", ""), "(", 2)[1], ")")
	var out [][2]string
	for _, p := range strings.Split(seg, ",") {
		name, value, _ := strings.Cut(p, "=")
		out = append(out, [2]string{name, value})
	}
	return out
}

// call writes a GetUserActivity call with these parameters.
func call(ps [][2]string) string {
	list := make([]string, len(ps))
	for i, p := range ps {
		list[i] = p[0] + "=" + p[1]
	}
	return "/xapi/v1/ReportUserActivity/Pbx.GetUserActivity(" + strings.Join(list, ",") + ")"
}

// with replaces the value of one parameter.
func with(name, value string) string {
	ps := params()
	for i := range ps {
		if ps[i][0] == name {
			ps[i][1] = value
		}
	}
	return call(ps)
}

// namesIt checks an OData error that names name (or one of "a|b") in its
// message or target.
func namesIt(name string) func(*testing.T, []byte, http.Header) {
	return func(t *testing.T, body []byte, _ http.Header) {
		t.Helper()
		_, oe := specSchemas(t)
		if err := validateJSON(oe, body); err != nil {
			t.Errorf("body %s is not a Pbx.ODataErrors.ODataError: %v", clip(string(body)), err)
		}
		_, msg, target := odataError(t, body)
		for _, n := range strings.Split(name, "|") {
			if strings.Contains(msg, n) || target == n {
				return
			}
		}
		t.Errorf("error: got message %q and target %q, want one of them to name %s", msg, target, name)
	}
}

func TestMalformedParameters(t *testing.T) {
	type c struct{ name, path, names string }
	var cases []c
	for i, p := range params() {
		ps := params()
		cases = append(cases,
			c{"missing " + p[0], call(append(ps[:i:i], ps[i+1:]...)), p[0]},
			c{"duplicated " + p[0], call(append(params(), p)), p[0]})
	}
	cases = append(cases,
		c{"duplicated with another value", call(append(params(), [2]string{"callArea", "1"})), "callArea"},
		c{"unknown", call(append(params(), [2]string{"colour", "'red'"})), "colour"},
		c{"unknown instead of a known one", strings.Replace(with("groupNumber", "''"), "groupNumber=", "groupNr=", 1), "groupNr|groupNumber"},
		c{"a zone without quotes", with("clientTimeZone", "Europe%2FBerlin"), "clientTimeZone"},
		c{"periodFrom in quotes", with("periodFrom", "'2025-03-13T23%3A00%3A00.000Z'"), "periodFrom"},
		c{"periodTo as a boolean", with("periodTo", "true"), "periodTo"},
		c{"groupNumber as an integer", with("groupNumber", "10"), "groupNumber"},
		c{"extensionDns as an integer", with("extensionDns", "101"), "extensionDns"},
		c{"groupNumber not closed", with("groupNumber", "'10"), "groupNumber"},
		c{"waitInterval without quotes", with("waitInterval", "0%3A00%3A30"), "waitInterval"},
		c{"includeQueueCalls as 1", with("includeQueueCalls", "1"), "includeQueueCalls"},
		c{"includeQueueCalls in quotes", with("includeQueueCalls", "'true'"), "includeQueueCalls"},
		c{"callArea in quotes", with("callArea", "'0'"), "callArea"},
		c{"callArea as a decimal", with("callArea", "0.5"), "callArea"},
		c{"callArea 3", with("callArea", "3"), "callArea"},
		c{"callArea -1", with("callArea", "-1"), "callArea"},
		c{"groupingType 4", with("groupingType", "4"), "groupingType"},
		c{"groupingType as a word", with("groupingType", "hour"), "groupingType"},
		c{"an unknown zone", with("clientTimeZone", "'Mars%2FBase'"), "clientTimeZone"},
		c{"an empty zone", with("clientTimeZone", "''"), "clientTimeZone"},
		c{"a null zone", with("clientTimeZone", "null"), "clientTimeZone"},
		c{"an offset beyond 24 hours", with("clientTimeZone", "'%2B25%3A00'"), "clientTimeZone"},
		c{"a TimeSpan that is a word", with("waitInterval", "'soon'"), "waitInterval"},
		c{"a TimeSpan of 60 minutes", with("waitInterval", "'0%3A60%3A00'"), "waitInterval"},
		c{"a TimeSpan of seconds alone", with("waitInterval", "'30'"), "waitInterval"},
		c{"a TimeSpan of minutes and seconds", with("waitInterval", "'1%3A30'"), "waitInterval"},
		c{"a DateTimeOffset of month 13", with("periodFrom", "2025-13-01T00%3A00%3A00Z"), "periodFrom"},
		c{"a DateTimeOffset of 30 February", with("periodFrom", "2025-02-30T00%3A00%3A00Z"), "periodFrom"},
		c{"a DateTimeOffset without offset", with("periodFrom", "2025-03-13T23%3A00%3A00"), "periodFrom"},
		c{"a date without time", with("periodTo", "2025-03-14"), "periodTo"},
		c{"a DateTimeOffset at hour 24", with("periodTo", "2025-03-14T24%3A00%3A00Z"), "periodTo"},
		c{"periodTo before periodFrom", with("periodTo", "2025-03-13T22%3A59%3A59.999Z"), "periodTo"},
	)
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		bearer := map[string]string{"Authorization": "Bearer " + e.token}
		var table []servertest.Scenario
		for _, c := range cases {
			table = append(table, servertest.Scenario{Name: c.name, Path: c.path, Headers: bearer,
				Status: http.StatusBadRequest, ContentType: "application/json", Check: namesIt(c.names)})
		}
		servertest.Run(t, e.srv, table)
		// the base call itself is fine
		if a := e.get(t, call(params()), e.token); a.status != 200 {
			t.Errorf("the unspoilt call: got %d %s, want 200", a.status, a.body)
		}
	})
}

func TestUnknownFunctionsAndOptions(t *testing.T) {
	good := call(params())
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		bearer := map[string]string{"Authorization": "Bearer " + e.token}
		sc := func(name, path string, status int, names string) servertest.Scenario {
			return servertest.Scenario{Name: name, Path: path, Headers: bearer, Status: status,
				ContentType: "application/json", Check: namesIt(names)}
		}
		inSet := strings.Replace(good, "Pbx.GetUserActivity(", "Pbx.GetUserActivities(", 1)
		otherSet := strings.Replace(good, "ReportUserActivity/Pbx.GetUserActivity(", "ReportNothing/Pbx.GetNothing(", 1)
		servertest.Run(t, e.srv, []servertest.Scenario{
			sc("an unknown function", inSet, http.StatusNotFound, "GetUserActivities"),
			sc("a function in the wrong case", strings.Replace(good, "GetUserActivity", "getuseractivity", 1), http.StatusNotFound, "getuseractivity"),
			// contract, Errors: "404 (unknown function or entity set)", as an OData error
			sc("an unknown entity set", otherSet, http.StatusNotFound, "ReportNothing"),
			sc("$top=-1", good+"?$top=-1", http.StatusBadRequest, "$top"),
			sc("%24top=-1", good+"?%24top=-1", http.StatusBadRequest, "$top"),
			sc("$top=x", good+"?$top=x", http.StatusBadRequest, "$top"),
			sc("$skip=-5", good+"?$skip=-5", http.StatusBadRequest, "$skip"),
			sc("$expand=x", good+"?$expand=x", http.StatusBadRequest, "$expand"),
			sc("%24expand=x", good+"?%24expand=x", http.StatusBadRequest, "$expand"),
			sc("$foo=1", good+"?$foo=1", http.StatusBadRequest, "$foo"),
			sc("$filter on an unknown property", good+"?$filter=Foo+eq+1", http.StatusBadRequest, "$filter"),
			sc("$filter naming the unknown property", good+"?%24filter=Foo%20eq%201", http.StatusBadRequest, "Foo"),
			sc("$filter with a type mismatch", good+"?$filter=AnsweredCount+eq+'a'", http.StatusBadRequest, "$filter"),
			sc("$filter with a syntax error", good+"?$filter=AnsweredCount+eq", http.StatusBadRequest, "$filter"),
			sc("$select of an unknown property", good+"?$select=Foo", http.StatusBadRequest, "$select"),
			sc("$orderby of an unknown property", good+"?$orderby=Foo+desc", http.StatusBadRequest, "$orderby"),
			sc("$count=maybe", good+"?$count=maybe", http.StatusBadRequest, "$count"),
		})
	})
}
