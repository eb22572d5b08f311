package api

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"sync"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/metrics"
	"agentlog/internal/store"
)

// StreamTiming paces GET /api/v1/stream.
type StreamTiming struct {
	Poll    time.Duration // how often the database is asked for new rows
	Ping    time.Duration // how long a stream may stay silent before a ": ping" comment
	Write   time.Duration // how long one write may take before the client counts as gone
	Recheck time.Duration // how often the key is checked again: revoked or expired, the stream ends
}

// DefaultStreamTiming is the pace of a stream unless API.StreamTiming says
// otherwise (tests shorten it). A stream wakes when rows are committed (on
// PostgreSQL by any instance, through LISTEN/NOTIFY: store.DB.Changed) and
// polls besides, so that a lost wake-up delays an event by one poll at
// most.
var DefaultStreamTiming = StreamTiming{Poll: 500 * time.Millisecond, Ping: 15 * time.Second, Write: time.Minute, Recheck: time.Minute}

// pendingRecheck is how soon a stream reads again when the feed holds rows
// back until transactions running elsewhere finish.
const pendingRecheck = 200 * time.Millisecond

// streamBatch bounds the rows of each kind read at once, and so the memory
// of a stream that catches up from an old Last-Event-ID.
const streamBatch = 500

// Stream serves GET /api/v1/stream: server-sent events of the status
// events, session events and calls (new or changed) written for the key's
// tenant, each kind only if the key may read it. Each event's id is the
// position after it, "s<seq>.e<seq>.c<seq>" (status events, session events,
// calls); a client that comes back with it as Last-Event-ID (the header, or
// the lastEventId parameter) gets exactly the events after it. Without one
// the stream starts at the current end. Each kind comes in ingestion order;
// each poll sends status events, then session events, then calls. A call
// changed several times between two polls (or while the client was away)
// is sent once, as it is now.
func (a *API) Stream(w http.ResponseWriter, r *http.Request) {
	p := principal(r)
	kinds := store.FeedKinds{
		Status:  p.Allows(activity.ScopeStatusesRead),
		Session: p.Allows(activity.ScopeSessionsRead),
		Call:    p.Allows(activity.ScopeCallsRead),
	}
	a.ServeStream(w, r, p.Tenant.ID, kinds, func(ctx context.Context) bool { return a.keyStillUsable(ctx, p.Key) })
}

// ServeStream serves the event stream of one tenant's kinds, as Stream
// describes, to whoever the caller has authenticated: a key here, a
// signed-in operator on the web pages. stillAllowed is asked every
// StreamTiming.Recheck; when it says no, the stream ends.
func (a *API) ServeStream(w http.ResponseWriter, r *http.Request, tenantID int64, kinds store.FeedKinds, stillAllowed func(context.Context) bool) {
	last := r.Header.Get("Last-Event-ID")
	if last == "" {
		last = r.URL.Query().Get("lastEventId")
	}
	ctx := r.Context()
	feed := a.DB.NewFeed(tenantID, kinds)
	pos, err := parseEventID(last)
	if err == nil && last == "" {
		pos, err = feed.End(ctx)
	}
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	t := a.StreamTiming
	if t == (StreamTiming{}) {
		t = DefaultStreamTiming
	}
	// The server's WriteTimeout would cut the stream: each write extends
	// the deadline. (Its ReadTimeout does not: net/http clears the read
	// deadline once the request is read.)
	rc := http.NewResponseController(w)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no") // nginx: pass each event on at once
	w.WriteHeader(http.StatusOK)
	s := &sseWriter{w: bufio.NewWriter(w), rc: rc, timeout: t.Write}
	metrics.SSESubscribers.Inc()
	defer metrics.SSESubscribers.Dec()
	if err := s.flush(); err != nil {
		return
	}

	poll, ping, recheck := time.NewTicker(t.Poll), time.NewTicker(t.Ping), time.NewTicker(t.Recheck)
	defer poll.Stop()
	defer ping.Stop()
	defer recheck.Stop()
	stop := shutdownOf(r)
	soon := time.NewTimer(time.Hour) // a read again before the next poll
	soon.Stop()
	defer soon.Stop()
	for {
		// Taken before the read, so that a change during it wakes the
		// stream too.
		changed := a.DB.Changed(tenantID)
		wrote := false
		more := true
		for more {
			pos, more, err = feed.Read(ctx, pos, streamBatch, func(item store.FeedItem) error {
				wrote = true
				return s.event(item)
			})
			if err == nil && wrote {
				err = s.flush()
			}
			if err != nil {
				a.streamFailed(r, err)
				return
			}
		}
		if wrote {
			ping.Reset(t.Ping)
		}
		if feed.Pending() {
			soon.Reset(min(t.Poll, pendingRecheck))
		}
		select {
		case <-ctx.Done():
			return
		case <-stop:
			return
		case <-changed:
		case <-soon.C:
		case <-poll.C:
		case <-ping.C:
			if s.comment("ping") != nil {
				return
			}
		case <-recheck.C:
			if !stillAllowed(ctx) {
				return
			}
		}
	}
}

