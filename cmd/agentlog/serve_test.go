package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/store"
)

// TestShutdownFinishesInFlightRequests stops the server in the middle of an
// upload and requires that the upload is still answered and stored.
func TestShutdownFinishesInFlightRequests(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "a.db")
	key := prepareTenant(t, dbPath)

	serveCtx, stop := context.WithCancel(ctx)
	addrs := make(chan string, 1)
	p := &Program{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" },
		Listening: func(a string) { addrs <- a }}
	exited := make(chan error, 1)
	go func() { exited <- p.Run(serveCtx, []string{"serve", "--addr", "127.0.0.1:0", "--db", dbPath}) }()
	addr := <-addrs

	body, upload := io.Pipe()
	req, _ := http.NewRequest("POST", "http://"+addr+"/api/v1/status-events", body)
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/x-ndjson")
	// With 100-continue the client sends the body only once the handler
	// reads it: the first line written below is proof the request is in
	// flight inside the server.
	req.Header.Set("Expect", "100-continue")
	client := &http.Client{Transport: &http.Transport{ExpectContinueTimeout: time.Minute}}
	answered := make(chan *http.Response, 1)
	go func() {
		resp, err := client.Do(req)
		if err != nil {
			t.Errorf("the in-flight request failed: %v", err)
		}
		answered <- resp
	}()
	io.WriteString(upload, `{"id":"a","login":"ann","status":"Available","time":"2024-05-06T07:00:00Z"}`+"\n")

	stop() // as SIGTERM does
	waitUntilRefused(t, addr)
	io.WriteString(upload, `{"id":"b","login":"ann","status":"Lunch","time":"2024-05-06T12:00:00Z"}`+"\n")
	upload.Close()

	resp := <-answered
	if resp == nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("the in-flight request got %v, want 200", resp)
	}
	resp.Body.Close()
	if err := <-exited; err != nil {
		t.Fatalf("serve returned %v after shutdown", err)
	}
	if n := countStatusEvents(t, dbPath); n != 2 {
		t.Fatalf("%d events stored, want 2", n)
	}
}

func prepareTenant(t *testing.T, path string) string {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	tenant := activity.Tenant{Slug: "acme"}
	if err := db.CreateTenant(ctx, &tenant); err != nil {
		t.Fatal(err)
	}
	k, key, hash := auth.NewKey("test", []string{activity.ScopeAll}, 0, time.Now())
	if err := db.CreateKey(ctx, tenant.ID, &k, hash); err != nil {
		t.Fatal(err)
	}
	return key
}

// waitUntilRefused waits until the server has closed its listener, the
// first step of a graceful shutdown.
func waitUntilRefused(t *testing.T, addr string) {
	t.Helper()
	for i := 0; i < 500; i++ {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return
		}
		c.Close()
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the server still accepts connections after the stop signal")
}

func countStatusEvents(t *testing.T, path string) int {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tenant, err := db.TenantBySlug(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	err = db.StatusEvents(ctx, tenant.ID, store.EventFilter{}, func(store.StoredStatusEvent) error { n++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	return n
}
