package api_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/server"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// A stream outlives the server's read and write timeouts, sends pings
// while idle, and does not hold up a shutdown.
func TestStreamOutlivesServerTimeouts(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		hs := &http.Server{
			Handler:     server.New(db, slog.New(slog.NewTextHandler(io.Discard, nil)), fastStream).Handler(),
			ReadTimeout: 300 * time.Millisecond, WriteTimeout: 300 * time.Millisecond,
		}
		served := make(chan error, 1)
		go func() { served <- hs.Serve(l) }()
		base := "http://" + l.Addr().String()
		tn := storetest.MustTenant(t, db, "acme")
		s := subscribe(t, base, storetest.MustKey(t, db, tn, activity.ScopeAll), "", "")

		time.Sleep(time.Second)
		post(t, base, storetest.MustKey(t, db, tn, activity.ScopeIngest), "/api/v1/status-events", statusBatch)
		if got := s.take(t, 2); got[1] != "status s2.e0.c0" {
			t.Fatalf("events a second after the timeouts: got %q", got)
		}
		if got := s.pings.Load(); got < 3 {
			t.Errorf("pings in a second of silence: got %d, want one each 150 ms", got)
		}

		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		began := time.Now()
		if err := hs.Shutdown(ctx); err != nil {
			t.Fatalf("Shutdown with a stream open: got %v, want nil", err)
		}
		if took := time.Since(began); took > 2*time.Second {
			t.Errorf("Shutdown with a stream open took %s, want the stream to end at once", took)
		}
		s.ended(t, time.Second)
		if err := <-served; !errors.Is(err, http.ErrServerClosed) {
			t.Errorf("Serve: got %v, want http.ErrServerClosed", err)
		}
	})
}

// A key revoked while its stream runs ends the stream; coming back is
// refused.
func TestStreamEndsWhenItsKeyIsRevoked(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv := servertest.StartConfig(t, db, fastStream)
		tn := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tn, activity.ScopeStatusesRead)
		other := subscribe(t, srv.URL, storetest.MustKey(t, db, tn, activity.ScopeStatusesRead), "", "")
		s := subscribe(t, srv.URL, key, "", "")
		id, _, _ := strings.Cut(key, ".")
		if err := db.RevokeKey(context.Background(), tn.ID, id); err != nil {
			t.Fatal(err)
		}
		s.ended(t, 2*time.Second)
		other.none(t, 300*time.Millisecond) // still open, quietly
		r := srv.Do(t, http.MethodGet, "/api/v1/stream", map[string]string{"Authorization": "Bearer " + key})
		if r.Status != http.StatusUnauthorized {
			t.Errorf("coming back with the revoked key: got %d, want 401", r.Status)
		}
	})
}
