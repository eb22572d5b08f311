package cention_test

import (
	"net/http"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

func TestLogioFormats(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv, tenant, key := mustSetup(t, db, "acme")
		mustIngest(t, db, tenant,
			session("sysadmin", activity.Logout, unixMilli(1554108462, 0)),
			session("tester1", activity.Logout, unixMilli(1554108529, 0)),
			session("tester1", activity.Login, unixMilli(1554108530, 750)))
		mustIngest(t, db, tenant,
			session("doe, john", activity.Login, unixMilli(1554108600, 0)),
			session(`say "hi"`, activity.Login, unixMilli(1554108601, 0)),
			session("line\nbreak", activity.Logout, unixMilli(1554108602, 0)),
			session("plain", activity.Logout, unixMilli(1554108603, 0)))
		small := period(1554108000, 1554108599)
		quoting := period(1554108600, 1554108699)
		empty := period(1554109000, 1554109999)
		const smallCSV = "1,sysadmin,1554108462,Logout\n" +
			"2,tester1,1554108529,Logout\n" +
			"3,tester1,1554108530,Login\n"
		servertest.Run(t, srv, []servertest.Scenario{
			csvOK("csv by default: no header, \\n after every record, whole seconds", logio("acme", small...), key, smallCSV),
			csvOK("format=csv", logio("acme", with(small, "format=csv")...), key, smallCSV),
			jsonOK("format=json: one array, no line breaks", logio("acme", with(small, "format=json")...), key,
				`[{"id":1,"name":"sysadmin","timestamp":1554108462,"action":"Logout"},`+
					`{"id":2,"name":"tester1","timestamp":1554108529,"action":"Logout"},`+
					`{"id":3,"name":"tester1","timestamp":1554108530,"action":"Login"}]`),
			bad("an unknown format", logio("acme", with(small, "format=xml")...), key, http.StatusBadRequest, "format"),
			bad("formats are lower-case", logio("acme", with(small, "format=CSV")...), key, http.StatusBadRequest, "format"),
			bad("an empty format is not a format", logio("acme", with(small, "format=")...), key, http.StatusBadRequest, "format"),

			// name: one agent, exact match; ids restart at 1 in every answer.
			csvOK("name: one agent, ids from 1", logio("acme", with(small, "name=tester1")...), key,
				"1,tester1,1554108529,Logout\n2,tester1,1554108530,Login\n"),
			jsonOK("name in json, ids from 1", logio("acme", with(small, "name=tester1", "format=json")...), key,
				`[{"id":1,"name":"tester1","timestamp":1554108529,"action":"Logout"},{"id":2,"name":"tester1","timestamp":1554108530,"action":"Login"}]`),
			csvOK("an unknown name: empty csv", logio("acme", with(small, "name=nobody")...), key, ""),
			jsonOK("an unknown name: json []", logio("acme", with(small, "name=nobody", "format=json")...), key, "[]"),
			csvOK("name is case-sensitive", logio("acme", with(small, "name=Tester1")...), key, ""),
			csvOK("name is not a prefix", logio("acme", with(small, "name=tester")...), key, ""),
			csvOK("name with a comma", logio("acme", with(quoting, "name=doe%2C%20john")...), key, "1,\"doe, john\",1554108600,Login\n"),

			// RFC 4180 quoting, only where needed.
			csvOK("quoting of comma, quote and line break", logio("acme", quoting...), key,
				"1,\"doe, john\",1554108600,Login\n"+
					"2,\"say \"\"hi\"\"\",1554108601,Login\n"+
					"3,\"line\nbreak\",1554108602,Logout\n"+
					"4,plain,1554108603,Logout\n"),
			jsonOK("the same names in json", logio("acme", with(quoting, "format=json")...), key,
				`[{"id":1,"name":"doe, john","timestamp":1554108600,"action":"Login"},`+
					`{"id":2,"name":"say \"hi\"","timestamp":1554108601,"action":"Login"},`+
					`{"id":3,"name":"line\nbreak","timestamp":1554108602,"action":"Logout"},`+
					`{"id":4,"name":"plain","timestamp":1554108603,"action":"Logout"}]`),

			csvOK("no records: an empty csv body", logio("acme", empty...), key, ""),
			jsonOK("no records: json []", logio("acme", with(empty, "format=json")...), key, "[]"),

			// Errors are JSON whatever format asked for.
			bad("a parameter error with format=csv is JSON", logio("acme", "from=abc", "format=csv"), key, http.StatusBadRequest, "from"),
			bad("an auth error with format=csv is JSON", logio("acme", with(small, "format=csv")...), nil, http.StatusUnauthorized),
			bad("a workspace error with format=csv is JSON", logio("other", with(small, "format=csv")...), key, http.StatusForbidden),
		})
	})
}
