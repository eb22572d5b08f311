package main

import (
	"os"
	"strings"
	"testing"
)

const (
	referenceFile  = "../../docs/configuration.md"
	referenceBegin = "<!-- settings:begin (generated from cmd/agentlog/serve_settings.go) -->\n"
	referenceEnd   = "<!-- settings:end -->\n"
)

// TestConfigurationReference requires that the table of settings in
// docs/configuration.md is the one serveSettings declares. With
// AGENTLOG_UPDATE_DOCS=1 it rewrites the table instead.
func TestConfigurationReference(t *testing.T) {
	var want strings.Builder
	if err := serveSettings(&serveConfig{}).Reference(&want); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(referenceFile)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	begin, end := strings.Index(doc, referenceBegin), strings.Index(doc, referenceEnd)
	if begin < 0 || end < begin {
		t.Fatalf("%s lacks the markers %q and %q", referenceFile, referenceBegin, referenceEnd)
	}
	got := doc[begin+len(referenceBegin) : end]
	if got == want.String() {
		return
	}
	if os.Getenv("AGENTLOG_UPDATE_DOCS") != "" {
		doc = doc[:begin+len(referenceBegin)] + want.String() + doc[end:]
		if err := os.WriteFile(referenceFile, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s is out of date with the settings; run AGENTLOG_UPDATE_DOCS=1 go test ./cmd/agentlog -run TestConfigurationReference", referenceFile)
}

// TestDockerfileBuildsLikeCI requires that the Dockerfile and .ci/run build
// the binary with the same script, so that the image holds what CI checks.
func TestDockerfileBuildsLikeCI(t *testing.T) {
	for _, file := range []string{"../../Dockerfile", "../../.ci/run"} {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		if !strings.Contains(text, ".ci/build") {
			t.Errorf("%s does not build with .ci/build", file)
		}
		if strings.Contains(text, "go build") {
			t.Errorf("%s runs go build itself; build with .ci/build instead", file)
		}
	}
}
