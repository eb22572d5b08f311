package crashtest

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// binary is the agentlog binary the tests run, built once.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "agentlog-crashtest")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "agentlog")
	build := exec.Command("go", "build", "-o", binary, "agentlog/cmd/agentlog")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		panic("building agentlog: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// process is one running "agentlog serve".
type process struct {
	cmd    *exec.Cmd
	url    string
	exited chan struct{} // closed when the process has exited
	code   int           // its exit code (-1: killed by a signal), once exited
	mu     sync.Mutex
	log    bytes.Buffer
}

var servingURL = regexp.MustCompile(`msg="agentlog serving" url=(http://\S+)`)

// serve starts "agentlog serve" over dsn on a free loopback port and waits
// until it listens.
func serve(t *testing.T, dsn string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0", "--db", dsn}, args...)...)
	cmd.Env = cleanEnv()
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &process{cmd: cmd, exited: make(chan struct{})}
	urls := make(chan string, 1)
	go p.scan(stderr, urls)
	go func() {
		_ = cmd.Wait()
		p.code = cmd.ProcessState.ExitCode()
		close(p.exited)
	}()
	t.Cleanup(func() {
		if !p.hasExited() {
			_ = cmd.Process.Kill()
			<-p.exited
		}
	})
	select {
	case p.url = <-urls:
	case <-p.exited:
		t.Fatalf("serve exited before listening:\n%s", p.logText())
	case <-time.After(time.Minute):
		t.Fatalf("serve did not listen within a minute:\n%s", p.logText())
	}
	return p
}

func (p *process) scan(r io.Reader, urls chan<- string) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		p.mu.Lock()
		p.log.WriteString(sc.Text() + "\n")
		p.mu.Unlock()
		if m := servingURL.FindStringSubmatch(sc.Text()); m != nil {
			urls <- m[1]
		}
	}
}

func (p *process) logText() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.log.String()
}

func (p *process) hasExited() bool {
	select {
	case <-p.exited:
		return true
	default:
		return false
	}
}

// kill kills the process with SIGKILL, as a crash or a power cut would, and
// waits for it to be gone.
func (p *process) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("SIGKILL: %v", err)
	}
	<-p.exited
}

// terminate sends SIGTERM and returns how long the process took to exit,
// failing unless it exits with 0 within limit.
func (p *process) terminate(t *testing.T, limit time.Duration) time.Duration {
	t.Helper()
	return p.mustExitZero(t, p.sendTERM(t), limit)
}

// sendTERM sends SIGTERM and returns when.
func (p *process) sendTERM(t *testing.T) time.Time {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("SIGTERM: %v", err)
	}
	return time.Now()
}

// mustExitZero waits for the process to exit 0 within limit of sent, the
// moment SIGTERM was sent, and returns how long it took.
func (p *process) mustExitZero(t *testing.T, sent time.Time, limit time.Duration) time.Duration {
	t.Helper()
	select {
	case <-p.exited:
	case <-time.After(time.Until(sent.Add(limit))):
		t.Fatalf("serve still runs %s after SIGTERM:\n%s", limit, p.logText())
	}
	if p.code != 0 {
		t.Fatalf("serve exited with %d after SIGTERM:\n%s", p.code, p.logText())
	}
	return time.Since(sent)
}

// cleanEnv is the test's environment without agentlog's settings.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AGENTLOG_") {
			env = append(env, kv)
		}
	}
	return env
}
