package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// runEnv runs the binary in dir with extra environment variables.
func runEnv(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append(cleanEnv(), env...)
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

func TestPrintConfigMasksSecrets(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "agentlog.toml")
	if err := os.WriteFile(file, []byte("addr = \"0.0.0.0:9000\"\nmax-batch = 500\nlog-format = \"json\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runEnv(t, dir, []string{"AGENTLOG_DB=postgres://agentlog:pg-s3cret@db.internal:5432/agentlog", "AGENTLOG_MAX_BATCH=700"},
		"serve", "--config", file, "--log-format", "text", "--metrics-token", "tok-s3cret", "--print-config")
	if r.code != 0 {
		t.Fatalf("print-config: exit %d, stderr %q", r.code, r.stderr)
	}
	if strings.Contains(r.stdout, "s3cret") {
		t.Fatalf("print-config shows a secret:\n%s", r.stdout)
	}
	for _, want := range []string{
		`db = "postgres://agentlog:*****@db.internal:5432/agentlog"`,
		`addr = "0.0.0.0:9000"`, // file
		`max-batch = 700`,       // env over file
		`log-format = "text"`,   // flag over file
		`max-list-limit = 100`,  // default
		`metrics-token = "*****"`,
	} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("print-config lacks %q:\n%s", want, r.stdout)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "agentlog.db")); err == nil {
		t.Error("print-config created a database; it must only print")
	}
}

func TestBadConfigurationFailsFast(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("max-batch = 10\nlisten = \":80\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		env  []string
		args []string
		want string
	}{
		{nil, []string{"--max-batch", "0"}, `invalid configuration: max-batch = "0" (from flag --max-batch): want an integer of at least 1`},
		{[]string{"AGENTLOG_LOG_FORMAT=xml"}, nil, `log-format = "xml" (from environment variable AGENTLOG_LOG_FORMAT): want one of text, json`},
		{[]string{"AGENTLOG_SHUTDOWN_GRACE=soon"}, nil, `shutdown-grace = "soon"`},
		{nil, []string{"--config", bad}, `unknown setting "listen"`},
		{nil, []string{"--config", filepath.Join(dir, "missing.toml")}, "cannot read the configuration file"},
	}
	for _, c := range cases {
		r := runEnv(t, dir, c.env, append([]string{"serve"}, c.args...)...)
		lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
		if r.code != 2 || len(lines) != 1 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("serve %v %v: exit %d, stderr %q; want exit 2 and one line with %q", c.env, c.args, r.code, r.stderr, c.want)
		}
	}
}

// TestLogLevel requires that --log-level warn leaves out the request lines
// (info) and that info keeps them.
func TestLogLevel(t *testing.T) {
	for level, wantRequests := range map[string]bool{"warn": false, "info": true} {
		dir := t.TempDir()
		logs := &syncWriter{}
		addrs := make(chan string, 1)
		p := &Program{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: logs, Getenv: func(string) string { return "" },
			Listening: func(a string) { addrs <- a }}
		ctx, stop := context.WithCancel(context.Background())
		exited := make(chan error, 1)
		go func() {
			exited <- p.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(dir, "a.db"), "--log-level", level})
		}()
		resp, err := http.Get("http://" + <-addrs + "/healthz")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		stop()
		if err := <-exited; err != nil {
			t.Fatal(err)
		}
		if got := strings.Contains(logs.String(), "msg=request"); got != wantRequests {
			t.Errorf("--log-level %s: request lines logged: %v, want %v\n%s", level, got, wantRequests, logs)
		}
	}
}
