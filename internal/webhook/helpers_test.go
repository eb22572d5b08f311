package webhook_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"agentlog/internal/server"
	"agentlog/internal/store"
	"agentlog/internal/webhook"
)

// fast paces delivery for tests: what takes seconds in production takes
// milliseconds here.
var fast = webhook.Timing{Scan: 20 * time.Millisecond, Poll: 20 * time.Millisecond, RetryBase: 20 * time.Millisecond,
	RetryMax: 80 * time.Millisecond, Lease: 3 * time.Second, Timeout: 5 * time.Second}

// running is an agentlog server that a test may stop before it ends.
type running struct {
	url  string
	stop func()
}

// start serves db on a loopback port until stop is called or the test ends.
func start(t *testing.T, db *store.DB, timing webhook.Timing) *running {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	srv := server.New(db, log, server.Config{Webhooks: timing, ShutdownGrace: 5 * time.Second})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("Serve: %v", err)
			}
		})
	}
	t.Cleanup(stop)
	return &running{url: "http://" + l.Addr().String(), stop: stop}
}

type testLog struct{ t *testing.T }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Logf("server log: %s", bytes.TrimSpace(p))
	return len(p), nil
}

// call sends one request with a key and a JSON body ("" for none) and
// returns the status and the body of the answer.
func call(t *testing.T, base, key, method, path, body string) (int, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = bytes.NewBufferString(body)
	}
	req, err := http.NewRequest(method, base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 500 {
		t.Errorf("%s %s: %d %s", method, path, res.StatusCode, answer)
	}
	return res.StatusCode, answer
}

// mustCall is call that fails the test unless the answer has status want,
// and decodes the answer into a value of type T.
func mustCall[T any](t *testing.T, want int, base, key, method, path, body string) T {
	t.Helper()
	status, answer := call(t, base, key, method, path, body)
	var v T
	if status != want {
		t.Fatalf("%s %s: status %d, want %d; body %s", method, path, status, want, answer)
	}
	if len(answer) > 0 {
		if err := json.Unmarshal(answer, &v); err != nil {
			t.Fatalf("%s %s: %s is not JSON: %v", method, path, answer, err)
		}
	}
	return v
}

type hook struct {
	ID      string   `json:"id"`
	URL     string   `json:"url"`
	Kinds   []string `json:"kinds"`
	Enabled bool     `json:"enabled"`
	Secret  string   `json:"secret"`
}

type attempt struct {
	DeliveryID string   `json:"deliveryId"`
	EventIDs   []string `json:"eventIds"`
	Attempt    int      `json:"attempt"`
	StatusCode *int     `json:"statusCode"`
	Error      *string  `json:"error"`
	Succeeded  bool     `json:"succeeded"`
}

type attemptPage struct {
	Items      []attempt `json:"items"`
	NextCursor *string   `json:"nextCursor"`
}

// deliveries reads a webhook's whole delivery log, oldest first, page by
// page.
func deliveries(t *testing.T, base, key, id string) []attempt {
	t.Helper()
	var all []attempt
	path := "/api/v1/webhooks/" + id + "/deliveries?limit=3"
	for range 1000 {
		p := mustCall[attemptPage](t, 200, base, key, "GET", path, "")
		all = append(all, p.Items...)
		if p.NextCursor == nil {
			break
		}
		path = "/api/v1/webhooks/" + id + "/deliveries?limit=3&cursor=" + *p.NextCursor
	}
	for i, j := 0, len(all)-1; i < j; i, j = i+1, j-1 {
		all[i], all[j] = all[j], all[i]
	}
	return all
}

// delivery is one POST as the receiver got it.
type delivery struct {
	header http.Header
	body   []byte
	ok     bool // the receiver acknowledged it
}

type payload struct {
	WebhookID  string `json:"webhookId"`
	DeliveryID string `json:"deliveryId"`
	Events     []struct {
		ID   string          `json:"id"`
		Kind string          `json:"kind"`
		Data json.RawMessage `json:"data"`
	} `json:"events"`
}

// receiver is a local endpoint that records every delivery and answers as
// its fail function says: 0 to acknowledge, a status to refuse, -1 to drop
// the connection without an answer.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []delivery
	events int             // in acknowledged deliveries, duplicates included
	fail   func(n int) int // n counts requests from 1
}

func newReceiver(t *testing.T, fail func(n int) int) *receiver {
	rc := &receiver{fail: fail}
	rc.Server = httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	rc.mu.Lock()
	n := len(rc.got) + 1
	how := 0
	if rc.fail != nil {
		how = rc.fail(n)
	}
	rc.got = append(rc.got, delivery{header: r.Header.Clone(), body: body, ok: how == 0})
	if how == 0 {
		var p struct{ Events []json.RawMessage }
		_ = json.Unmarshal(body, &p)
		rc.events += len(p.Events)
	}
	rc.mu.Unlock()
	switch {
	case how == -1:
		conn, _, err := http.NewResponseController(w).Hijack()
		if err == nil {
			conn.Close()
		}
	case how > 0:
		http.Error(w, "receiver is down", how)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

func (rc *receiver) setFail(fail func(n int) int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.fail = fail
}

func (rc *receiver) deliveries() []delivery {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]delivery(nil), rc.got...)
}

// acked counts how often each event id came in an acknowledged delivery.
func (rc *receiver) acked(t *testing.T) map[string]int {
	t.Helper()
	seen := map[string]int{}
	for _, d := range rc.deliveries() {
		if !d.ok {
			continue
		}
		for _, e := range decodePayload(t, d.body).Events {
			seen[e.ID]++
		}
	}
	return seen
}

func decodePayload(t *testing.T, body []byte) payload {
	t.Helper()
	var p payload
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("a delivery's body %q is not the documented JSON: %v", body, err)
	}
	return p
}

// waitFor polls cond until it holds, failing the test after a while.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited 30 s for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// verify checks a delivery as a receiver following the package's recipe
// would: HMAC-SHA256 keyed with the secret over timestamp "." body, hex,
// after "v1=", compared in constant time; a timestamp within five minutes.
func verify(secret string, header http.Header, body []byte) bool {
	timestamp := header.Get("Agentlog-Timestamp")
	sent, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil || time.Since(time.Unix(sent, 0)).Abs() > 5*time.Minute {
		return false
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "." + string(body)))
	expected := "v1=" + hex.EncodeToString(mac.Sum(nil))
	return hmac.Equal([]byte(expected), []byte(header.Get("Agentlog-Signature")))
}
