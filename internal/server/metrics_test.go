package server_test

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"agentlog/internal/server"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// scrape reads /metrics with the token and parses it as Prometheus text.
func scrape(t *testing.T, url, token string) map[string]*dto.MetricFamily {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d, want 200", url, resp.StatusCode)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Fatalf("GET %s: Content-Type %q, want Prometheus text", url, ct)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(resp.Body)
	if err != nil {
		t.Fatalf("/metrics is not Prometheus text: %v", err)
	}
	return families
}

// value is the value of the series of family with the given labels (a
// counter, gauge, or a histogram's count), 0 when there is none.
func value(families map[string]*dto.MetricFamily, family string, labels ...string) float64 {
	f := families[family]
	if f == nil {
		return 0
	}
next:
	for _, m := range f.Metric {
		for i := 0; i+1 < len(labels); i += 2 {
			if !hasLabel(m, labels[i], labels[i+1]) {
				continue next
			}
		}
		switch {
		case m.Counter != nil:
			return m.Counter.GetValue()
		case m.Gauge != nil:
			return m.Gauge.GetValue()
		case m.Histogram != nil:
			return float64(m.Histogram.GetSampleCount())
		}
	}
	return 0
}

func hasLabel(m *dto.Metric, name, value string) bool {
	for _, l := range m.Label {
		if l.GetName() == name && l.GetValue() == value {
			return true
		}
	}
	return false
}

// TestMetricsMove scrapes /metrics, makes requests of every kind it counts,
// and requires that the counters moved by as much. The metrics are the
// process's: this holds because the package's tests do not run in
// parallel, and no other test of it opens an event stream.
func TestMetricsMove(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		const token = "metrics-token-for-test"
		base, _ := startLogged(t, db, server.Config{MetricsToken: token})
		tenant := storetest.MustTenant(t, db, "metrics")
		key := storetest.MustKey(t, db, tenant, "*")
		auth := map[string]string{"Authorization": "Bearer " + key}

		if resp, _ := do(t, "GET", base+"/metrics", nil, ""); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("/metrics without the token: %d, want 401", resp.StatusCode)
		}
		if resp, _ := do(t, "GET", base+"/metrics", map[string]string{"Authorization": "Bearer " + key}, ""); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("/metrics with an API key: %d, want 401", resp.StatusCode)
		}
		before := scrape(t, base+"/metrics", token)

		batch := `[{"id":"m1","login":"ann","status":"Available","time":"2024-05-06T07:00:00Z"},` +
			`{"id":"m2","login":"ann","status":"Lunch","time":"2024-05-06T12:00:00Z"}]`
		for range 2 { // the second time, both are known
			if resp, body := do(t, "POST", base+"/api/v1/status-events", auth, batch); resp.StatusCode != http.StatusOK {
				t.Fatalf("ingest: %d %s", resp.StatusCode, body)
			}
		}
		for range 3 {
			do(t, "GET", base+"/api/v1/users/"+"00000000-0000-0000-0000-00000000000"+"1", auth, "")
		}
		if resp, body := do(t, "GET", base+"/api/v1/export/status-events?from=2024-05-06T00:00:00Z&to=2024-05-07T00:00:00Z&format=ndjson", auth, ""); resp.StatusCode != http.StatusOK {
			t.Fatalf("export: %d %s", resp.StatusCode, body)
		}
		do(t, "GET", base+"/no/such/path/42", nil, "")
		closeStream := openStream(t, base, key)

		after := scrape(t, base+"/metrics", token)
		checks := []struct {
			family string
			labels []string
			want   float64
		}{
			{"agentlog_http_requests_total", []string{"route", "POST /api/v1/status-events", "status", "200"}, 2},
			{"agentlog_http_requests_total", []string{"route", "GET /api/v1/users/{id}", "status", "404"}, 3},
			{"agentlog_http_requests_total", []string{"route", "unmatched", "status", "404"}, 1},
			{"agentlog_http_request_duration_seconds", []string{"route", "GET /api/v1/users/{id}"}, 3},
			{"agentlog_ingested_events_total", []string{"kind", "status", "result", "new"}, 2},
			{"agentlog_ingested_events_total", []string{"kind", "status", "result", "known"}, 2},
			{"agentlog_rows_streamed_total", []string{"stream", "export"}, 2},
			{"agentlog_sse_subscribers", nil, 1},
		}
		for _, c := range checks {
			if got := value(after, c.family, c.labels...) - value(before, c.family, c.labels...); got != c.want {
				t.Errorf("%s%v moved by %v, want %v", c.family, c.labels, got, c.want)
			}
		}
		for _, pool := range poolNames(db) {
			if _, ok := after["go_sql_max_open_connections"]; !ok || !seriesWith(after["go_sql_open_connections"], "db_name", pool) {
				t.Errorf("no database pool metrics for %s", pool)
			}
		}
		// Counted by features of their own; here only their presence.
		for _, f := range []string{"agentlog_webhook_deliveries_total", "agentlog_rate_limited_requests_total"} {
			if _, ok := after[f]; !ok {
				t.Errorf("%s is not exported", f)
			}
		}

		closeStream()
		deadline := time.Now().Add(10 * time.Second)
		for value(scrape(t, base+"/metrics", token), "agentlog_sse_subscribers") > value(before, "agentlog_sse_subscribers") {
			if time.Now().After(deadline) {
				t.Fatal("the SSE subscriber gauge did not go down after the stream closed")
			}
			time.Sleep(20 * time.Millisecond)
		}
	})
}

