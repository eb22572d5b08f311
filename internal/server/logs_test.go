package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"agentlog/internal/server"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// logBuffer collects the server's log lines, safe for concurrent writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// requests returns the request lines of the log, parsed.
func (b *logBuffer) requests(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(b.String()), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q is not JSON: %v", line, err)
		}
		if m["msg"] == "request" {
			out = append(out, m)
		}
	}
	return out
}

// startLogged starts the real server with a JSON log at debug level that
// the test can read.
func startLogged(t *testing.T, db *store.DB, cfg server.Config) (string, *logBuffer) {
	t.Helper()
	buf := &logBuffer{}
	log := slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	cfg.ShutdownGrace = 5 * time.Second
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- server.New(db, log, cfg).Serve(ctx, l) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return "http://" + l.Addr().String(), buf
}

func do(t *testing.T, method, url string, headers map[string]string, body string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, data
}

// TestLogHoldsNoSecret makes keys, authenticates with every header style
// and with a wrong key, gets an XAPI token with a client secret and uses it,
// and then requires that none of those secrets is in the server's log.
func TestLogHoldsNoSecret(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		base, log := startLogged(t, db, server.Config{})
		tenant := storetest.MustTenant(t, db, "logs")
		admin := storetest.MustKey(t, db, tenant, "*")

		resp, body := do(t, "POST", base+"/api/v1/keys", map[string]string{"Authorization": "Bearer " + admin},
			`{"name":"reports","scopes":["*"]}`)
		var created struct{ Key string }
		if err := json.Unmarshal(body, &created); err != nil || resp.StatusCode != http.StatusCreated || created.Key == "" {
			t.Fatalf("creating a key: %d %s", resp.StatusCode, body)
		}
		key := created.Key
		id, secret, _ := strings.Cut(key, ".")
		for _, h := range []string{"Authorization", "Key", "ApiKey"} {
			v := key
			if h == "Authorization" {
				v = "Bearer " + key
			}
			if resp, body := do(t, "GET", base+"/api/v1/users", map[string]string{h: v}, ""); resp.StatusCode != http.StatusOK {
				t.Fatalf("%s: %d %s", h, resp.StatusCode, body)
			}
		}
		wrong := id + ".wrong-s3cret-guess"
		if resp, _ := do(t, "GET", base+"/api/v1/users", map[string]string{"Authorization": "Bearer " + wrong}, ""); resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("a wrong key got %d", resp.StatusCode)
		}
		form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}
		resp, body = do(t, "POST", base+"/connect/token", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, form.Encode())
		var token struct {
			AccessToken string `json:"access_token"`
		}
		if err := json.Unmarshal(body, &token); err != nil || token.AccessToken == "" {
			t.Fatalf("token: %d %s", resp.StatusCode, body)
		}
		do(t, "GET", base+"/xapi/v1/CallHistoryView?$top=1", map[string]string{"Authorization": "Bearer " + token.AccessToken}, "")
		do(t, "GET", base+"/stats/user-statuses?from=2024-01-01&to=2024-01-02&apiKey="+key, nil, "")
		resp, body = do(t, "POST", base+"/api/v1/webhooks", map[string]string{"Authorization": "Bearer " + admin},
			`{"url":"http://127.0.0.1:1/hook","kinds":["status-events"]}`)
		var hook struct{ Secret string }
		if err := json.Unmarshal(body, &hook); err != nil || hook.Secret == "" {
			t.Fatalf("creating a webhook: %d %s", resp.StatusCode, body)
		}

		got := log.String()
		if n := len(log.requests(t)); n < 9 {
			t.Fatalf("%d request lines logged, want at least 9:\n%s", n, got)
		}
		for name, s := range map[string]string{"admin key": admin, "created key": key, "its secret": secret,
			"the wrong secret": "wrong-s3cret-guess", "the token": token.AccessToken, "the webhook secret": hook.Secret} {
			if strings.Contains(got, s) {
				t.Errorf("the log holds %s %q:\n%s", name, s, got)
			}
		}
		if strings.Contains(got, secret[:8]) || strings.Contains(got, token.AccessToken[len(token.AccessToken)-12:]) {
			t.Errorf("the log holds part of a secret:\n%s", got)
		}
	})
}

func TestRequestIDRoundTrip(t *testing.T) {
	db := sqliteDB(t)
	base, log := startLogged(t, db, server.Config{})
	cases := []struct {
		sent string
		kept bool
	}{
		{"trace-0af7651916cd43dd8448eb211c80319c", true},
		{"9b2f6c1e-3f0a-4f7e-9a52-5d1d3e8e1c11", true},
		{"", false},
		{"<script>alert(1)</script>", false},
		{strings.Repeat("a", 65), false},
		{"two words", false},
	}
	for _, c := range cases {
		headers := map[string]string{}
		if c.sent != "" {
			headers["X-Request-Id"] = c.sent
		}
		resp, _ := do(t, "GET", base+"/healthz", headers, "")
		got := resp.Header.Get("X-Request-Id")
		if c.kept && got != c.sent {
			t.Errorf("sent %q, got back %q; want it kept", c.sent, got)
		}
		if !c.kept && (got == c.sent || len(got) != 16) {
			t.Errorf("sent %q, got back %q; want a new 16-character id", c.sent, got)
		}
		if !logged(log.requests(t), "id", got) {
			t.Errorf("id %q is not in the log:\n%s", got, log.String())
		}
	}
}

// TestTrustedProxies requires that X-Forwarded-For and X-Forwarded-Proto
// set the client in the log only when the peer is a trusted proxy.
func TestTrustedProxies(t *testing.T) {
	db := sqliteDB(t)
	forwarded := map[string]string{"X-Forwarded-For": "203.0.113.9, 10.1.2.3", "X-Forwarded-Proto": "https", "X-Request-Id": "proxied"}

	trustedBase, trustedLog := startLogged(t, db, server.Config{
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8")}})
	do(t, "GET", trustedBase+"/healthz", forwarded, "")
	line := find(t, trustedLog.requests(t), "id", "proxied")
	if line["client"] != "203.0.113.9" || line["scheme"] != "https" {
		t.Errorf("behind a trusted proxy: client %v, scheme %v; want 203.0.113.9 and https", line["client"], line["scheme"])
	}

	plainBase, plainLog := startLogged(t, db, server.Config{})
	do(t, "GET", plainBase+"/healthz", forwarded, "")
	line = find(t, plainLog.requests(t), "id", "proxied")
	if line["client"] != "127.0.0.1" || line["scheme"] != "http" {
		t.Errorf("from an untrusted peer: client %v, scheme %v; want 127.0.0.1 and http", line["client"], line["scheme"])
	}
}

func logged(lines []map[string]any, key, value string) bool {
	for _, l := range lines {
		if l[key] == value {
			return true
		}
	}
	return false
}

func find(t *testing.T, lines []map[string]any, key, value string) map[string]any {
	t.Helper()
	for _, l := range lines {
		if l[key] == value {
			return l
		}
	}
	t.Fatalf("no request line with %s=%s in %v", key, value, lines)
	return nil
}

// sqliteDB opens a migrated SQLite database for tests that do not depend on
// the database.
func sqliteDB(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "agentlog.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	return db
}
