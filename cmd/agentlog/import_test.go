package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestImportQueueLog(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../internal/ingest/testdata/queue_log")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "queue_log"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, "tenant", "create", "--slug", "acme")

	r := run(t, dir, "import", "--tenant", "acme", "--format", "asterisk-queue-log", "queue_log")
	if r.code != 0 {
		t.Fatalf("import: exit %d, stderr %q", r.code, r.stderr)
	}
	for _, want := range []string{
		`agentlog: queue_log:16: skipped: unknown queue_log event "FROBNICATE"`,
		`agentlog: queue_log:24: skipped: the last line is truncated`,
		"agentlog: imported queue_log: 24 lines read, 13 items stored, 0 known already, 3 lines skipped, 3 ignored (",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr %q lacks %q", r.stderr, want)
		}
	}
	if got := mustRun(t, dir, "export", "--tenant", "acme", "--kind", "calls"); strings.Count(got, "\n") != 5 {
		t.Errorf("exported %d calls, want 5:\n%s", strings.Count(got, "\n"), got)
	}

	r = run(t, dir, "import", "--tenant", "acme", "--format", "asterisk-queue-log", "queue_log")
	if r.code != 0 || !strings.Contains(r.stderr, "0 items stored, 13 known already") {
		t.Errorf("re-import: exit %d, stderr %q, want nothing new", r.code, r.stderr)
	}

	r = run(t, dir, "import", "--tenant", "acme", "--format", "asterisk-queue-log", "--strict", "queue_log")
	if r.code != 1 || !strings.Contains(r.stderr, `agentlog: queue_log:16: unknown queue_log event "FROBNICATE" (--strict)`) {
		t.Errorf("--strict: exit %d, stderr %q, want 1 and line 16", r.code, r.stderr)
	}

	for _, args := range [][]string{
		{"import", "--tenant", "acme", "--format", "csv", "queue_log"},
		{"import", "--tenant", "acme", "--format", "asterisk-cdr", "--follow", "queue_log"},
		{"import", "--tenant", "acme", "--format", "pbx", "queue_log"},
	} {
		if r := run(t, dir, args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, r.code, r.stderr)
		}
	}
}

func TestImportFollowStopsOnSIGINT(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "tenant", "create", "--slug", "acme")
	logPath := filepath.Join(dir, "queue_log")
	if err := os.WriteFile(logPath, []byte("1700000000|NONE|support|SIP/1001|ADDMEMBER|\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, "import", "--tenant", "acme", "--format", "asterisk-queue-log", "--follow", "--checkpoint", "cp.json", "queue_log")
	cmd.Dir, cmd.Env = dir, cleanEnv()
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if data, err := os.ReadFile(filepath.Join(dir, "cp.json")); err == nil && strings.Contains(string(data), `"offset":44`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no checkpoint after the first line; stderr %q", stderr.String())
		}
	}
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("follow after SIGINT: %v, stderr %q", err, stderr.String())
	}
	if got := mustRun(t, dir, "export", "--tenant", "acme", "--kind", "session-events"); strings.Count(got, "\n") != 1 {
		t.Errorf("exported %q, want the one session event", got)
	}
	if !strings.Contains(stderr.String(), "agentlog: imported queue_log: 1 lines read, 1 items stored") {
		t.Errorf("stderr %q lacks the summary", stderr.String())
	}
}

func TestImportCDRInTenantZone(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile("../../internal/ingest/testdata/Master.csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "Master.csv"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dir, "tenant", "create", "--slug", "acme", "--time-zone", "Europe/Berlin")
	r := run(t, dir, "import", "--tenant", "acme", "--format", "asterisk-cdr", "Master.csv")
	if r.code != 0 || !strings.Contains(r.stderr, "Master.csv:5: skipped:") || !strings.Contains(r.stderr, "4 items stored") {
		t.Fatalf("import: exit %d, stderr %q", r.code, r.stderr)
	}
	got := mustRun(t, dir, "export", "--tenant", "acme", "--kind", "calls")
	if !strings.Contains(got, `"startedAt":"2024-03-01T08:00:00.000Z"`) {
		t.Errorf("the CDR's 09:00 in Berlin is not 08:00Z:\n%s", got)
	}
}
