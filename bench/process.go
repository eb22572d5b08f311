package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// serverProcess is "agentlog serve" running as a process of its own over
// the bench's database. W5 measures the server's peak memory, which only a
// process of its own can show: in the harness's process the peak would
// include the data building's heap and the client's buffers.
type serverProcess struct {
	cmd    *exec.Cmd
	base   string
	exited chan struct{}
}

var servingURL = regexp.MustCompile(`msg="agentlog serving" url=(http://\S+)`)

// startServer builds the binary (once per run of the harness) and starts it
// over dsn on a free loopback port, returning once it listens.
func startServer(ctx context.Context, dsn string) (*serverProcess, error) {
	binary, err := agentlogBinary()
	if err != nil {
		return nil, err
	}
	cmd := exec.CommandContext(ctx, binary, "serve", "--addr", "127.0.0.1:0", "--db", dsn)
	cmd.Env = withoutSettings(os.Environ())
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &serverProcess{cmd: cmd, exited: make(chan struct{})}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := servingURL.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	go func() { _ = cmd.Wait(); close(p.exited) }()
	select {
	case p.base = <-urls:
		return p, nil
	case <-p.exited:
		return nil, fmt.Errorf("agentlog serve exited before listening")
	case <-time.After(time.Minute):
		p.stop()
		return nil, fmt.Errorf("agentlog serve did not listen within a minute")
	}
}

// peakRSS reads the process's peak resident set (VmHWM) in MiB.
func (p *serverProcess) peakRSS() (float64, error) {
	return vmHWM(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
}

// stop ends the process with SIGTERM and waits for it.
func (p *serverProcess) stop() {
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.exited:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

var builtBinary string

// agentlogBinary builds cmd/agentlog into a temporary directory the first
// time it is asked for; the directory is left for the system to clean.
func agentlogBinary() (string, error) {
	if builtBinary != "" {
		return builtBinary, nil
	}
	dir, err := os.MkdirTemp("", "agentlog-bench-bin-")
	if err != nil {
		return "", err
	}
	binary := filepath.Join(dir, "agentlog")
	build := exec.Command("go", "build", "-o", binary, "agentlog/cmd/agentlog")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("building agentlog: %v\n%s", err, out)
	}
	builtBinary = binary
	return binary, nil
}

// withoutSettings drops agentlog's own environment variables, so the server
// runs with its defaults and the flags given.
func withoutSettings(env []string) []string {
	var kept []string
	for _, kv := range env {
		if !strings.HasPrefix(kv, "AGENTLOG_") {
			kept = append(kept, kv)
		}
	}
	return kept
}

// vmHWM reads the VmHWM line of a /proc/PID/status file, in MiB.
func vmHWM(statusFile string) (float64, error) {
	f, err := os.Open(statusFile)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 64)
			return kb / 1024, err
		}
	}
	if err := s.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("%s has no VmHWM line", statusFile)
}
