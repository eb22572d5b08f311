package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// These tests build the real binary and run it as a person would: tenant
// create, key create, demo, serve, and the mistakes people make.

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "agentlog-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "agentlog")
	// Built as releases are, by the build script (static, no cgo), with a
	// version stamped.
	build := exec.Command("../../.ci/build", binary)
	build.Env = append(os.Environ(), "VERSION="+testVersion)
	if out, err := build.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		panic("building agentlog: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	stdout, stderr string
	code           int
}

// run runs the binary in dir and waits for it.
func run(t *testing.T, dir string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = cleanEnv()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	if exit, ok := err.(*exec.ExitError); ok {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("running agentlog %v: %v", args, err)
	}
	return result{out.String(), errOut.String(), code}
}

func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AGENTLOG_") {
			env = append(env, kv)
		}
	}
	return env
}

func mustRun(t *testing.T, dir string, args ...string) string {
	t.Helper()
	r := run(t, dir, args...)
	if r.code != 0 {
		t.Fatalf("agentlog %v: exit %d, stderr %q", args, r.code, r.stderr)
	}
	return r.stdout
}

var keyPattern = regexp.MustCompile(`^al_[a-z2-7]{16}\.[A-Za-z0-9_-]{43}$`)

func TestTenantKeyDemoServe(t *testing.T) {
	dir := t.TempDir()
	if got := mustRun(t, dir, "tenant", "create", "--slug", "acme", "--time-zone", "Europe/Berlin"); got != "acme\n" {
		t.Fatalf("tenant create printed %q, want %q", got, "acme\n")
	}
	if got := mustRun(t, dir, "tenant", "list"); !strings.Contains(got, "acme") || !strings.Contains(got, "Europe/Berlin") {
		t.Fatalf("tenant list = %q, want acme in Europe/Berlin", got)
	}
	key := strings.TrimSuffix(mustRun(t, dir, "key", "create", "--tenant", "acme", "--scopes", "statuses:read,calls:read", "--name", "wallboard"), "\n")
	if !keyPattern.MatchString(key) {
		t.Fatalf("key create printed %q, want the key alone", key)
	}
	demo := run(t, dir, "demo", "--tenant", "acme", "--agents", "5", "--days", "2", "--seed", "7")
	if demo.code != 0 || !strings.Contains(demo.stderr, "simulated 5 agents") {
		t.Fatalf("demo: exit %d, stderr %q", demo.code, demo.stderr)
	}
	srv := startServe(t, dir)
	var page struct{ Items []map[string]any }
	getJSON(t, srv.url+"/api/v1/status-events?limit=50", key, &page)
	if len(page.Items) == 0 {
		t.Fatal("the demo's status events are not served")
	}
	getJSON(t, srv.url+"/api/v1/calls?limit=5", key, &page)
	if len(page.Items) != 5 {
		t.Fatalf("got %d calls, want 5", len(page.Items))
	}
	srv.stop(t)
	if list := mustRun(t, dir, "key", "list", "--tenant", "acme"); !strings.Contains(list, "wallboard") || strings.Contains(list, strings.SplitN(key, ".", 2)[1]) {
		t.Fatalf("key list = %q: want the key's name and never its secret", list)
	}
}

func TestServeDemoPrintsWorkingKeyOnce(t *testing.T) {
	dir := t.TempDir()
	srv := startServe(t, dir, "--demo")
	key := regexp.MustCompile(`al_[a-z2-7]{16}\.[A-Za-z0-9_-]{43}`).FindString(srv.stdout())
	if key == "" {
		t.Fatalf("serve --demo printed no key: %q", srv.stdout())
	}
	var users struct{ Items []map[string]any }
	getJSON(t, srv.url+"/api/v1/users", key, &users)
	if len(users.Items) != 50 {
		t.Fatalf("the demo has %d users, want 50", len(users.Items))
	}
	var page struct{ Items []map[string]any }
	getJSON(t, srv.url+"/api/v1/session-events?limit=10", key, &page)
	if len(page.Items) != 10 {
		t.Fatalf("got %d session events, want 10", len(page.Items))
	}
	srv.stop(t)

	again := startServe(t, dir, "--demo")
	again.stop(t)
	if strings.Contains(again.stdout(), "al_") {
		t.Fatalf("the second start printed a key again: %q", again.stdout())
	}
	if !strings.Contains(srv.stdout(), "password: ") || strings.Contains(again.stdout(), "password: ") {
		t.Fatalf("the demo operator's password: want it on the first start only; first %q, second %q", srv.stdout(), again.stdout())
	}
}

func TestMistakesPrintOneLine(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "tenant", "create", "--slug", "acme")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{}, 2, "no command given"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"serve", "--bogus"}, 2, "flag provided but not defined: -bogus"},
		{[]string{"tenant", "create"}, 2, "needs --slug"},
		{[]string{"tenant", "create", "--slug", "acme"}, 1, `tenant "acme" exists already`},
		{[]string{"tenant", "create", "--slug", "Bad Slug"}, 1, "is not valid"},
		{[]string{"key", "create", "--tenant", "nope", "--scopes", "*"}, 1, `tenant "nope" does not exist`},
		{[]string{"key", "create", "--tenant", "acme", "--scopes", "root"}, 2, `scope "root" is unknown`},
		{[]string{"key", "create", "--tenant", "acme", "--scopes", "*", "--expires", "soon"}, 2, `expires "soon" is not valid`},
		{[]string{"key", "revoke", "--tenant", "acme", "al_nope"}, 1, `key "al_nope" does not exist`},
		{[]string{"demo", "--tenant", "acme", "--agents", "0"}, 2, "--agents of at least 1"},
		{[]string{"migrate", "--db", "postgres://agentlog@127.0.0.1:1/none"}, 1, "cannot be reached"},
		{[]string{"serve", "--addr", "256.0.0.1:99999"}, 1, "cannot listen"},
		{[]string{"serve", "--rate-limit", "-1"}, 2, `rate-limit = "-1" (from flag --rate-limit): want a number of at least 0`},
		{[]string{"serve", "--max-concurrent", "many"}, 2, `max-concurrent = "many" (from flag --max-concurrent): want an integer of at least 0`},
	}
	for _, c := range cases {
		r := run(t, dir, c.args...)
		lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
		if c.args == nil || len(c.args) == 0 {
			lines = lines[len(lines)-1:] // no command: the overview, then the one line
		}
		if r.code != c.code || len(lines) != 1 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("agentlog %v: exit %d, stderr %q; want exit %d and one line with %q", c.args, r.code, r.stderr, c.code, c.want)
		}
	}
}

