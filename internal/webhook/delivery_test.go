package webhook_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

const callID = "6f1c1f9e-2b47-4c59-9a53-1c2d3e4f5a6b"

func callJSON(status, updated string) string {
	return `{"id":"` + callID + `","direction":"inbound","fromNumber":"+15559998888","toNumber":"+15551234567",` +
		`"login":"carol","startedAt":"2024-05-06T07:08:09Z","updatedAt":"` + updated + `","status":"` + status + `"}`
}

func TestDeliveriesAreSignedAndComplete(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeAll)
		srv := start(t, db, fast)
		rc := newReceiver(t, nil)

		// Events written before the subscription are not its business.
		mustCall[any](t, 200, srv.url, key, "POST", "/api/v1/status-events", `[{"id":"before","login":"ann","status":"Lunch","time":"2024-05-06T07:00:00Z"}]`)
		h := mustCall[hook](t, 201, srv.url, key, "POST", "/api/v1/webhooks",
			`{"url":"`+rc.URL+`/in","kinds":["calls","status-events","session-events"]}`)
		if !strings.HasPrefix(h.Secret, "whsec_") || !h.Enabled || !slices.Equal(h.Kinds, activity.WebhookKinds) {
			t.Fatalf("the new webhook: %+v", h)
		}

		mustCall[any](t, 200, srv.url, key, "POST", "/api/v1/status-events",
			`[{"id":"e-1","login":"ann","status":"Available","time":"2024-05-06T08:00:00Z"},{"id":"e-2","login":"bob","status":"","time":"2024-05-06T08:01:00Z"}]`)
		mustCall[any](t, 200, srv.url, key, "POST", "/api/v1/session-events", `[{"id":"s-1","login":"ann","action":"login","time":"2024-05-06T07:59:00Z","queue":"800"}]`)
		mustCall[any](t, 200, srv.url, key, "POST", "/api/v1/calls", "["+callJSON("Ringing", "2024-05-06T07:08:10Z")+"]")
		waitFor(t, "the first call", func() bool { return hasPrefix(rc.acked(t), "calls:") })
		mustCall[any](t, 200, srv.url, key, "POST", "/api/v1/calls", "["+callJSON("Completed", "2024-05-06T07:12:00Z")+"]")
		waitFor(t, "every event", func() bool {
			got := rc.acked(t)
			return got["status-events:e-1"] > 0 && got["status-events:e-2"] > 0 && got["session-events:s-1"] > 0 && countPrefix(got, "calls:") == 2
		})

		got := rc.acked(t)
		if got["status-events:before"] > 0 {
			t.Error("an event written before the subscription was delivered")
		}
		calls := map[string]string{} // event id → status
		for _, d := range rc.deliveries() {
			if !verify(h.Secret, d.header, d.body) {
				t.Errorf("the signature %q of %s does not verify with the secret given at creation", d.header.Get("Agentlog-Signature"), d.body)
			}
			if verify(h.Secret, d.header, append([]byte(" "), d.body...)) || verify("whsec_other", d.header, d.body) {
				t.Error("a changed body or another secret verifies too: the check proves nothing")
			}
			p := decodePayload(t, d.body)
			if p.WebhookID != h.ID || p.DeliveryID != d.header.Get("Agentlog-Delivery-Id") || d.header.Get("Agentlog-Webhook-Id") != h.ID {
				t.Errorf("ids: body %s/%s, headers %v", p.WebhookID, p.DeliveryID, d.header)
			}
			for _, e := range p.Events {
				var data map[string]any
				if err := json.Unmarshal(e.Data, &data); err != nil || !strings.HasPrefix(e.ID, e.Kind+":") {
					t.Errorf("event %s of kind %s: %s", e.ID, e.Kind, e.Data)
				}
				if e.Kind == activity.KindCalls {
					calls[e.ID] = fmt.Sprint(data["status"])
				}
				if e.ID == "status-events:e-1" && (data["login"] != "ann" || data["status"] != "Available" || data["time"] != "2024-05-06T08:00:00.000Z") {
					t.Errorf("e-1 as delivered: %s", e.Data)
				}
			}
		}
		var statuses []string
		for id, status := range calls {
			if !strings.HasPrefix(id, "calls:"+callID+":") {
				t.Errorf("call event id %q, want calls:%s:<version>", id, callID)
			}
			statuses = append(statuses, status)
		}
		slices.Sort(statuses)
		if !slices.Equal(statuses, []string{"Completed", "Ringing"}) {
			t.Errorf("the call's versions as delivered: %v, want Ringing and then Completed under two ids", calls)
		}
		var log []attempt
		waitFor(t, "the last attempt in the log", func() bool {
			log = deliveries(t, srv.url, key, h.ID)
			return len(log) >= len(rc.deliveries())
		})
		if len(log) != len(rc.deliveries()) || !log[len(log)-1].Succeeded || *log[len(log)-1].StatusCode != 204 {
			t.Errorf("the delivery log %+v, want one successful attempt per delivery (%d)", log, len(rc.deliveries()))
		}
	})
}

