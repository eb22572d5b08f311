package config

import (
	"errors"
	"flag"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

type testConfig struct {
	File    string
	Addr    string
	Listen  string
	Batch   int
	Grace   time.Duration
	Demo    bool
	Token   string
	DSN     string
	Format  string
	Proxies []netip.Prefix
}

func testSet(c *testConfig) *Set {
	s := NewSet("T_")
	s.File(&c.File, "config", "file")
	s.String(&c.Addr, "addr", "127.0.0.1:8080", "listen address")
	s.Address(&c.Listen, "listen", "", "listen address")
	s.Int(&c.Batch, "max-batch", 100, 1, "batch")
	s.Duration(&c.Grace, "grace", time.Minute, time.Second, "grace")
	s.Bool(&c.Demo, "demo", false, "demo")
	s.String(&c.Token, "token", "", "token").Mask(MaskAll)
	s.String(&c.DSN, "db", "a.db", "db").Mask(MaskDSN)
	s.Choice(&c.Format, "log-format", "text", "format", "text", "json")
	s.Prefixes(&c.Proxies, "trusted-proxies", "", "proxies")
	return s
}

// resolve parses args as flags and resolves with env.
func resolve(t *testing.T, args []string, env map[string]string) (*testConfig, *Set, error) {
	t.Helper()
	var c testConfig
	s := testSet(&c)
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	s.Flags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	err := s.Resolve(func(k string) string { return env[k] })
	return &c, s, err
}

func writeFile(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "agentlog.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestPrecedence(t *testing.T) {
	file := writeFile(t, "addr = \"file:1\"\nmax-batch = 7\ngrace = \"5s\"\ndemo = true\n")
	c, s, err := resolve(t, []string{"--config", file, "--addr", "flag:1"},
		map[string]string{"T_ADDR": "env:1", "T_MAX_BATCH": "9"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "flag:1" || c.Batch != 9 || c.Grace != 5*time.Second || !c.Demo || c.Format != "text" {
		t.Fatalf("got %+v, want flag addr, env batch, file grace and demo, default format", c)
	}
	for name, want := range map[string]string{"addr": "flag", "max-batch": "env", "grace": "file", "log-format": "default"} {
		if _, got := s.Lookup(name).Value(); got != want {
			t.Errorf("%s came from %s, want %s", name, got, want)
		}
	}
}

func TestInvalidValues(t *testing.T) {
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--max-batch", "0"}, nil, `max-batch = "0" (from flag --max-batch): want an integer of at least 1`},
		{nil, map[string]string{"T_MAX_BATCH": "many"}, `max-batch = "many" (from environment variable T_MAX_BATCH)`},
		{[]string{"--grace", "10ms"}, nil, `grace = "10ms" (from flag --grace): want a duration such as 30s, 5m or 1h, of at least 1s`},
		{[]string{"--log-format", "xml"}, nil, `want one of text, json`},
		{[]string{"--demo=maybe"}, nil, `want true or false`},
		{[]string{"--listen", "8080"}, nil, `listen = "8080" (from flag --listen): want host:port`},
		{[]string{"--listen", "127.0.0.1:"}, nil, `want host:port`},
	}
	for _, tc := range cases {
		_, _, err := resolve(t, tc.args, tc.env)
		var cerr *Error
		if !errors.As(err, &cerr) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v %v: got %v, want an *Error containing %q", tc.args, tc.env, err, tc.want)
		}
	}
}

func TestFileMistakes(t *testing.T) {
	for text, want := range map[string]string{
		"adr = \"x\"\n":     `unknown setting "adr"`,
		"addr = \n":         "is not valid TOML",
		"max-batch = 1.5\n": "float64 is not accepted",
		"config = \"x\"\n":  `unknown setting "config"`,
	} {
		_, _, err := resolve(t, []string{"--config", writeFile(t, text)}, nil)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("file %q: got %v, want one line containing %q", text, err, want)
		}
	}
	_, _, err := resolve(t, []string{"--config", "/nonexistent/agentlog.toml"}, nil)
	if err == nil || !strings.Contains(err.Error(), "cannot read the configuration file") {
		t.Errorf("missing file: got %v", err)
	}
	// A file in the environment works as the flag does; a bad value in it
	// names the file as its source.
	_, _, err = resolve(t, nil, map[string]string{"T_CONFIG": writeFile(t, "max-batch = -3\n")})
	if err == nil || !strings.Contains(err.Error(), `max-batch = "-3" (from the configuration file)`) {
		t.Errorf("bad value in file: got %v", err)
	}
}

