package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
)

func TestOpenAPIMatchesServer(t *testing.T) {
	cl, db, tenant, keys := startServer(t)
	ctx := context.Background()
	ingest, admin := keys[activity.ScopeIngest], keys[activity.ScopeAdmin]
	statuses, sessions, calls := keys[activity.ScopeStatusesRead], keys[activity.ScopeSessionsRead], keys[activity.ScopeCallsRead]
	reports := keys[activity.ScopeReportsRead]
	const u1 = "0d00ae63-5b5d-45b9-a7c0-88f9cfb26b5e"
	tooManyItems := "[" + strings.Repeat("{},", 50_000) + "{}]"
	tooBigObject := `{"login":"` + strings.Repeat("x", 70<<10) + `"}`

	t.Run("status events", func(t *testing.T) {
		batch := `[{"id":"e-1","userId":"` + u1 + `","status":"Customer visit","time":"2023-07-19T12:58:19.282Z"},
			{"login":"ann","status":"Available","time":"2023-07-19T15:00:00+02:00"},
			{"login":"ann","status":"","time":"2023-07-19"}]`
		got := decode[ingestAnswer](t, cl.send(t, 200, "POST", "/api/v1/status-events", ingest, "", batch).body)
		if got != (ingestAnswer{Received: 3, New: 3, Known: 0, UsersCreated: 2}) {
			t.Errorf("first batch: %+v", got)
		}
		got = decode[ingestAnswer](t, cl.send(t, 200, "POST", "/api/v1/status-events", ingest, "application/json; charset=utf-8", batch).body)
		if got != (ingestAnswer{Received: 3, New: 0, Known: 3}) {
			t.Errorf("the same batch again: %+v, want all known", got)
		}
		ndjson := `{"login":"bob","status":"Break","time":"2023-07-19T14:00:00Z"}` + "\n\n" +
			`{"userId":"` + strings.ToUpper(u1) + `","status":"Customer visit","time":"2023-07-19T15:00:00.5Z"}` + "\n"
		got = decode[ingestAnswer](t, cl.send(t, 200, "POST", "/api/v1/status-events", ingest, "application/x-ndjson", ndjson).body)
		if got != (ingestAnswer{Received: 2, New: 2, UsersCreated: 1}) {
			t.Errorf("NDJSON: %+v", got)
		}
		cl.send(t, 200, "POST", "/api/v1/status-events", ingest, "", "[]")

		bad := `[{"login":"zed","status":"x","time":"2023-07-19T10:00:00Z"},{"login":"zed","status":"x","time":"x"}]`
		e := decode[map[string]string](t, cl.send(t, 400, "POST", "/api/v1/status-events", ingest, "", bad).body)
		if !strings.HasPrefix(e["error"], "item 1: ") {
			t.Errorf("the error %q does not name item 1", e["error"])
		}
		cl.send(t, 400, "POST", "/api/v1/status-events", ingest, "", `[{"login":"a","status":"x","time":"2023-07-19","colour":"red"}]`)
		cl.send(t, 400, "POST", "/api/v1/status-events", ingest, "", `[{"login":"a","time":"2023-07-19"}]`)
		cl.send(t, 400, "POST", "/api/v1/status-events", ingest, "", `{"login":"a"}`)
		cl.send(t, 413, "POST", "/api/v1/status-events", ingest, "", tooManyItems)
		if p := decode[page](t, cl.send(t, 200, "GET", "/api/v1/status-events?status=x", statuses, "", "").body); len(p.Items) != 0 {
			t.Errorf("a refused batch left %v", p.Items)
		}

		// Paging: 5 events in pages of 2, and a full page of 5 followed by an
		// empty one.
		var all []map[string]any
		path := "/api/v1/status-events?limit=2"
		for pages := 0; ; pages++ {
			p := decode[page](t, cl.send(t, 200, "GET", path, statuses, "", "").body)
			all = append(all, p.Items...)
			if p.NextCursor == nil || pages > 5 {
				break
			}
			path = "/api/v1/status-events?limit=2&cursor=" + *p.NextCursor
		}
		if len(all) != 5 {
			t.Errorf("paging gave %d events, want 5", len(all))
		}
		full := decode[page](t, cl.send(t, 200, "GET", "/api/v1/status-events?limit=5", statuses, "", "").body)
		if full.NextCursor == nil {
			t.Fatal("a full page has no nextCursor")
		}
		if p := decode[page](t, cl.send(t, 200, "GET", "/api/v1/status-events?limit=5&cursor="+*full.NextCursor, statuses, "", "").body); len(p.Items) != 0 || p.NextCursor != nil {
			t.Errorf("after the last full page: %+v", p)
		}
		// A listed event can be sent again as it is.
		item, _ := json.Marshal(all[:1])
		cl.send(t, 200, "POST", "/api/v1/status-events", ingest, "", string(item))

		for query, n := range map[string]int{
			"from=2023-07-19T12:00:00Z&to=2023-07-20&userIds=" + u1: 2,
			"userIds=" + u1 + "&userIds=" + u1:                      2,
			"status=":                                               1,
			"status=Customer%20visit&status=Break":                  3,
			"from=2023-07-19&to=2023-07-19":                         0,
		} {
			if p := decode[page](t, cl.send(t, 200, "GET", "/api/v1/status-events?"+query, statuses, "", "").body); len(p.Items) != n {
				t.Errorf("?%s gave %d events, want %d", query, len(p.Items), n)
			}
		}
		for _, query := range []string{"limit=0", "limit=1001", "limit=ten", "from=yesterday", "to=2023-07-19T10:00:00",
			"from=2023-07-20&to=2023-07-19", "cursor=!!", "userIds=nope", "userIds=" + u1 + ",nope"} {
			cl.send(t, 400, "GET", "/api/v1/status-events?"+query, statuses, "", "")
		}
	})

	t.Run("session events", func(t *testing.T) {
		batch := `[{"id":"s-1","login":"sysadmin","action":"login","time":"2019-04-01T08:47:42Z","queue":"800"},
			{"login":"sysadmin","action":"logout","time":"2019-04-01T17:02:10+02:00"}]`
		got := decode[ingestAnswer](t, cl.send(t, 200, "POST", "/api/v1/session-events", ingest, "", batch).body)
		if got != (ingestAnswer{Received: 2, New: 2, UsersCreated: 1}) {
			t.Errorf("%+v", got)
		}
		ndjson := `{"login":"sysadmin","action":"login","time":"2019-04-02T08:00:00Z","queue":"801"}`
		cl.send(t, 200, "POST", "/api/v1/session-events", ingest, "application/x-ndjson", ndjson)
		cl.send(t, 400, "POST", "/api/v1/session-events", ingest, "", `[{"login":"sysadmin","action":"in","time":"2019-04-01"}]`)
		cl.send(t, 400, "POST", "/api/v1/session-events", ingest, "application/x-ndjson", "{\"login\":\"x\"} {}\n")
		cl.send(t, 413, "POST", "/api/v1/session-events", ingest, "", tooManyItems)
		for query, n := range map[string]int{"": 3, "action=login": 2, "queue=800": 1, "queue=": 1, "action=logout&queue=": 1, "limit=1": 1} {
			if p := decode[page](t, cl.send(t, 200, "GET", "/api/v1/session-events?"+query, sessions, "", "").body); len(p.Items) != n {
				t.Errorf("?%s gave %d events, want %d", query, len(p.Items), n)
			}
		}
		for _, query := range []string{"action=sideways", "limit=-1", "from=2019-04-01T08:00", "cursor=MTp4"} {
			cl.send(t, 400, "GET", "/api/v1/session-events?"+query, sessions, "", "")
		}
	})

	t.Run("calls", func(t *testing.T) {
		const c1, incident = "6f1c1f9e-2b47-4c59-9a53-1c2d3e4f5a6b", "7A0B0C0D-1E2F-4A3B-8C4D-5E6F7A8B9C0D"
		call := func(status, updated string) string {
			return `{"id":"` + c1 + `","direction":"inbound","fromNumber":"+15559998888","toNumber":"+15551234567",` +
				`"login":"carol","extension":"101","queue":"800","startedAt":"2024-05-06T07:08:09.123Z",` +
				`"answeredAt":"2024-05-06T07:08:21Z","endedAt":"2024-05-06T07:12:40Z","updatedAt":"` + updated + `",` +
				`"status":"` + status + `","statusMessage":null,"costCents":150,"callData":{"message":"Alert notification"},` +
				`"links":{"incidentId":"` + incident + `","teamId":null,"alertId":""}}`
		}
		bare := `{"direction":"outbound","fromNumber":"101","toNumber":"+15557654321","startedAt":"2024-05-06T08:00:00Z","outcome":"busy"}`
		got := decode[ingestAnswer](t, cl.send(t, 200, "POST", "/api/v1/calls", ingest, "", "["+call("Completed", "2024-05-06T07:13:00Z")+","+bare+"]").body)
		if got.Replaced == nil || got.Received != 2 || got.New != 2 || got.Known != 0 || *got.Replaced != 0 || got.UsersCreated != 1 {
			t.Errorf("first batch: %+v", got)
		}
		got = decode[ingestAnswer](t, cl.send(t, 200, "POST", "/api/v1/calls", ingest, "", "["+call("Transferred", "2024-05-06T07:20:00Z")+"]").body)
		if got.Replaced == nil || *got.Replaced != 1 || got.Known != 1 || got.New != 0 {
			t.Errorf("a newer version: %+v, want it replaced", got)
		}
		got = decode[ingestAnswer](t, cl.send(t, 200, "POST", "/api/v1/calls", ingest, "application/x-ndjson", call("Stale", "2024-05-06T07:14:00Z")+"\n").body)
		if got.Replaced == nil || *got.Replaced != 0 || got.Known != 1 {
			t.Errorf("an older version: %+v, want it kept out", got)
		}
		cl.send(t, 400, "POST", "/api/v1/calls", ingest, "", `[{"direction":"inbound"}]`)
		cl.send(t, 400, "POST", "/api/v1/calls", ingest, "", `[{"direction":"inbound","startedAt":"2024-05-06","links":{"fooId":"`+incident+`"}}]`)
		cl.send(t, 400, "POST", "/api/v1/calls", ingest, "", `[{"direction":"inbound","startedAt":"2024-05-06","outcome":"busy","answeredAt":"2024-05-06T00:00:01Z"}]`)
		cl.send(t, 400, "POST", "/api/v1/calls", ingest, "", `[{"direction":"inbound","startedAt":"2024-05-06","callData":[1]}]`)
		cl.send(t, 413, "POST", "/api/v1/calls", ingest, "", tooManyItems)

		p := decode[page](t, cl.send(t, 200, "GET", "/api/v1/calls", calls, "", "").body)
		if len(p.Items) != 2 || p.NextCursor != nil {
			t.Fatalf("calls: %+v", p)
		}
		first, second := p.Items[0], p.Items[1]
		links, _ := first["links"].(map[string]any)
		if first["status"] != "Transferred" || first["login"] != "carol" || len(links) != 11 || links["incidentId"] != strings.ToLower(incident) {
			t.Errorf("the stored call: %v", first)
		}
		if _, ok := second["userId"]; ok || second["callData"] != nil || second["outcome"] != "busy" {
			t.Errorf("the call without a user: %v", second)
		}
		// A listed call can be sent again as it is.
		again, _ := json.Marshal(p.Items)
		cl.send(t, 200, "POST", "/api/v1/calls", ingest, "", string(again))

		for query, n := range map[string]int{"direction=inbound": 1, "status=Transferred&status=x": 1, "queue=800": 1, "queue=": 1,
			"from=2024-05-06T07:30:00Z": 1, "to=2024-05-06T07:30:00Z": 1, "userIds=" + first["userId"].(string): 1} {
			if p := decode[page](t, cl.send(t, 200, "GET", "/api/v1/calls?"+query, calls, "", "").body); len(p.Items) != n {
				t.Errorf("?%s gave %d calls, want %d", query, len(p.Items), n)
			}
		}
		one := decode[page](t, cl.send(t, 200, "GET", "/api/v1/calls?limit=1", calls, "", "").body)
		if one.NextCursor == nil {
			t.Fatal("a full page of calls has no cursor")
		}
		cl.send(t, 200, "GET", "/api/v1/calls?limit=1&cursor="+*one.NextCursor, calls, "", "")
		events := decode[page](t, cl.send(t, 200, "GET", "/api/v1/status-events?limit=1", statuses, "", "").body)
		for _, query := range []string{"direction=sideways", "cursor=" + *events.NextCursor, "limit=1000000"} {
			cl.send(t, 400, "GET", "/api/v1/calls?"+query, calls, "", "")
		}
	})

	var dave map[string]any
	t.Run("users", func(t *testing.T) {
		list := decode[page](t, cl.send(t, 200, "GET", "/api/v1/users", reports, "", "").body)
		if len(list.Items) != 5 { // ann, bob, u1, sysadmin, carol
			t.Errorf("%d users, want 5", len(list.Items))
		}
		dave = decode[map[string]any](t, cl.send(t, 201, "POST", "/api/v1/users", admin, "",
			`{"login":"dave","name":"Dave","extension":"104","email":"dave@example.com","groups":["support","sales","sales"]}`).body)
		if fmt.Sprint(dave["groups"]) != "[sales support]" {
			t.Errorf("groups %v, want sorted without duplicates", dave["groups"])
		}
		erin := decode[map[string]any](t, cl.send(t, 201, "POST", "/api/v1/users", admin, "", `{"id":"ABCDEF01-2345-4678-89AB-CDEF01234567","login":"erin","email":null,"groups":null}`).body)
		if erin["id"] != "abcdef01-2345-4678-89ab-cdef01234567" || erin["email"] != nil {
			t.Errorf("erin: %v", erin)
		}
		cl.send(t, 409, "POST", "/api/v1/users", admin, "", `{"login":"dave"}`)
		cl.send(t, 409, "POST", "/api/v1/users", admin, "", `{"id":"`+u1+`","login":"someone"}`)
		cl.send(t, 400, "POST", "/api/v1/users", admin, "", `{"login":"frank","colour":1}`)
		cl.send(t, 400, "POST", "/api/v1/users", admin, "", `{"login":" frank"}`)
		cl.send(t, 400, "POST", "/api/v1/users", admin, "", `{"login":"frank","email":"frank"}`)
		cl.send(t, 400, "POST", "/api/v1/users", admin, "", "")
		cl.send(t, 413, "POST", "/api/v1/users", admin, "", tooBigObject)

		id := dave["id"].(string)
		cl.send(t, 200, "GET", "/api/v1/users/"+id, sessions, "", "")
		cl.send(t, 200, "GET", "/api/v1/users/"+strings.ToUpper(id), admin, "", "")
		cl.send(t, 400, "GET", "/api/v1/users/nope", statuses, "", "")
		cl.send(t, 404, "GET", "/api/v1/users/"+activity.NewUUID(), statuses, "", "")

		changed := decode[map[string]any](t, cl.send(t, 200, "PATCH", "/api/v1/users/"+id, admin, "", `{"name":"Dave D","email":null}`).body)
		if changed["name"] != "Dave D" || changed["email"] != nil {
			// openapi.json (UserPatch.email) says that null removes the address.
			t.Errorf("after PATCH with email null: %v", changed)
		}
		if changed = decode[map[string]any](t, cl.send(t, 200, "PATCH", "/api/v1/users/"+id, admin, "", `{"groups":[]}`).body); fmt.Sprint(changed["groups"]) != "[]" {
			t.Errorf("groups after [] %v", changed["groups"])
		}
		cl.send(t, 200, "PATCH", "/api/v1/users/"+id, admin, "", `{}`)
		cl.send(t, 409, "PATCH", "/api/v1/users/"+id, admin, "", `{"login":"ann"}`)
		cl.send(t, 404, "PATCH", "/api/v1/users/"+activity.NewUUID(), admin, "", `{"name":"x"}`)
		cl.send(t, 400, "PATCH", "/api/v1/users/nope", admin, "", `{"name":"x"}`)
		cl.send(t, 400, "PATCH", "/api/v1/users/"+id, admin, "", `{"email":"nope"}`)
		cl.send(t, 400, "PATCH", "/api/v1/users/"+id, admin, "", `{"id":"`+u1+`"}`)
		cl.send(t, 413, "PATCH", "/api/v1/users/"+id, admin, "", tooBigObject)
	})

	t.Run("status definitions", func(t *testing.T) {
		def := decode[map[string]any](t, cl.send(t, 200, "PUT", "/api/v1/status-definitions/Customer%20visit", admin, "", `{"category":"away","color":"#ff8800"}`).body)
		if def["name"] != "Customer visit" {
			t.Errorf("the definition %v", def)
		}
		def = decode[map[string]any](t, cl.send(t, 200, "PUT", "/api/v1/status-definitions/Lunch", admin, "", `{}`).body)
		if def["category"] != "other" || def["color"] != "#888888" {
			t.Errorf("defaults: %v", def)
		}
		cl.send(t, 200, "PUT", "/api/v1/status-definitions/Lunch", admin, "", `{"category":"","color":""}`)
		cl.send(t, 400, "PUT", "/api/v1/status-definitions/Bad", admin, "", `{"category":"sleeping"}`)
		cl.send(t, 400, "PUT", "/api/v1/status-definitions/Bad", admin, "", `{"color":"red"}`)
		cl.send(t, 400, "PUT", "/api/v1/status-definitions/"+strings.Repeat("x", 201), admin, "", `{}`)
		cl.send(t, 400, "PUT", "/api/v1/status-definitions/Bad", admin, "", `{"name":"Bad"}`)
		cl.send(t, 413, "PUT", "/api/v1/status-definitions/Bad", admin, "", tooBigObject)
		if list := decode[page](t, cl.send(t, 200, "GET", "/api/v1/status-definitions", calls, "", "").body); len(list.Items) != 2 {
			t.Errorf("%d definitions, want 2", len(list.Items))
		}
		cl.send(t, 204, "DELETE", "/api/v1/status-definitions/Lunch", admin, "", "")
		cl.send(t, 404, "DELETE", "/api/v1/status-definitions/Lunch", admin, "", "")
	})

	t.Run("keys", func(t *testing.T) {
		other := activity.Tenant{Slug: "other"}
		if err := db.CreateTenant(ctx, &other); err != nil {
			t.Fatal(err)
		}
		otherID, _, _ := auth.SplitKey(mintKey(t, db, other.ID, activity.ScopeAdmin, 0))
		mintKey(t, db, tenant.ID, activity.ScopeIngest, time.Hour)

		created := decode[map[string]any](t, cl.send(t, 201, "POST", "/api/v1/keys", admin, "", `{"name":"collector","scopes":["ingest","ingest"],"expires":"30d"}`).body)
		whole, _ := created["key"].(string)
		if fmt.Sprint(created["scopes"]) != "[ingest]" || created["expiresAt"] == nil {
			t.Errorf("the new key: %v", created)
		}
		cl.send(t, 200, "POST", "/api/v1/status-events", whole, "", "[]")
		cl.send(t, 201, "POST", "/api/v1/keys", keys[activity.ScopeAll], "", `{"scopes":["statuses:read","calls:read"],"expires":"90m"}`)
		cl.send(t, 201, "POST", "/api/v1/keys", admin, "", `{"scopes":["*"]}`)
		cl.send(t, 400, "POST", "/api/v1/keys", admin, "", `{"scopes":["root"]}`)
		cl.send(t, 400, "POST", "/api/v1/keys", admin, "", `{"scopes":[]}`)
		cl.send(t, 400, "POST", "/api/v1/keys", admin, "", `{"scopes":["ingest"],"expires":"soon"}`)
		cl.send(t, 400, "POST", "/api/v1/keys", admin, "", `{"scopes":["ingest"],"expires":"-3d"}`)
		cl.send(t, 413, "POST", "/api/v1/keys", admin, "", tooBigObject)

		cl.send(t, 204, "DELETE", "/api/v1/keys/"+created["id"].(string), admin, "", "")
		cl.send(t, 204, "DELETE", "/api/v1/keys/"+created["id"].(string), admin, "", "")
		cl.send(t, 401, "POST", "/api/v1/status-events", whole, "", "[]")
		cl.send(t, 404, "DELETE", "/api/v1/keys/al_doesnotexistatall", admin, "", "")
		cl.send(t, 404, "DELETE", "/api/v1/keys/"+otherID, admin, "", "")

		list := decode[page](t, cl.send(t, 200, "GET", "/api/v1/keys", admin, "", "").body)
		var revoked, used, expiring bool
		for _, k := range list.Items {
			if _, ok := k["key"]; ok {
				t.Errorf("a listed key shows its secret: %v", k)
			}
			revoked = revoked || k["revokedAt"] != nil
			used = used || k["lastUsedAt"] != nil
			expiring = expiring || k["expiresAt"] != nil
		}
		if !revoked || !used || !expiring {
			t.Errorf("the list lacks a revoked, used or expiring key: %v", list.Items)
		}
	})

	t.Run("webhooks", func(t *testing.T) {
		testWebhooks(t, cl, keys, tooBigObject)
	})

	// Every operation against every scope: the key needs one of the
	// operation's x-agentlog-scopes, and without a usable key it is a 401.
	// The requests change nothing: bodies are empty, ids unknown.
	t.Run("reports", func(t *testing.T) {
		q := "from=2019-04-01&to=2023-07-21&bucket=1d&tz=Europe%2FBerlin"
		for _, path := range []string{
			"/api/v1/reports/status-time?" + q,
			"/api/v1/reports/status-time?" + q + "&by=category&dayStart=08:00&dayEnd=17:00&weekDays=1-5&userIds=" + u1,
			"/api/v1/reports/sessions?" + q,
			"/api/v1/reports/sessions?from=2019-04-01&to=2019-04-02&bucket=1h",
		} {
			if a := cl.send(t, 200, "GET", path, reports, "", ""); !strings.Contains(string(a.body), `"rows":[{`) && !strings.Contains(path, "2019-04-02") {
				t.Errorf("%s: no rows in %s", path, clip(a.body))
			}
		}
		cl.send(t, 200, "GET", "/api/v1/reports/status-time?"+q+"&format=csv", reports, "", "")
		cl.send(t, 400, "GET", "/api/v1/reports/status-time?from=2024-01-01&to=2024-01-02&bucket=2h", reports, "", "")
		cl.send(t, 400, "GET", "/api/v1/reports/status-time?"+q+"&dayStart=25:00", reports, "", "")
		cl.send(t, 400, "GET", "/api/v1/reports/sessions?from=x&to=2024-01-01", reports, "", "")
		cl.send(t, 400, "GET", "/api/v1/reports/sessions?from=2024-01-01&to=2024-01-01", reports, "", "")
		cl.send(t, 400, "GET", "/api/v1/reports/sessions?from=2000-01-01&to=2024-01-01&bucket=15m", reports, "", "")

		// The call of the "calls" subtest: inbound, started 07:08:09.123Z,
		// answered after 11.877 s, by carol on 101 through queue 800.
		cq := "from=2024-05-06&to=2024-05-07&bucket=1h&tz=Europe%2FBerlin"
		hours := decode[struct{ Rows []map[string]any }](t, cl.send(t, 200, "GET", "/api/v1/reports/calls?"+cq, reports, "", "").body).Rows
		if len(hours) != 24 || hours[7]["bucket"] != "2024-05-06T09:00:00+02:00" || hours[7]["answered"] != 1.0 ||
			hours[7]["serviceLevel"] != 1.0 || hours[7]["averageSpeedOfAnswerSeconds"] != 11.877 || hours[0]["serviceLevel"] != nil {
			t.Errorf("calls, hourly: %v", hours)
		}
		for _, extra := range []string{"&groupBy=user&preset=connect&serviceLevel=12.5&shortAbandon=3", "&groupBy=queue&direction=all&preset=wazo",
			"&groupBy=extension&direction=outbound&userIds=" + u1, "&groupBy=none&direction=internal"} {
			cl.send(t, 200, "GET", "/api/v1/reports/calls?"+cq+extra, reports, "", "")
		}
		cl.send(t, 200, "GET", "/api/v1/reports/calls?"+cq+"&groupBy=user&format=csv", reports, "", "")
		for _, bad := range []string{"&preset=avaya", "&serviceLevel=-1", "&shortAbandon=soon", "&groupBy=status", "&direction=sideways", "&userIds=nope"} {
			cl.send(t, 400, "GET", "/api/v1/reports/calls?"+cq+bad, reports, "", "")
		}
	})

	t.Run("export", func(t *testing.T) {
		a := cl.send(t, 200, "GET", "/api/v1/export/status-events?from=2023-07-19", statuses, "", "")
		if !strings.Contains(string(a.body), `"status":"Customer visit"`) {
			t.Errorf("export: %s", clip(a.body))
		}
		cl.send(t, 200, "GET", "/api/v1/export/calls?format=csv", calls, "", "")
		cl.send(t, 200, "GET", "/api/v1/export/session-events?format=ndjson&userIds="+u1, sessions, "", "")
		cl.send(t, 400, "GET", "/api/v1/export/calls?from=yesterday", calls, "", "")
		cl.send(t, 403, "GET", "/api/v1/export/calls", statuses, "", "")
		cl.send(t, 404, "GET", "/api/v1/export/users", statuses, "", "")
	})

	t.Run("live", func(t *testing.T) {
		a := cl.send(t, 200, "GET", "/api/v1/presence", statuses, "", "")
		if !strings.Contains(string(a.body), `"loggedIn"`) {
			t.Errorf("presence: %s", clip(a.body))
		}
		cl.send(t, 200, "GET", "/api/v1/presence", admin, "", "")
		cl.send(t, 400, "GET", "/api/v1/stream?lastEventId=12", statuses, "", "")
		cl.send(t, 403, "GET", "/api/v1/stream", reports, "", "")
	})

	t.Run("scopes", func(t *testing.T) {
		revokedID := func() string {
			whole := mintKey(t, db, tenant.ID, activity.ScopeAll, 0)
			id, _, _ := auth.SplitKey(whole)
			if err := db.RevokeKey(ctx, tenant.ID, id); err != nil {
				t.Fatal(err)
			}
			return whole
		}()
		fill := strings.NewReplacer("{id}", activity.NewUUID(), "{name}", "no-such-status")
		for op, route := range documentedOperations {
			if op == "getOpenAPI" || op == "getAPIDocs" {
				continue
			}
			method, pattern, _ := strings.Cut(route, " ")
			path := pattern
			if op == "revokeKey" {
				path = strings.Replace(path, "{id}", "al_nosuchkeyatallxx", 1)
			}
			path = fill.Replace(path)
			item := cl.c.doc.Paths.Value(pattern)
			if item == nil || item.GetOperation(method) == nil {
				t.Errorf("%s is not in openapi.json", route)
				continue
			}
			list, _ := item.GetOperation(method).Extensions["x-agentlog-scopes"].([]any)
			var allowed []string
			for _, s := range list {
				allowed = append(allowed, fmt.Sprint(s))
			}
			for _, key := range []string{"", "garbage", "al_nosuchkeyatallxx.secret", revokedID} {
				cl.send(t, 401, method, path, key, "", "")
			}
			for _, scope := range activity.AllScopes {
				if op == "streamEvents" && slices.Contains(allowed, scope) {
					continue // an allowed stream never ends; the stream tests read it
				}
				a := cl.send(t, anyStatus, method, path, keys[scope], "", "")
				switch {
				case slices.Contains(allowed, scope) && (a.status == 401 || a.status == 403):
					t.Errorf("%s with a key of %s: %d, but openapi.json allows %v: %s", route, scope, a.status, allowed, a.body)
				case !slices.Contains(allowed, scope) && a.status != 403:
					t.Errorf("%s with a key of %s: %d, want 403 as openapi.json allows only %v", route, scope, a.status, allowed)
				}
			}
		}
	})

	t.Run("openapi.json", func(t *testing.T) {
		a := cl.send(t, 200, "GET", "/api/v1/openapi.json", "", "", "")
		want, _ := os.ReadFile("openapi.json")
		if !bytes.Equal(a.body, want) {
			t.Error("GET /api/v1/openapi.json does not serve openapi.json")
		}
		if ct := a.header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q", ct)
		}
	})

	t.Run("docs", func(t *testing.T) {
		a := cl.send(t, 200, "GET", "/api/v1/docs", "", "", "")
		testDocsPage(t, a)
	})

	// What the document says of paths and methods it does not list.
	t.Run("unrouted", func(t *testing.T) {
		errSchema := cl.c.doc.Components.Schemas["Error"].Value
		for _, r := range [][3]string{{"DELETE", "/api/v1/users", "GET, POST"}, {"GET", "/api/v1/nope", ""}, {"PUT", "/api/v1/calls", "GET, POST"}} {
			req, _ := http.NewRequest(r[0], cl.base+r[1], nil)
			req.Header.Set("Authorization", "Bearer "+admin)
			resp, err := cl.http.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			var v any
			_ = json.Unmarshal(body, &v)
			wantStatus, wantCode := 404, `"not found"`
			if r[2] != "" {
				wantStatus, wantCode = 405, `"method not allowed"`
			}
			if resp.StatusCode != wantStatus || resp.Header.Get("Allow") != r[2] {
				t.Errorf("%s %s: %d with Allow %q, but openapi.json says %d with Allow %q", r[0], r[1], resp.StatusCode, resp.Header.Get("Allow"), wantStatus, r[2])
			} else if err := errSchema.VisitJSON(v, openapi3.EnableJSONSchema2020()); err != nil || !strings.Contains(string(body), wantCode) {
				t.Errorf("%s %s: %s is not an Error with code %s: %v", r[0], r[1], body, wantCode, err)
			}
		}
	})

	t.Run("coverage", func(t *testing.T) {
		for path, item := range cl.c.doc.Paths.Map() {
			for method, op := range item.Operations() {
				for code := range op.Responses.Map() {
					status := 0
					fmt.Sscan(code, &status)
					// The stream's 200 never ends, so it is not read here: the
					// stream tests check it.
					streamOK := op.OperationID == "streamEvents" && status == 200
					if status != 500 && !streamOK && !cl.c.seen[op.OperationID][status] {
						t.Errorf("%s %s (%s): no real %s answer was validated", method, path, op.OperationID, code)
					}
				}
			}
		}
		t.Logf("%d operations, %d real answers validated against openapi.json", len(documentedOperations), cl.c.count)
	})

	t.Run("validation can fail", func(t *testing.T) {
		testValidationCanFail(t, cl, keys)
	})
}
