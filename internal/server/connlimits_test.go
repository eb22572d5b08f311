package server

// The limits of connections and of concurrency, through Config: a header
// too large is a 431; a client that never finishes its body is cut off by
// ReadTimeout; a client that stops reading an export or a stream is cut off
// once a write stalls past its deadline; requests beyond MaxConcurrent
// wait a moment, then get a 503 with Retry-After in the surface's format.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/api"
	"agentlog/internal/storetest"
)

func TestHeaderTooLarge(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		w := startWalkServer(t, openWalkDB(t, dsn), Config{MaxHeaderBytes: 1 << 10})
		req, _ := http.NewRequest("GET", w.base+"/healthz", nil)
		req.Header.Set("X-Padding", strings.Repeat("x", 16<<10))
		res, err := w.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Fatalf("a 16 KiB header over a 1 KiB limit: got %d, want 431", res.StatusCode)
		}
		req.Header.Del("X-Padding")
		if res, err := w.client.Do(req); err != nil || res.StatusCode != 200 {
			t.Fatalf("a small header: got %v, %v; want 200", res, err)
		}
	})
}

// A client that sends part of a body and then nothing is answered 408 once
// ReadTimeout passes (or cut off), never held for ever, and never a 500.
func TestSlowBodyCutOff(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		w := startWalkServer(t, openWalkDB(t, dsn), Config{ReadTimeout: 300 * time.Millisecond})
		tn := storetest.MustTenant(t, w.db, "slow")
		key := storetest.MustKey(t, w.db, tn, activity.ScopeAll)
		for path, ct := range map[string]string{"/api/v1/status-events": "application/json", "/api/call-log/get-list": "application/json",
			"/connect/token": "application/x-www-form-urlencoded"} {
			conn, err := net.Dial("tcp", strings.TrimPrefix(w.base, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(conn, "POST %s HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nApiKey: %s\r\nContent-Type: %s\r\nContent-Length: 1000\r\n\r\n[{\"lo", path, key, key, ct)
			_ = conn.SetReadDeadline(time.Now().Add(walkTimeout))
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			var ne net.Error
			switch {
			case errors.As(err, &ne) && ne.Timeout():
				t.Errorf("POST %s with a body that never ends: no answer and no close within %v", path, walkTimeout)
			case err == nil && res.StatusCode != http.StatusRequestTimeout:
				body, _ := io.ReadAll(res.Body)
				t.Errorf("POST %s with a body that never ends: got %d %s, want 408 or a closed connection", path, res.StatusCode, body)
			case err == nil:
				t.Logf("POST %s with a body that never ends: %d", path, res.StatusCode)
			default:
				t.Logf("POST %s with a body that never ends: the connection was closed (%v)", path, err)
			}
			conn.Close()
		}
	})
}

// smallBuffers shrinks the send buffer of the server's connections, so that
// a client that stops reading stalls the server's writes soon.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(16 << 10)
	}
	return c, err
}

// stalledRead reads a little of path's answer, stops reading for a while,
// then reads on, and returns the lines it got and how the answer ended.
func stalledRead(t *testing.T, w *walkServer, path, key string) (lines int, end error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), walkTimeout)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetReadBuffer(16 << 10)
		}
		return c, err
	}}}
	req, _ := http.NewRequestWithContext(ctx, "GET", w.base+path, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	buf := make([]byte, 4<<10)
	n, _ := io.ReadFull(res.Body, buf)
	lines = bytes.Count(buf[:n], []byte("\n"))
	time.Sleep(2 * time.Second) // several write deadlines
	rest, err := io.ReadAll(res.Body)
	if ctx.Err() != nil {
		t.Fatalf("GET %s: the answer to a stalled client neither ended nor broke within %v", path, walkTimeout)
	}
	return lines + bytes.Count(rest, []byte("\n")), err
}

// An export or a stream to a client that stops reading ends once a write
// stalls past its deadline: WriteTimeout for the export, the stream's own
// write time-out for the stream. Neither holds the connection for ever.
func TestStalledStreamsCutOff(t *testing.T) {
	const rows = 10_000 // about 1.3 MB, many times the buffers
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		db := openWalkDB(t, dsn)
		tn := storetest.MustTenant(t, db, "stalled")
		key := storetest.MustKey(t, db, tn, activity.ScopeAll)
		storetest.FillStatusEvents(t, db, tn.ID, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), rows)
		timing := api.StreamTiming{Poll: 50 * time.Millisecond, Ping: time.Second, Write: 300 * time.Millisecond, Recheck: time.Minute}
		w := startWalkServerOn(t, db, Config{WriteTimeout: 300 * time.Millisecond, Stream: timing}, func(l net.Listener) net.Listener { return smallBuffers{l} })
		for _, path := range []string{"/api/v1/export/status-events", "/api/v1/stream?lastEventId=s0.e0.c0"} {
			lines, end := stalledRead(t, w, path, key)
			if lines >= rows || end == nil {
				t.Errorf("GET %s, stalled for 2 s: got %d lines ending with %v; want it cut short by the write deadline", path, lines, end)
			}
			t.Logf("GET %s, stalled for 2 s: cut after %d of %d rows (%v)", path, lines, rows, end)
		}
	})
}