func TestPrintMasksSecrets(t *testing.T) {
	_, s, err := resolve(t, []string{"--token", "tok-s3cret", "--db", "postgres://agentlog:pw-s3cret@db:5432/agentlog?sslmode=require"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := s.Print(&out); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	if strings.Contains(got, "s3cret") {
		t.Fatalf("print shows a secret:\n%s", got)
	}
	for _, want := range []string{`token = "*****"`, `db = "postgres://agentlog:*****@db:5432/agentlog?sslmode=require"`, `addr = "127.0.0.1:8080"`, "# default", "# flag"} {
		if !strings.Contains(got, want) {
			t.Errorf("print lacks %q:\n%s", want, got)
		}
	}
	// A secret that fails validation is masked in the error too.
	var c struct{ n int }
	s2 := NewSet("T_")
	s2.Int(&c.n, "secret-number", 1, 1, "x").Mask(MaskAll)
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	s2.Flags(fs)
	_ = fs.Parse([]string{"--secret-number", "s3cret"})
	if err := s2.Resolve(func(string) string { return "" }); err == nil || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("invalid secret: got %v, want an error without the value", err)
	}
}

func TestMaskDSN(t *testing.T) {
	for in, want := range map[string]string{
		"agentlog.db":       "agentlog.db",
		"postgres://u@h/db": "postgres://u@h/db",
		"postgres://u:p%40ss@h:5432/db?sslmode=verify": "postgres://u:*****@h:5432/db?sslmode=verify",
		"postgres://u@h/db?password=pw&sslmode=off":    "postgres://u@h/db?password=*****&sslmode=off",
		"host=h user=u password='a b' dbname=x":        "host=h user=u password=***** dbname=x",
	} {
		if got := MaskDSN(in); got != want {
			t.Errorf("MaskDSN(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPrefixes(t *testing.T) {
	c, s, err := resolve(t, []string{"--config", writeFile(t, "trusted-proxies = [\"10.0.0.0/8\", \"::1\", \"192.168.1.7/24\"]\n")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("::1/128"), netip.MustParsePrefix("192.168.1.0/24")}
	if len(c.Proxies) != len(want) {
		t.Fatalf("got %v, want %v", c.Proxies, want)
	}
	for i := range want {
		if c.Proxies[i] != want[i] {
			t.Errorf("prefix %d: got %v, want %v", i, c.Proxies[i], want[i])
		}
	}
	var out strings.Builder
	_ = s.Print(&out)
	if !strings.Contains(out.String(), `trusted-proxies = ["10.0.0.0/8", "::1", "192.168.1.7/24"]`) {
		t.Errorf("print: %s", out.String())
	}
	_, _, err = resolve(t, nil, map[string]string{"T_TRUSTED_PROXIES": "10.0.0.0/8, proxy.local"})
	if err == nil || !strings.Contains(err.Error(), "comma-separated list of IP addresses or CIDR prefixes") {
		t.Errorf("a host name: got %v", err)
	}
}

// TestPrintIsAConfigFile requires that --print-config's output, without
// secrets, reads back as a configuration file giving the same values.
func TestPrintIsAConfigFile(t *testing.T) {
	_, s, err := resolve(t, []string{"--addr", "0.0.0.0:9", "--max-batch", "5", "--grace", "2m", "--demo",
		"--trusted-proxies", "10.0.0.0/8,::1"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var first strings.Builder
	_ = s.Print(&first)
	c, s2, err := resolve(t, []string{"--config", writeFile(t, first.String())}, nil)
	if err != nil {
		t.Fatalf("the printed configuration does not read back: %v\n%s", err, first.String())
	}
	if c.Addr != "0.0.0.0:9" || c.Batch != 5 || c.Grace != 2*time.Minute || !c.Demo || len(c.Proxies) != 2 {
		t.Errorf("read back %+v", c)
	}
	for _, st := range s.Settings() {
		v1, _ := st.Value()
		if v2, _ := s2.Lookup(st.Name).Value(); v1 != v2 && st.Kind != "file" {
			t.Errorf("%s: printed %q, read back %q", st.Name, v1, v2)
		}
	}
}

func TestFloat64(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  float64
		err   bool
	}{{"0.5", 0.5, false}, {"0", 0, false}, {"12", 12, false}, {"-1", 0, true}, {"NaN", 0, true}, {"Inf", 0, true}, {"x", 0, true}} {
		var rate float64
		s := NewSet("T_")
		s.Float64(&rate, "rate", 0, 0, "rate")
		fs := flag.NewFlagSet("t", flag.ContinueOnError)
		s.Flags(fs)
		if err := fs.Parse([]string{"--rate", tc.value}); err != nil {
			t.Fatal(err)
		}
		err := s.Resolve(func(string) string { return "" })
		if (err != nil) != tc.err || rate != tc.want {
			t.Errorf("--rate %s: got %v, %v; want %v, error %v", tc.value, rate, err, tc.want, tc.err)
		}
		if err != nil && !strings.Contains(err.Error(), "want a number of at least 0") {
			t.Errorf("--rate %s: error %q does not say what is accepted", tc.value, err)
		}
	}
}
