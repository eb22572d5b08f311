package api_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"agentlog/internal/activity"
)

// testWebhooks makes every documented answer of the webhook routes, with a
// local receiver that fails once, so that the delivery log holds a failed
// and a successful attempt.
func testWebhooks(t *testing.T, cl *client, keys map[string]string, tooBigObject string) {
	admin, ingest := keys[activity.ScopeAdmin], keys[activity.ScopeIngest]
	var hits atomic.Int32
	rcv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hits.Add(1) == 1 {
			http.Error(w, "down for a moment", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer rcv.Close()

	created := decode[map[string]any](t, cl.send(t, 201, "POST", "/api/v1/webhooks", admin, "", `{"url":"`+rcv.URL+`/in","kinds":["status-events"]}`).body)
	id, _ := created["id"].(string)
	byID, unknown := "/api/v1/webhooks/"+id, "/api/v1/webhooks/"+activity.NewUUID()
	cl.send(t, 400, "POST", "/api/v1/webhooks", admin, "", `{"url":"ftp://receiver.test/","kinds":["calls"]}`)
	cl.send(t, 400, "POST", "/api/v1/webhooks", admin, "", `{"url":"https://receiver.test/","kinds":["presence"]}`)
	cl.send(t, 413, "POST", "/api/v1/webhooks", admin, "", tooBigObject)
	if list := cl.send(t, 200, "GET", "/api/v1/webhooks", admin, "", ""); strings.Contains(string(list.body), "whsec_") {
		t.Errorf("the list shows a secret: %s", list.body)
	}
	cl.send(t, 200, "GET", byID, keys[activity.ScopeAll], "", "")
	cl.send(t, 404, "GET", unknown, admin, "", "")
	cl.send(t, 200, "PATCH", byID, admin, "", `{"kinds":["status-events","calls"],"enabled":true}`)
	cl.send(t, 400, "PATCH", byID, admin, "", `{"kinds":[]}`)
	cl.send(t, 404, "PATCH", unknown, admin, "", `{"enabled":false}`)
	cl.send(t, 413, "PATCH", byID, admin, "", tooBigObject)

	cl.send(t, 200, "POST", "/api/v1/status-events", ingest, "", `[{"login":"ann","status":"Busy","time":"2024-01-01T00:00:00Z"}]`)
	deadline := time.Now().Add(30 * time.Second)
	for {
		p := decode[page](t, cl.send(t, 200, "GET", byID+"/deliveries?limit=1", admin, "", "").body)
		if len(p.Items) == 1 && p.Items[0]["succeeded"] == true {
			older := decode[page](t, cl.send(t, 200, "GET", byID+"/deliveries?limit=1&cursor="+*p.NextCursor, admin, "", "").body)
			if len(older.Items) != 1 || older.Items[0]["statusCode"] != 500.0 || older.Items[0]["attempt"] != 1.0 {
				t.Errorf("the attempt before the success: %v", older.Items)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no successful delivery after 30 s: %v", p.Items)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cl.send(t, 400, "GET", byID+"/deliveries?cursor=nope", admin, "", "")
	cl.send(t, 404, "GET", unknown+"/deliveries", admin, "", "")
	cl.send(t, 204, "DELETE", byID, admin, "", "")
	cl.send(t, 404, "DELETE", byID, admin, "", "")
}
