package export_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/server"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// TestExportOutlastsWriteTimeout serves the real handler from a server
// whose WriteTimeout is 1 second, to a client that reads slowly through
// small socket buffers, so that the export is still being written 2
// seconds in. It must arrive whole: the export keeps extending the write
// deadline as it goes.
func TestExportOutlastsWriteTimeout(t *testing.T) {
	const rows = 10_000 // about 1.3 MB of NDJSON
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		key := storetest.MustKey(t, db, tenant, activity.ScopeStatusesRead)
		storetest.FillStatusEvents(t, db, tenant.ID, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), rows)
		url := startWithWriteTimeout(t, db, time.Second)

		client := &http.Client{Transport: &http.Transport{DialContext: smallReadBuffer}}
		req, _ := http.NewRequest("GET", url+"/api/v1/export/status-events", nil)
		req.Header.Set("Key", key)
		began := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		lines := 0
		buf := make([]byte, 4<<10)
		for unpaced := 0; ; {
			n, err := resp.Body.Read(buf)
			lines += bytes.Count(buf[:n], []byte("\n"))
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("the export was cut after %d rows and %s: %v", lines, time.Since(began).Round(time.Millisecond), err)
			}
			if unpaced += n; unpaced >= len(buf) {
				time.Sleep(10 * time.Millisecond) // about 400 kB/s
				unpaced = 0
			}
		}
		took := time.Since(began)
		if lines != rows {
			t.Fatalf("got %d rows, want %d", lines, rows)
		}
		if took < 3*time.Second/2 {
			t.Fatalf("the export took %s: too short to show that it outlasts the 1 s WriteTimeout", took)
		}
		t.Logf("%d rows in %s through a 1 s WriteTimeout", lines, took.Round(time.Millisecond))
	})
}

// startWithWriteTimeout serves the whole agentlog handler on loopback from
// an http.Server with the given WriteTimeout, whose connections have small
// send buffers.
func startWithWriteTimeout(t *testing.T, db *store.DB, timeout time.Duration) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv := &http.Server{Handler: server.New(db, log, server.Config{}).Handler(), WriteTimeout: timeout}
	go srv.Serve(smallSendBuffers{l})
	t.Cleanup(func() { srv.Close() })
	return "http://" + l.Addr().String()
}

type smallSendBuffers struct{ net.Listener }

func (l smallSendBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(64 << 10)
	}
	return c, err
}

func smallReadBuffer(ctx context.Context, network, addr string) (net.Conn, error) {
	c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetReadBuffer(64 << 10)
	}
	return c, err
}

// TestErrorCutsTheTransfer breaks a stored call so that writing it fails.
// Found before anything was sent, the error is an ordinary 500; found
// after, the transfer is cut, so that no client takes a short file for a
// whole one. SQLite only: PostgreSQL stores callData as jsonb and cannot
// hold the broken JSON.
func TestErrorCutsTheTransfer(t *testing.T) {
	const calls = 300 // about 200 kB, several times the export's buffer
	path := filepath.Join(t.TempDir(), "agentlog.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	tenant := storetest.MustTenant(t, db, "acme")
	key := storetest.MustKey(t, db, tenant, activity.ScopeCallsRead)
	var batch []activity.Call
	for i := range calls {
		batch = append(batch, activity.Call{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Direction: activity.Inbound,
			FromNumber: "+15550000000", ToNumber: "101", StartedAt: ptr(at("2024-03-01T08:00:00Z").Add(time.Duration(i) * time.Second)),
			UpdatedAt: at("2024-03-02T00:00:00Z"), CallData: json.RawMessage(`{"n":1}`)})
	}
	if _, err := db.IngestCalls(context.Background(), tenant.ID, batch); err != nil {
		t.Fatal(err)
	}
	// A side connection to break a row behind the store's back; it waits
	// for the server's own writes (statistics at start-up) like the store.
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	url := servertest.Start(t, db).URL + "/api/v1/export/calls?format="
	for _, c := range []struct {
		name   string
		broken int // the index of the broken call
		format string
	}{{"first row, ndjson", 0, "ndjson"}, {"first row, csv", 0, "csv"}, {"last row, ndjson", calls - 1, "ndjson"}, {"last row, csv", calls - 1, "csv"}} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := raw.Exec(`UPDATE calls SET call_data = CASE WHEN id = $1 THEN '{broken' ELSE '{"n":1}' END`, batch[c.broken].ID); err != nil {
				t.Fatal(err)
			}
			req, _ := http.NewRequest("GET", url+c.format, nil)
			req.Header.Set("Key", key)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			body, readErr := io.ReadAll(resp.Body)
			if c.broken == 0 {
				if resp.StatusCode != 500 || string(body) != `{"code":"internal","error":"internal error"}`+"\n" || resp.Header.Get("Content-Disposition") != "" {
					t.Errorf("got %d %q (read error %v), want a plain 500 internal error", resp.StatusCode, body, readErr)
				}
				return
			}
			if resp.StatusCode != 200 || len(body) == 0 || !errors.Is(readErr, io.ErrUnexpectedEOF) {
				t.Errorf("got %d, %d bytes, read error %v; want 200, some rows, and then a broken transfer", resp.StatusCode, len(body), readErr)
			}
			if strings.Contains(string(body), batch[c.broken].ID) {
				t.Errorf("the broken row was sent")
			}
		})
	}
}