// streamFailed logs why a stream ended early. Its answer has begun, so the
// client sees only the end and comes back with its Last-Event-ID.
func (a *API) streamFailed(r *http.Request, err error) {
	if errors.Is(err, context.Canceled) || r.Context().Err() != nil {
		return // the client went away
	}
	a.Log.Warn("event stream ended", "path", r.URL.Path, "err", err)
}

// keyStillUsable reports whether the stream's key is still neither revoked
// nor expired (the secret was checked when the stream began).
func (a *API) keyStillUsable(ctx context.Context, k activity.APIKey) bool {
	stored, _, err := a.DB.KeyByPublicID(ctx, k.ID)
	return err == nil && stored.TenantID == k.TenantID && stored.Usable(a.DB.Now())
}

// sseWriter writes server-sent events, each write within a deadline of its
// own so that the server's WriteTimeout does not cut a long stream.
type sseWriter struct {
	w       *bufio.Writer
	rc      *http.ResponseController
	timeout time.Duration
}

func (s *sseWriter) event(item store.FeedItem) error {
	var kind string
	var data any
	switch {
	case item.Status != nil:
		kind, data = "status", statusEventOut(item.Status.StatusEvent)
	case item.Session != nil:
		kind, data = "session", sessionEventOut(item.Session.SessionEvent)
	default:
		kind, data = "call", callOut(*item.Call)
	}
	body, err := json.Marshal(data)
	if err != nil {
		return err
	}
	if err := s.rc.SetWriteDeadline(time.Now().Add(s.timeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	_, err = fmt.Fprintf(s.w, "event: %s\nid: %s\ndata: %s\n\n", kind, formatEventID(item.Position), body)
	return err
}

func (s *sseWriter) comment(text string) error {
	if _, err := s.w.WriteString(": " + text + "\n\n"); err != nil {
		return err
	}
	return s.flush()
}

func (s *sseWriter) flush() error {
	if err := s.rc.SetWriteDeadline(time.Now().Add(s.timeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	if err := s.w.Flush(); err != nil {
		return err
	}
	return s.rc.Flush()
}

var eventIDPattern = regexp.MustCompile(`^s(\d{1,18})\.e(\d{1,18})\.c(\d{1,18})$`)

func formatEventID(p store.FeedPosition) string {
	return fmt.Sprintf("s%d.e%d.c%d", p.Status, p.Session, p.Call)
}

// parseEventID reads a Last-Event-ID; "" is the zero position.
func parseEventID(s string) (store.FeedPosition, error) {
	var p store.FeedPosition
	if s == "" {
		return p, nil
	}
	m := eventIDPattern.FindStringSubmatch(s)
	if m == nil {
		return p, activity.Errorf(activity.EInvalid, "Last-Event-ID %q is not valid: pass the id of the last event received unchanged, such as s12.e7.c3", s)
	}
	p.Status, _ = strconv.ParseInt(m[1], 10, 64)
	p.Session, _ = strconv.ParseInt(m[2], 10, 64)
	p.Call, _ = strconv.ParseInt(m[3], 10, 64)
	return p, nil
}

// shutdowns holds, for each *http.Server that has served a stream, a
// channel closed when it begins to shut down: Shutdown waits for requests
// to end, and a stream ends only when told.
var shutdowns sync.Map // *http.Server → chan struct{}

// shutdownOf returns the channel closed when the server serving r shuts
// down; nil (never closed) when r names no server.
func shutdownOf(r *http.Request) <-chan struct{} {
	srv, ok := r.Context().Value(http.ServerContextKey).(*http.Server)
	if !ok {
		return nil
	}
	ch := make(chan struct{})
	if prev, loaded := shutdowns.LoadOrStore(srv, ch); loaded {
		return prev.(chan struct{})
	}
	srv.RegisterOnShutdown(func() {
		shutdowns.Delete(srv)
		close(ch)
	})
	return ch
}