// openStream opens /api/v1/stream and waits until the server answered it;
// the returned function closes it.
func openStream(t *testing.T, base, key string) func() {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", base+"/api/v1/stream", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		cancel()
		t.Fatalf("stream: %v %v", resp, err)
	}
	go func() { _, _ = bufio.NewReader(resp.Body).ReadString('\n') }()
	return func() { cancel(); resp.Body.Close() }
}

func poolNames(db *store.DB) []string {
	var names []string
	for name := range db.Pools() {
		names = append(names, name)
	}
	return names
}

func seriesWith(f *dto.MetricFamily, name, value string) bool {
	if f == nil {
		return false
	}
	for _, m := range f.Metric {
		if hasLabel(m, name, value) {
			return true
		}
	}
	return false
}

// TestMetricsAccess requires that /metrics is off without a token or a
// metrics address, and served without a token on its own address.
func TestMetricsAccess(t *testing.T) {
	db := sqliteDB(t)
	base, _ := startLogged(t, db, server.Config{})
	if resp, _ := do(t, "GET", base+"/metrics", nil, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics with neither token nor address: %d, want 404", resp.StatusCode)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base, _ = startLogged(t, db, server.Config{MetricsListener: l})
	if resp, _ := do(t, "GET", base+"/metrics", nil, ""); resp.StatusCode != http.StatusNotFound {
		t.Errorf("/metrics on the main address when it has its own: %d, want 404", resp.StatusCode)
	}
	families := scrape(t, "http://"+l.Addr().String()+"/metrics", "")
	if _, ok := families["agentlog_http_requests_total"]; !ok {
		t.Errorf("the metrics address lacks agentlog_http_requests_total")
	}

	// Both: the token is needed on the metrics address, and the main
	// address still has no /metrics.
	l2, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base, _ = startLogged(t, db, server.Config{MetricsListener: l2, MetricsToken: "tok"})
	for _, h := range []map[string]string{nil, {"Authorization": "Bearer tok"}} {
		if resp, _ := do(t, "GET", base+"/metrics", h, ""); resp.StatusCode != http.StatusNotFound {
			t.Errorf("/metrics on the main address with its own address and a token: %d, want 404", resp.StatusCode)
		}
	}
	if resp, _ := do(t, "GET", "http://"+l2.Addr().String()+"/metrics", nil, ""); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("/metrics on its own address without the token that is set: %d, want 401", resp.StatusCode)
	}
	scrape(t, "http://"+l2.Addr().String()+"/metrics", "tok")
}
