package api_test

// A server-sent events client for the stream tests, and the pace those
// tests run the stream at.

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"agentlog/internal/api"
	"agentlog/internal/server"
)

// fastStream is the pace of the streams these tests start.
var fastStream = server.Config{Stream: api.StreamTiming{Poll: 20 * time.Millisecond, Ping: 150 * time.Millisecond,
	Write: 10 * time.Second, Recheck: 200 * time.Millisecond}}

// sseEvent is one event as a client parsed it.
type sseEvent struct{ Event, ID, Data string }

// sseStream is an open GET /api/v1/stream.
type sseStream struct {
	events chan sseEvent // closed when the stream ends
	pings  atomic.Int32  // ": ping" comments seen
	cancel context.CancelFunc
	done   chan struct{}
}

// subscribe opens the stream at base with key, sending lastID as
// Last-Event-ID unless it is "", and query as written. It returns once the
// answer's headers have come: the stream's start is fixed by then.
func subscribe(t *testing.T, base, key, lastID, query string) *sseStream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/api/v1/stream"+query, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	if lastID != "" {
		req.Header.Set("Last-Event-ID", lastID)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		cancel()
		t.Fatalf("GET /api/v1/stream: %v", err)
	}
	if got := res.Header.Get("Content-Type"); res.StatusCode != http.StatusOK || got != "text/event-stream" {
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		cancel()
		t.Fatalf("GET /api/v1/stream: got %d %q %s, want 200 text/event-stream", res.StatusCode, got, body)
	}
	s := &sseStream{events: make(chan sseEvent, 100), cancel: cancel, done: make(chan struct{})}
	go s.read(res.Body)
	t.Cleanup(s.close)
	return s
}

func (s *sseStream) read(body io.ReadCloser) {
	defer close(s.done)
	defer close(s.events)
	defer body.Close()
	var ev sseEvent
	lines := bufio.NewScanner(body)
	lines.Buffer(nil, 1<<20)
	for lines.Scan() {
		line := lines.Text()
		field, value, _ := strings.Cut(line, ": ")
		switch {
		case line == "":
			if ev != (sseEvent{}) {
				s.events <- ev
			}
			ev = sseEvent{}
		case line == ": ping":
			s.pings.Add(1)
		case field == "event":
			ev.Event = value
		case field == "id":
			ev.ID = value
		case field == "data":
			ev.Data = value
		}
	}
}

// close disconnects, as a client that goes away.
func (s *sseStream) close() {
	s.cancel()
	<-s.done
}

// next returns the next event, failing if none comes within 10 s.
func (s *sseStream) next(t *testing.T) sseEvent {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if !ok {
			t.Fatal("the stream ended, want another event")
		}
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no event within 10 s")
	}
	return sseEvent{}
}

// take returns the next n events as "event id" lines.
func (s *sseStream) take(t *testing.T, n int) []string {
	t.Helper()
	var got []string
	for range n {
		ev := s.next(t)
		got = append(got, ev.Event+" "+ev.ID)
	}
	return got
}

// none checks that no event comes within d.
func (s *sseStream) none(t *testing.T, d time.Duration) {
	t.Helper()
	select {
	case ev, ok := <-s.events:
		if ok {
			t.Fatalf("got event %+v, want none", ev)
		}
	case <-time.After(d):
	}
}

// ended checks that the server ends the stream within d.
func (s *sseStream) ended(t *testing.T, d time.Duration) {
	t.Helper()
	deadline := time.After(d)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				return
			}
			t.Errorf("got event %+v, want the stream to end", ev)
		case <-deadline:
			t.Fatalf("the stream is still open after %s", d)
		}
	}
}

// post sends a JSON body with key and requires a 2xx.
func post(t *testing.T, base, key, path, body string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		b, _ := io.ReadAll(res.Body)
		t.Fatalf("POST %s: got %d %s, want 2xx", path, res.StatusCode, b)
	}
}

// sameJSON checks that two JSON texts hold the same value.
func sameJSON(t *testing.T, what, got, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal([]byte(got), &g); err != nil {
		t.Fatalf("%s: got %q, not JSON: %v", what, got, err)
	}
	if err := json.Unmarshal([]byte(want), &w); err != nil {
		t.Fatalf("%s: want %q, not JSON: %v", what, want, err)
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("%s: got %s, want %s", what, got, want)
	}
}