func TestConcurrencyLimit(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		db := openWalkDB(t, dsn)
		tn := storetest.MustTenant(t, db, "busy")
		key := storetest.MustKey(t, db, tn, activity.ScopeAll)
		cred := keyCredentials("busy", "*", key)[0]
		var refused atomic.Int64
		w := startWalkServer(t, db, Config{MaxConcurrent: 1, ConcurrencyWait: -1, OnLimited: func(l string) {
			if l == "concurrency" {
				refused.Add(1)
			}
		}})
		finish := holdATurn(t, w, key)
		for deadline := time.Now().Add(walkTimeout); ; time.Sleep(20 * time.Millisecond) { // until the holder has its turn
			ans := w.send(walkRequest{c: routeCase{method: "GET", path: "/api/v1/users"}, cred: &cred}, walkTimeout)
			if ans.status == http.StatusServiceUnavailable {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("no 503 while a request holds the only turn: got %d", ans.status)
			}
		}
		for _, tc := range []struct{ path, want string }{
			{"/api/v1/users", `"code":"unavailable"`},
			{"/xapi/v1/CallHistoryView", `"code":"ServiceUnavailable"`},
			{"/stats/user-statuses", `{"error":"the server is serving`},
		} {
			ans := w.send(walkRequest{c: routeCase{method: "GET", path: tc.path}, cred: &cred}, walkTimeout)
			if ans.status != http.StatusServiceUnavailable || ans.header.Get("Retry-After") != "1" || !jsonError(ans) || !strings.Contains(string(ans.body), tc.want) {
				t.Errorf("GET %s while the one turn is taken: got %d, Retry-After %q, %s; want 503, Retry-After 1, %s",
					tc.path, ans.status, ans.header.Get("Retry-After"), clip(ans.body), tc.want)
			}
		}
		if ans := w.send(walkRequest{c: routeCase{method: "GET", path: "/healthz"}}, walkTimeout); ans.status != 200 {
			t.Errorf("GET /healthz while the one turn is taken: got %d, want 200: probes are not counted", ans.status)
		}
		if got := refused.Load(); got < 4 {
			t.Errorf("OnLimited(\"concurrency\") called %d times, want at least 4", got)
		}
		finish()
		if ans := w.send(walkRequest{c: routeCase{method: "GET", path: "/api/v1/users"}, cred: &cred}, walkTimeout); ans.status != 200 {
			t.Errorf("GET /api/v1/users once the turn is free: got %d, want 200", ans.status)
		}

		// With a wait, a request beyond the limit queues for its turn.
		q := startWalkServer(t, db, Config{MaxConcurrent: 1, ConcurrencyWait: walkTimeout})
		finish = holdATurn(t, q, key)
		done := make(chan walkAnswer)
		go func() {
			done <- q.send(walkRequest{c: routeCase{method: "GET", path: "/api/v1/users"}, cred: &cred}, walkTimeout)
		}()
		time.Sleep(200 * time.Millisecond)
		finish()
		if ans := <-done; ans.status != 200 {
			t.Errorf("GET /api/v1/users queued behind a request that then ended: got %d %s, want 200", ans.status, clip(ans.body))
		}
	})
}

// holdATurn starts an ingestion whose body is still being sent, and
// returns after a moment, when it has most likely reached its handler.
// finish sends the rest of the body and waits for its answer.
func holdATurn(t *testing.T, w *walkServer, key string) (finish func()) {
	t.Helper()
	pr, pw := io.Pipe()
	req, _ := http.NewRequest("POST", w.base+"/api/v1/status-events", pr)
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	answered := make(chan int, 1)
	go func() {
		res, err := w.client.Do(req)
		if err != nil {
			answered <- 0
			return
		}
		res.Body.Close()
		answered <- res.StatusCode
	}()
	_, _ = pw.Write([]byte(`[{"login":"holder","status":"x",`))
	time.Sleep(300 * time.Millisecond) // the request reaches its handler
	return func() {
		_, _ = pw.Write([]byte(`"time":"2024-01-01T00:00:00Z"}]`))
		pw.Close()
		if status := <-answered; status != 200 {
			t.Errorf("the request holding the turn: got %d, want 200", status)
		}
	}
}