func TestFailedAttemptsAreRetriedWithTheSameIDs(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeAll)
		srv := start(t, db, fast)
		// 500, a dropped connection, 503, then acknowledged.
		rc := newReceiver(t, func(n int) int { return [...]int{500, -1, 503, 0, 0, 0, 0, 0}[min(n-1, 7)] })
		h := mustCall[hook](t, 201, srv.url, key, "POST", "/api/v1/webhooks", `{"url":"`+rc.URL+`","kinds":["status-events"]}`)
		var batch []string
		for i := range 5 {
			batch = append(batch, fmt.Sprintf(`{"id":"e-%d","login":"ann","status":"S%d","time":"2024-05-06T08:0%d:00Z"}`, i, i, i))
		}
		mustCall[any](t, 200, srv.url, key, "POST", "/api/v1/status-events", "["+strings.Join(batch, ",")+"]")
		waitFor(t, "the acknowledged delivery", func() bool { return len(rc.acked(t)) == 5 })

		got := rc.deliveries()
		if len(got) != 4 {
			t.Fatalf("%d requests, want 4 (three failures, one success)", len(got))
		}
		first := decodePayload(t, got[0].body)
		for i, d := range got {
			p := decodePayload(t, d.body)
			if !slices.EqualFunc(p.Events, first.Events, func(a, b struct {
				ID   string          `json:"id"`
				Kind string          `json:"kind"`
				Data json.RawMessage `json:"data"`
			}) bool {
				return a.ID == b.ID
			}) || p.DeliveryID != first.DeliveryID || d.header.Get("Agentlog-Attempt") != fmt.Sprint(i+1) {
				t.Errorf("attempt %d: delivery %s, events %v; want the first attempt's %s", i+1, p.DeliveryID, p.Events, first.DeliveryID)
			}
			if !verify(h.Secret, d.header, d.body) {
				t.Errorf("attempt %d does not verify", i+1)
			}
		}

		var log []attempt
		waitFor(t, "the last attempt in the log", func() bool {
			log = deliveries(t, srv.url, key, h.ID)
			return len(log) >= 4
		})
		if len(log) != 4 {
			t.Fatalf("the delivery log has %d attempts, want 4: %+v", len(log), log)
		}
		for i, a := range log {
			code := 0
			if a.StatusCode != nil {
				code = *a.StatusCode
			}
			want := [...]int{500, 0, 503, 204}[i]
			if a.Attempt != i+1 || code != want || a.Succeeded != (i == 3) || (a.Error == nil) != (i == 3) || a.DeliveryID != first.DeliveryID || len(a.EventIDs) != 5 {
				t.Errorf("log entry %d: %+v (error %v), want attempt %d with status %d", i, a, deref(a.Error), i+1, want)
			}
		}
		t.Logf("attempts as logged: %v / %v / %v / %v", deref(log[0].Error), deref(log[1].Error), deref(log[2].Error), *log[3].StatusCode)
	})
}

func hasPrefix(m map[string]int, prefix string) bool { return countPrefix(m, prefix) > 0 }

func countPrefix(m map[string]int, prefix string) int {
	n := 0
	for id := range m {
		if strings.HasPrefix(id, prefix) {
			n++
		}
	}
	return n
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
