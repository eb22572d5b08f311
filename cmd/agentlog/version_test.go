package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// testVersion is the version TestMain stamps into the binary it builds.
const testVersion = "v0.0.0-test"

func TestVersionIsStamped(t *testing.T) {
	r := run(t, t.TempDir(), "version")
	want := "agentlog " + testVersion + " (" + runtime.Version()
	if r.code != 0 || !strings.HasPrefix(r.stdout, want) {
		t.Fatalf("version: exit %d, stdout %q; want it to start with %q", r.code, r.stdout, want)
	}
	if r := run(t, t.TempDir(), "--version"); r.stdout == "" || !strings.Contains(r.stdout, testVersion) {
		t.Errorf("--version: %q", r.stdout)
	}
}

func TestVersionFromBuildInfo(t *testing.T) {
	cases := []struct {
		info debug.BuildInfo
		want string
	}{
		{debug.BuildInfo{Main: debug.Module{Version: "v1.4.2"}}, "v1.4.2"}, // go install agentlog/cmd/agentlog@v1.4.2
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "devel"},
		{debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "true"}}}, "devel+0123456789ab-dirty"},
		{debug.BuildInfo{Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}}}, "devel+abc"},
	}
	for _, c := range cases {
		if got := fromBuildInfo(&c.info); got != c.want {
			t.Errorf("fromBuildInfo(%+v) = %q, want %q", c.info, got, c.want)
		}
	}
	if versionString() == "" {
		t.Error("versionString is empty without a stamp")
	}
}

func TestHealthcheck(t *testing.T) {
	srv := startServe(t, t.TempDir(), "--db", "h.db")
	defer srv.stop(t)
	addr := strings.TrimPrefix(srv.url, "http://")
	if r := run(t, t.TempDir(), "healthcheck", "--addr", addr); r.code != 0 || r.stdout != "ok\n" {
		t.Errorf("healthcheck of a running server: exit %d, %q %q", r.code, r.stdout, r.stderr)
	}
	if r := run(t, t.TempDir(), "healthcheck", "--addr", "127.0.0.1:1"); r.code != 1 || strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("healthcheck of nothing: exit %d, %q; want 1 and one line", r.code, r.stderr)
	}
	for addr, want := range map[string]string{"0.0.0.0:8080": "http://127.0.0.1:8080/healthz", ":9000": "http://127.0.0.1:9000/healthz",
		"db.local:80": "http://db.local:80/healthz"} {
		if got := healthURL(addr, false); got != want {
			t.Errorf("healthURL(%q) = %q, want %q", addr, got, want)
		}
	}
}
