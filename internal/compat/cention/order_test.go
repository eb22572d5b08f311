package cention_test

import (
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// TestLogioOrder requires records in timestamp (whole second) order, and
// the records of one second in ingestion order even where their
// milliseconds say otherwise.
func TestLogioOrder(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv, tenant, key := mustSetup(t, db, "acme")
		const s = 1554108700
		mustIngest(t, db, tenant, session("z", activity.Login, unixMilli(s+1, 0)))    // a later second, ingested first
		mustIngest(t, db, tenant, session("y", activity.Logout, unixMilli(s, 900)))   // ingested before x
		mustIngest(t, db, tenant, session("x", activity.Login, unixMilli(s, 100)))    // an earlier millisecond
		mustIngest(t, db, tenant, session("w", activity.Logout, unixMilli(s-1, 999))) // an earlier second, ingested last
		mustIngest(t, db, tenant,                                                     // one batch, one second:
			session("p", activity.Login, unixMilli(s+10, 800)), // its own order, p then q
			session("q", activity.Logout, unixMilli(s+10, 200)))
		servertest.Run(t, srv, []servertest.Scenario{
			csvOK("by second, ties in ingestion order", logio("acme", period(s-1, s+1)...), key,
				"1,w,1554108699,Logout\n2,y,1554108700,Logout\n3,x,1554108700,Login\n4,z,1554108701,Login\n"),
			jsonOK("the same order in json", logio("acme", with(period(s-1, s+1), "format=json")...), key,
				`[{"id":1,"name":"w","timestamp":1554108699,"action":"Logout"},`+
					`{"id":2,"name":"y","timestamp":1554108700,"action":"Logout"},`+
					`{"id":3,"name":"x","timestamp":1554108700,"action":"Login"},`+
					`{"id":4,"name":"z","timestamp":1554108701,"action":"Login"}]`),
			csvOK("ties within one batch", logio("acme", period(s+10, s+10)...), key,
				"1,p,1554108710,Login\n2,q,1554108710,Logout\n"),
		})
	})
}
