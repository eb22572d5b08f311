package webhook_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

func TestBadInputIsRefusedNamingTheProblem(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeAdmin)
		srv := start(t, db, fast)
		h := mustCall[hook](t, 201, srv.url, key, "POST", "/api/v1/webhooks", `{"url":"https://receiver.test/in","kinds":["calls"]}`)
		byID := "/api/v1/webhooks/" + h.ID
		for _, c := range []struct{ method, path, body, want string }{
			{"POST", "/api/v1/webhooks", `{"url":"ftp://receiver.test/in","kinds":["calls"]}`, "scheme must be http or https"},
			{"POST", "/api/v1/webhooks", `{"url":"receiver.test/in","kinds":["calls"]}`, `url "receiver.test/in" is not valid`},
			{"POST", "/api/v1/webhooks", `{"url":"https://me:pw@receiver.test/in","kinds":["calls"]}`, "holds credentials"},
			{"POST", "/api/v1/webhooks", `{"url":"https://receiver.test/in","kinds":["calls","presence"]}`, `kind "presence" is unknown: accepted are status-events, session-events, calls`},
			{"POST", "/api/v1/webhooks", `{"url":"https://receiver.test/in","kinds":["calls"],"secret":"mine"}`, `unknown field "secret"`},
			{"POST", "/api/v1/webhooks", `{"kinds":["calls"]}`, "url is missing"},
			{"POST", "/api/v1/webhooks", `{"url":"https://receiver.test/in"}`, "kinds is missing"},
			{"POST", "/api/v1/webhooks", `{"url":"https://receiver.test/in","kinds":"calls"}`, "not a valid JSON object"},
			{"POST", "/api/v1/webhooks", ``, "the body is empty"},
			{"PATCH", byID, `{"kinds":[]}`, "kinds is missing or empty"},
			{"PATCH", byID, `{"url":"http://"}`, "has no host"},
			{"PATCH", byID, `{"enabled":"yes"}`, "not a valid JSON object"},
			{"PATCH", byID, `{"id":"x"}`, `unknown field "id"`},
			{"GET", byID + "/deliveries?limit=0", ``, "limit"},
			{"GET", byID + "/deliveries?cursor=nope", ``, "cursor"},
		} {
			status, answer := call(t, srv.url, key, c.method, c.path, c.body)
			var e struct{ Error, Code string }
			_ = json.Unmarshal(answer, &e)
			if status != 400 || e.Code != "invalid" || !strings.Contains(e.Error, c.want) {
				t.Errorf("%s %s %s: %d %s, want 400 naming %q", c.method, c.path, c.body, status, answer, c.want)
			}
		}
		list := mustCall[struct{ Items []hook }](t, 200, srv.url, key, "GET", "/api/v1/webhooks", "")
		if len(list.Items) != 1 || list.Items[0].URL != "https://receiver.test/in" || list.Items[0].Secret != "" {
			t.Errorf("after refused requests: %+v, want the one webhook as made, without its secret", list.Items)
		}
	})
}