func TestHelpExitsZero(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"serve", "-h"}, {"key", "create", "-h"}, {"demo", "-h"}, {"migrate", "-h"}, {"tenant", "list", "-h"},
		{"tenant", "-h"}, {"key", "--help"}, {"operator", "-h"}, {"sync", "-h"}, {"backup", "-h"}, {"import", "-h"}, {"export", "-h"}} {
		r := run(t, t.TempDir(), args...)
		if r.code != 0 || !strings.Contains(r.stdout, "agentlog") {
			t.Errorf("agentlog %v: exit %d, stdout %q; want 0 and a usage", args, r.code, r.stdout)
		}
	}
}

func TestMigrateAndRevoke(t *testing.T) {
	dir := t.TempDir()
	if r := run(t, dir, "migrate", "--db", "x.db"); r.code != 0 || !strings.Contains(r.stderr, "up to date") {
		t.Fatalf("migrate: exit %d, stderr %q", r.code, r.stderr)
	}
	if r := run(t, dir, "migrate", "--db", "x.db"); r.code != 0 {
		t.Fatalf("a second migrate failed: %q", r.stderr)
	}
	mustRun(t, dir, "tenant", "create", "--slug", "acme", "--db", "x.db")
	key := strings.TrimSpace(mustRun(t, dir, "key", "create", "--tenant", "acme", "--scopes", "*", "--db", "x.db"))
	id := strings.SplitN(key, ".", 2)[0]
	mustRun(t, dir, "key", "revoke", id, "--tenant", "acme", "--db", "x.db")
	srv := startServe(t, dir, "--db", "x.db")
	defer srv.stop(t)
	req, _ := http.NewRequest("GET", srv.url+"/api/v1/users", nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a revoked key got %d, want 401", resp.StatusCode)
	}
}

// served is a running "agentlog serve".
type served struct {
	cmd    *exec.Cmd
	url    string
	out    *bytes.Buffer
	done   chan error
	logBuf *bytes.Buffer
}

func (s *served) stdout() string { return s.out.String() }

// startServe starts serve on a free port and waits until it listens.
func startServe(t *testing.T, dir string, args ...string) *served {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Dir = dir
	cmd.Env = cleanEnv()
	s := &served{cmd: cmd, out: &bytes.Buffer{}, done: make(chan error, 1), logBuf: &bytes.Buffer{}}
	cmd.Stdout = s.out
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	urls := make(chan string, 1)
	go scanLog(stderr, s.logBuf, urls)
	go func() { s.done <- cmd.Wait() }()
	select {
	case s.url = <-urls:
	case err := <-s.done:
		t.Fatalf("serve exited before listening: %v\n%s", err, s.logBuf)
	case <-time.After(2 * time.Minute):
		cmd.Process.Kill()
		t.Fatalf("serve did not start listening:\n%s", s.logBuf)
	}
	return s
}

var servingURL = regexp.MustCompile(`msg="agentlog serving" url=(http://\S+)`)

func scanLog(r io.Reader, keep *bytes.Buffer, urls chan<- string) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		keep.WriteString(sc.Text() + "\n")
		if m := servingURL.FindStringSubmatch(sc.Text()); m != nil {
			urls <- m[1]
		}
	}
}

// stop sends SIGTERM and requires a clean exit.
func (s *served) stop(t *testing.T) {
	t.Helper()
	if s.cmd.ProcessState != nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("serve exited with %v after SIGTERM", err)
		}
	case <-time.After(time.Minute):
		s.cmd.Process.Kill()
		t.Fatal("serve did not stop after SIGTERM")
	}
}

func getJSON(t *testing.T, url, key string, v any) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v in %s", url, err, body)
	}
}

// TestServeLimitFlags starts serve with a rate limit and a small header
// limit: a key's second request is a 429, a large header a 431.
func TestServeLimitFlags(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "tenant", "create", "--slug", "acme", "--db", "x.db")
	key := strings.TrimSpace(mustRun(t, dir, "key", "create", "--tenant", "acme", "--scopes", "*", "--db", "x.db"))
	srv := startServe(t, dir, "--db", "x.db", "--rate-limit", "0.001", "--rate-burst", "1", "--max-header-bytes", "1024", "--max-concurrent", "8")
	defer srv.stop(t)
	status := func(header string) (int, string) {
		req, _ := http.NewRequest("GET", srv.url+"/api/v1/users", nil)
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("X-Padding", header)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Retry-After")
	}
	if got, _ := status(""); got != http.StatusOK {
		t.Fatalf("the first request: got %d, want 200", got)
	}
	if got, after := status(""); got != http.StatusTooManyRequests || after != "1000" {
		t.Fatalf("the second request at 0.001 a second: got %d, Retry-After %q; want 429, 1000", got, after)
	}
	if got, _ := status(strings.Repeat("x", 16<<10)); got != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("a 16 KiB header with --max-header-bytes 1024: got %d, want 431", got)
	}
}
