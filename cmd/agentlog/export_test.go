package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/export"
	"agentlog/internal/store"
)

// fillExportDB stores, in the SQLite file of tenant acme, status events
// whose texts CSV must quote, and a session event and a call.
func fillExportDB(t *testing.T, path string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tenant, err := db.TenantBySlug(ctx, "acme")
	if err != nil {
		t.Fatal(err)
	}
	ann := activity.UserRef{ID: "0d00ae63-5b5d-45b9-a7c0-88f9cfb26b5e", Login: "ann"}
	at := func(s string) time.Time { tm, _ := activity.ParseTime(s); return tm }
	_, err = db.IngestStatusEvents(ctx, tenant.ID, []activity.StatusEvent{
		{ID: "e1", User: ann, Status: "Lunch, long", Time: at("2024-03-01T08:00:00Z")},
		{ID: "e2", User: ann, Status: "say \"hi\"\nagain", Time: at("2024-03-01T09:00:00.5Z")},
		{ID: "e3", User: ann, Status: "", Time: at("2024-03-02T10:00:00Z")},
	})
	if err == nil {
		_, err = db.IngestSessionEvents(ctx, tenant.ID, []activity.SessionEvent{{ID: "s1", User: ann, Action: activity.Login, Time: at("2024-03-01T07:00:00Z"), Queue: "800"}})
	}
	if err == nil {
		started := at("2024-03-01T08:30:00Z")
		_, err = db.IngestCalls(ctx, tenant.ID, []activity.Call{{ID: "5f0d2a9e-1b7e-4a7d-9d9b-3c6a3c2f1a11", Direction: activity.Inbound,
			FromNumber: "+15559998888", ToNumber: "101", User: ann, StartedAt: &started, UpdatedAt: started, Status: "Ringing"}})
	}
	if err != nil {
		t.Fatal(err)
	}
}

var summaryLine = regexp.MustCompile(`^agentlog: exported (\d+) rows of ([a-z-]+) in \S+ \((\d+|-) rows/s\)\n$`)

// TestExportCommand exports from a SQLite file with the real binary: the
// exact CSV, a summary line on stderr, and for every kind and format the
// very bytes the HTTP export of the same database answers.
func TestExportCommand(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "tenant", "create", "--slug", "acme", "--db", "x.db")
	fillExportDB(t, filepath.Join(dir, "x.db"))

	r := run(t, dir, "export", "--db", "x.db", "--tenant", "acme", "--kind", "status-events", "--format", "csv", "--from", "2024-03-01", "--to", "2024-03-02")
	want := "id,userId,login,status,time\r\n" +
		"e1,0d00ae63-5b5d-45b9-a7c0-88f9cfb26b5e,ann,\"Lunch, long\",2024-03-01T08:00:00.000Z\r\n" +
		"e2,0d00ae63-5b5d-45b9-a7c0-88f9cfb26b5e,ann,\"say \"\"hi\"\"\nagain\",2024-03-01T09:00:00.500Z\r\n"
	if r.code != 0 || r.stdout != want {
		t.Fatalf("export: exit %d, stdout %q; want 0 and %q (stderr %q)", r.code, r.stdout, want, r.stderr)
	}
	if m := summaryLine.FindStringSubmatch(r.stderr); m == nil || m[1] != "2" || m[2] != "status-events" {
		t.Errorf("stderr: got %q, want the one summary line of 2 rows of status-events", r.stderr)
	}

	key := strings.TrimSpace(mustRun(t, dir, "key", "create", "--tenant", "acme", "--scopes", "*", "--db", "x.db"))
	srv := startServe(t, dir, "--db", "x.db")
	defer srv.stop(t)
	for _, kind := range []string{"status-events", "session-events", "calls"} {
		for _, format := range []string{"ndjson", "csv"} {
			got := mustRun(t, dir, "export", "--db", "x.db", "--tenant", "acme", "--kind", kind, "--format", format)
			if want := httpExport(t, srv.url+"/api/v1/export/"+kind+"?format="+format, key); got != want || got == "" {
				t.Errorf("%s as %s: the command wrote %q, the HTTP export %q", kind, format, got, want)
			}
		}
	}
	if got := mustRun(t, dir, "export", "--db", "x.db", "--tenant", "acme", "--kind", "session-events"); !strings.HasPrefix(got, `{"id":"s1",`) {
		t.Errorf("the default format: got %q, want NDJSON", got)
	}
}