func TestTenantsSeeOnlyTheirWebhooks(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := storetest.MustTenant(t, db, "acme"), storetest.MustTenant(t, db, "beta")
		keyA, keyB := storetest.MustKey(t, db, a, activity.ScopeAdmin), storetest.MustKey(t, db, b, activity.ScopeAll)
		readerA := storetest.MustKey(t, db, a, activity.ScopeStatusesRead, activity.ScopeIngest)
		srv := start(t, db, fast)
		rc := newReceiver(t, nil)
		h := mustCall[hook](t, 201, srv.url, keyA, "POST", "/api/v1/webhooks", `{"url":"`+rc.URL+`","kinds":["status-events"]}`)
		mustCall[any](t, 200, srv.url, readerA, "POST", "/api/v1/status-events", `[{"id":"a-1","login":"ann","status":"Busy","time":"2024-05-06T08:00:00Z"}]`)
		waitFor(t, "acme's event", func() bool { return rc.acked(t)["status-events:a-1"] == 1 })

		mine := mustCall[hook](t, 201, srv.url, keyB, "POST", "/api/v1/webhooks", `{"url":"`+rc.URL+`/beta","kinds":["status-events"]}`)
		if list := mustCall[struct{ Items []hook }](t, 200, srv.url, keyB, "GET", "/api/v1/webhooks", ""); len(list.Items) != 1 || list.Items[0].ID != mine.ID {
			t.Errorf("beta lists %+v, want its own webhook only", list.Items)
		}
		byID := "/api/v1/webhooks/" + h.ID
		for _, c := range [][3]string{{"GET", byID, ""}, {"PATCH", byID, `{"url":"https://evil.test/"}`}, {"DELETE", byID, ""}, {"GET", byID + "/deliveries", ""}} {
			if status, answer := call(t, srv.url, keyB, c[0], c[1], c[2]); status != 404 {
				t.Errorf("beta: %s %s: %d %s, want 404", c[0], c[1], status, answer)
			}
			if status, _ := call(t, srv.url, readerA, c[0], c[1], c[2]); status != 403 {
				t.Errorf("a key without admin: %s %s: %d, want 403", c[0], c[1], status)
			}
		}
		mustCall[any](t, 200, srv.url, keyB, "POST", "/api/v1/status-events", `[{"id":"b-1","login":"bo","status":"Busy","time":"2024-05-06T08:00:00Z"}]`)
		waitFor(t, "beta's event", func() bool { return rc.acked(t)["status-events:b-1"] == 1 })
		for _, d := range rc.deliveries() {
			p := decodePayload(t, d.body)
			for _, e := range p.Events {
				if (p.WebhookID == h.ID) != (e.ID == "status-events:a-1") {
					t.Errorf("webhook %s got %s", p.WebhookID, e.ID)
				}
			}
		}
		got := mustCall[hook](t, 200, srv.url, keyA, "GET", byID, "")
		if got.URL != rc.URL || len(mustCall[attemptPage](t, 200, srv.url, keyA, "GET", byID+"/deliveries", "").Items) != 1 {
			t.Errorf("acme's webhook after beta's tries: %+v", got)
		}
	})
}

func TestDisablingPausesAndDeletingStops(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeAll)
		srv := start(t, db, fast)
		rc := newReceiver(t, nil)
		h := mustCall[hook](t, 201, srv.url, key, "POST", "/api/v1/webhooks", `{"url":"`+rc.URL+`","kinds":["status-events"],"enabled":false}`)
		byID := "/api/v1/webhooks/" + h.ID
		if h.Enabled {
			t.Fatal("created with enabled false, the webhook is enabled")
		}
		mustCall[any](t, 200, srv.url, key, "POST", "/api/v1/status-events", `[{"id":"e-1","login":"ann","status":"Busy","time":"2024-05-06T08:00:00Z"}]`)
		mustCall[any](t, 200, srv.url, key, "POST", "/api/v1/calls", "["+callJSON("Ringing", "2024-05-06T07:08:10Z")+"]")
		time.Sleep(10 * fast.Poll)
		if n := len(rc.deliveries()); n != 0 {
			t.Fatalf("a disabled webhook got %d deliveries", n)
		}
		changed := mustCall[hook](t, 200, srv.url, key, "PATCH", byID, `{"enabled":true,"kinds":["status-events","calls"]}`)
		if !changed.Enabled || len(changed.Kinds) != 2 {
			t.Fatalf("after PATCH: %+v", changed)
		}
		// The status event waited for the pause to end; the call came
		// before calls were subscribed, so it is not sent.
		mustCall[any](t, 200, srv.url, key, "POST", "/api/v1/calls", "["+callJSON("Completed", "2024-05-06T07:12:00Z")+"]")
		waitFor(t, "the paused event and the new call", func() bool {
			got := rc.acked(t)
			return got["status-events:e-1"] == 1 && countPrefix(got, "calls:") == 1
		})
		for id := range rc.acked(t) {
			if strings.HasPrefix(id, "calls:") {
				var data map[string]any
				for _, d := range rc.deliveries() {
					for _, e := range decodePayload(t, d.body).Events {
						if e.ID == id {
							_ = json.Unmarshal(e.Data, &data)
						}
					}
				}
				if data["status"] != "Completed" {
					t.Errorf("the call delivered is %v, want the version sent after calls were subscribed", data)
				}
			}
		}

		mustCall[any](t, 204, srv.url, key, "DELETE", byID, "")
		mustCall[any](t, 404, srv.url, key, "GET", byID, "")
		mustCall[any](t, 404, srv.url, key, "GET", byID+"/deliveries", "")
		mustCall[any](t, 404, srv.url, key, "DELETE", byID, "")
		before := len(rc.deliveries())
		mustCall[any](t, 200, srv.url, key, "POST", "/api/v1/status-events", `[{"id":"e-2","login":"ann","status":"Idle","time":"2024-05-06T08:05:00Z"}]`)
		time.Sleep(10 * fast.Poll)
		if n := len(rc.deliveries()); n != before {
			t.Errorf("a deleted webhook got %d more deliveries", n-before)
		}
	})
}
