package web_test

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

func TestCallLogFiltersPagesAndDetails(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.fillDay(t)
		var batch []string
		for i := range 60 { // 60 more calls on the next day, one a minute
			batch = append(batch, fmt.Sprintf(`{"id":"00000000-0000-4000-8000-%012d","direction":"outbound","fromNumber":"201","toNumber":"+4930%04d","startedAt":"2024-03-02T08:%02d:00Z","status":"Completed"}`, i, i, i))
		}
		f.ingest(t, f.acmeKey, "calls", "["+strings.Join(batch, ",")+"]")
		b := newBrowser(t, f.srv)
		b.signIn("viewer@acme.test", testPassword)

		first := b.get("/calls?direction=outbound")
		rows := regexp.MustCompile(`href="/calls/([0-9a-f-]{36})"`).FindAllStringSubmatch(first.Body, -1)
		if first.Status != http.StatusOK || len(rows) != 50 || rows[0][1] != "00000000-0000-4000-8000-000000000059" {
			t.Fatalf("first page: got %d with %d calls, want 50 newest first", first.Status, len(rows))
		}
		next := regexp.MustCompile(`id="older" href="([^"]+)"`).FindStringSubmatch(first.Body)
		if next == nil {
			t.Fatal("first page: no link to older calls")
		}
		second := b.get(strings.ReplaceAll(next[1], "&amp;", "&"))
		rows = regexp.MustCompile(`href="/calls/([0-9a-f-]{36})"`).FindAllStringSubmatch(second.Body, -1)
		if len(rows) != 10 || rows[0][1] != "00000000-0000-4000-8000-000000000009" || strings.Contains(second.Body, `id="older"`) {
			t.Errorf("second page: got %d calls starting %v, want the 10 oldest and no further page", len(rows), rows[:min(1, len(rows))])
		}
		for query, want := range map[string][]string{
			"number=999888":                     {"15559998888"},
			"direction=inbound&status=Missed":   {"15550001111"},
			"user=" + annID:                     {"15559998888"},
			"from=2024-03-01&to=2024-03-01":     {"15559998888", "15550001111"},
			"from=2024-03-03&direction=inbound": {"No call matches"},
		} {
			p := b.get("/calls?" + query)
			for _, w := range want {
				if !strings.Contains(p.Body, w) {
					t.Errorf("/calls?%s: want %q in the page", query, w)
				}
			}
			if strings.Contains(p.Body, "49300001") && query != "" {
				t.Errorf("/calls?%s: shows an outbound call it filters out", query)
			}
		}
		for _, q := range []string{"from=x", "direction=sideways", "user=bob", "cursor=abc"} {
			if p := b.get("/calls?" + q); p.Status != http.StatusBadRequest {
				t.Errorf("/calls?%s: got %d, want 400", q, p.Status)
			}
		}
		detail := b.get("/calls/5f0d2a9e-1b7e-4a7d-9d9b-3c6a3c2f1a11")
		for _, want := range []string{"15559998888", "Completed", "9m 00s", ">ann</a>"} {
			if !strings.Contains(detail.Body, want) {
				t.Errorf("call detail: want %q", want)
			}
		}
		o := newBrowser(t, f.srv)
		o.signIn("admin@other.test", testPassword)
		if p := o.get("/calls/5f0d2a9e-1b7e-4a7d-9d9b-3c6a3c2f1a11"); p.Status != http.StatusNotFound {
			t.Errorf("another tenant's call: got %d, want 404", p.Status)
		}
		if p := o.get("/calls"); strings.Contains(p.Body, "15559998888") {
			t.Error("another tenant's call log shows acme's calls")
		}
	})
}
