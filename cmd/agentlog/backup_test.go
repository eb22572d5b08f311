package main

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"agentlog/internal/store"
)

// TestBackupWhileServing copies the database while the server ingests and
// requires a copy that passes the integrity check and holds every batch
// answered before the backup began.
func TestBackupWhileServing(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "tenant", "create", "--slug", "acme")
	key := strings.TrimSpace(mustRun(t, dir, "key", "create", "--tenant", "acme", "--scopes", "*"))
	srv := startServe(t, dir)
	defer srv.stop(t)

	var acked atomic.Int64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			body := fmt.Sprintf(`[{"id":"b%d","login":"ann","status":"Available","time":"2024-05-06T07:00:00Z"}]`, i)
			req, _ := http.NewRequest("POST", srv.url+"/api/v1/status-events", strings.NewReader(body))
			req.Header.Set("Authorization", "Bearer "+key)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Errorf("ingesting: %v", err)
				return
			}
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				acked.Store(int64(i + 1))
			}
		}
	}()
	for acked.Load() < 50 {
		time.Sleep(5 * time.Millisecond)
	}
	before := acked.Load()
	r := run(t, dir, "backup", "--out", "copy.db")
	close(stop)
	<-done
	if r.code != 0 || !strings.Contains(r.stderr, "integrity checked") {
		t.Fatalf("backup: exit %d, stderr %q", r.code, r.stderr)
	}
	copyPath := filepath.Join(dir, "copy.db")
	if err := store.VerifyBackup(context.Background(), copyPath); err != nil {
		t.Fatal(err)
	}
	got := countStatusEvents(t, copyPath)
	if int64(got) < before || int64(got) > acked.Load() {
		t.Fatalf("the copy holds %d events; want at least the %d answered before it began, at most the %d answered in all", got, before, acked.Load())
	}
	t.Logf("the copy holds %d events (%d answered before it began, %d in all)", got, before, acked.Load())

	if r := run(t, dir, "backup", "--out", "copy.db"); r.code != 1 || !strings.Contains(r.stderr, "exists already") {
		t.Fatalf("a backup over an existing file: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestBackupRefusesPostgres(t *testing.T) {
	r := run(t, t.TempDir(), "backup", "--out", "x.db", "--db", "postgres://agentlog@127.0.0.1:1/none")
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "pg_dump") {
		t.Fatalf("backup of PostgreSQL: exit %d, stderr %q; want 1 and one line naming pg_dump", r.code, r.stderr)
	}
	if r := run(t, t.TempDir(), "backup"); r.code != 2 || !strings.Contains(r.stderr, "needs --out") {
		t.Fatalf("backup without --out: exit %d, stderr %q", r.code, r.stderr)
	}
}

func TestTenantRetention(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "tenant", "create", "--slug", "acme", "--retention-days", "30")
	mustRun(t, dir, "tenant", "create", "--slug", "keep")
	list := mustRun(t, dir, "tenant", "list")
	if !strings.Contains(lineOf(list, "acme"), "30 days") || !strings.Contains(lineOf(list, "keep"), "forever") {
		t.Fatalf("tenant list = %q: want acme keeping 30 days and keep forever", list)
	}
	mustRun(t, dir, "tenant", "update", "--slug", "acme", "--retention-days", "0")
	mustRun(t, dir, "tenant", "update", "--slug", "keep", "--retention-days", "365")
	list = mustRun(t, dir, "tenant", "list")
	if !strings.Contains(lineOf(list, "acme"), "forever") || !strings.Contains(lineOf(list, "keep"), "365 days") {
		t.Fatalf("tenant list after update = %q", list)
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"tenant", "update", "--slug", "acme", "--retention-days", "-5"}, 1, "out of range"},
		{[]string{"tenant", "update", "--slug", "nope", "--retention-days", "5"}, 1, `tenant "nope" does not exist`},
		{[]string{"tenant", "update", "--slug", "acme"}, 2, "--retention-days"},
		{[]string{"tenant", "create", "--slug", "x", "--retention-days", "99999"}, 1, "out of range"},
	} {
		r := run(t, dir, c.args...)
		if r.code != c.code || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("agentlog %v: exit %d, stderr %q; want exit %d and one line with %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
}

func lineOf(text, prefix string) string {
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(line, prefix+" ") {
			return line
		}
	}
	return ""
}
