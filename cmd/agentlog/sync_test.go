package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// vendorA starts an agentlog over its own database with 300 status events
// of 2024 in tenant alpha, and returns its URL and a key that reads them.
func vendorA(t *testing.T) (url, key string) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "vendor.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	tn := storetest.MustTenant(t, db, "alpha")
	storetest.FillStatusEvents(t, db, tn.ID, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), 300)
	return servertest.Start(t, db).URL, storetest.MustKey(t, db, tn, activity.ScopeStatusesRead)
}

func TestSyncVoIPcube(t *testing.T) {
	url, key := vendorA(t)
	dir := t.TempDir()
	mustRun(t, dir, "tenant", "create", "--slug", "beta")
	args := []string{"sync", "--source", "voipcube", "--url", url, "--key", key, "--tenant", "beta", "--since", "2024-01-01", "--checkpoint", "cp.json"}
	r := run(t, dir, args...)
	if r.code != 0 || !strings.Contains(r.stderr, "agentlog: synced voipcube into beta: ") || !strings.Contains(r.stderr, "windows, 300 items read, 300 new, 0 known already, 100 users created") {
		t.Fatalf("sync: exit %d, stderr %q", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "agentlog: voipcube: 2024-01-01T00:00:00.000Z to 2025-01-01T00:00:00.000Z: 300 read, 300 new, 0 known") {
		t.Errorf("stderr %q lacks the window's progress", r.stderr)
	}
	if got := mustRun(t, dir, "export", "--tenant", "beta", "--kind", "status-events"); strings.Count(got, "\n") != 300 {
		t.Errorf("exported %d status events, want 300", strings.Count(got, "\n"))
	}

	r = run(t, dir, args...)
	if r.code != 0 || !strings.Contains(r.stderr, "agentlog: voipcube: resuming from checkpoint cp.json at 20") || !strings.Contains(r.stderr, " 0 new,") {
		t.Errorf("second sync: exit %d, stderr %q, want a resumed sync adding nothing", r.code, r.stderr)
	}

	for _, bad := range [][]string{
		{"sync", "--source", "genesys", "--url", url, "--key", key, "--tenant", "beta"},
		{"sync", "--source", "voipcube", "--url", url, "--key", key, "--tenant", "beta", "--since", "yesterday"},
		{"sync", "--source", "voipcube", "--url", url, "--tenant", "beta", "--bogus"},
		{"sync", "--source", "voipcube", "--url", "ftp://example", "--key", key, "--tenant", "beta"},
	} {
		r := run(t, dir, bad...)
		if r.code != 2 || strings.Count(r.stderr, "\n") != 1 || !strings.HasPrefix(r.stderr, "agentlog: ") {
			t.Errorf("%v: exit %d, stderr %q, want 2 and one line", bad[1:], r.code, r.stderr)
		}
	}
	r = run(t, dir, "sync", "--source", "voipcube", "--url", url, "--key", "al_wrong.key", "--tenant", "beta", "--since", "2024-01-01")
	if r.code != 1 || !strings.Contains(r.stderr, "401 Unauthorized") {
		t.Errorf("wrong key: exit %d, stderr %q, want 1 and the vendor's 401", r.code, r.stderr)
	}
}

func TestSyncFollowStopsOnSIGINT(t *testing.T) {
	url, key := vendorA(t)
	dir := t.TempDir()
	mustRun(t, dir, "tenant", "create", "--slug", "beta")
	cmd := exec.Command(binary, "sync", "--source", "voipcube", "--url", url, "--key", key, "--tenant", "beta",
		"--since", "2024-06-01", "--follow", "50ms", "--checkpoint", "cp.json")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if _, err := os.Stat(filepath.Join(dir, "cp.json")); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint; stderr %q", stderr.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("follow after SIGINT: %v, stderr %q", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "agentlog: stopped syncing voipcube into beta: ") {
		t.Errorf("stderr %q lacks the summary", stderr.String())
	}
}