func httpExport(t *testing.T, url, key string) string {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+key)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %s %v", url, resp.StatusCode, body, err)
	}
	return string(body)
}

// TestExportMistakes print one line, and nothing on stdout.
func TestExportMistakes(t *testing.T) {
	dir := t.TempDir()
	mustRun(t, dir, "tenant", "create", "--slug", "acme")
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--tenant", "acme", "--kind", "users"}, 2, `kind "users" is unknown: use status-events, session-events or calls`},
		{[]string{"--kind", "calls"}, 2, "export needs --tenant and --kind"},
		{[]string{"--tenant", "acme"}, 2, "export needs --tenant and --kind"},
		{[]string{"--tenant", "acme", "--kind", "calls", "--from", "yesterday"}, 2, `--from "yesterday" is not a time: accepted are ISO 8601`},
		{[]string{"--tenant", "acme", "--kind", "calls", "--to", "2024-02-30"}, 2, `--to "2024-02-30" is not a time`},
		{[]string{"--tenant", "acme", "--kind", "calls", "--from", "2024-03-02", "--to", "2024-03-01"}, 2, "--to is before --from"},
		{[]string{"--tenant", "acme", "--kind", "calls", "--format", "xml"}, 2, `format "xml" is not valid: use ndjson or csv`},
		{[]string{"--tenant", "acme", "--kind", "calls", "extra"}, 2, `export takes no argument "extra"`},
		{[]string{"--tenant", "nope", "--kind", "calls"}, 1, `tenant "nope" does not exist`},
	}
	for _, c := range cases {
		r := run(t, dir, append([]string{"export"}, c.args...)...)
		if r.code != c.code || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, c.want) || r.stdout != "" {
			t.Errorf("agentlog export %v: exit %d, stderr %q, stdout %q; want exit %d and one line with %q", c.args, r.code, r.stderr, r.stdout, c.code, c.want)
		}
	}
	if r := run(t, dir, "export", "-h"); r.code != 0 || !strings.Contains(r.stdout, "agentlog export --tenant S --kind") {
		t.Errorf("export -h: exit %d, stdout %q", r.code, r.stdout)
	}
}

// TestProgressOnATerminal rewrites one line in place and ends it with the
// summary; elsewhere it writes whole lines.
func TestProgressOnATerminal(t *testing.T) {
	for _, terminal := range []bool{true, false} {
		var out bytes.Buffer
		p := &progress{w: &out, kind: export.Calls, terminal: terminal, start: time.Now().Add(-time.Second)}
		p.update(1024)
		p.update(1500) // not a multiple of 1024: the clock is not even read
		p.update(20480)
		p.finish(20500, nil)
		got := out.String()
		want := regexp.MustCompile(`^agentlog: exporting calls: 1024 rows, \d+ rows/s\n` +
			`agentlog: exporting calls: 20480 rows, \d+ rows/s\n` +
			`agentlog: exported 20500 rows of calls in \S+ \(\d+ rows/s\)\n$`)
		if terminal {
			want = regexp.MustCompile(`^\ragentlog: exporting calls: 1024 rows, \d+ rows/s` +
				`\ragentlog: exporting calls: 20480 rows, \d+ rows/s *` +
				`\ragentlog: exported 20500 rows of calls in \S+ \(\d+ rows/s\) *\n$`)
		}
		if !want.MatchString(got) {
			t.Errorf("terminal %v: got %q, want it to match %s", terminal, got, want)
		}
	}
	var out bytes.Buffer
	p := &progress{w: &out, kind: export.Calls, terminal: true, start: time.Now()}
	p.update(1024)
	p.finish(1024, io.ErrUnexpectedEOF)
	if got := out.String(); !strings.HasPrefix(got, "\ragentlog: exporting calls: 1024 rows") || !strings.HasSuffix(got, "\n") || strings.Contains(got, "exported") {
		t.Errorf("after an error: got %q, want the line in place ended, for the error to follow, and no summary", got)
	}
}
