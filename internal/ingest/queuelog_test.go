package ingest

import (
	"errors"
	"strings"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

func TestQueueLogImport(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tn := storetest.MustTenant(t, db, "acme")
		st, skips, err := importFile(t, db, tn.ID, &QueueLog{}, "testdata/queue_log", false)
		if err != nil {
			t.Fatal(err)
		}
		wantSkips := []skipped{
			{16, `unknown queue_log event "FROBNICATE"`},
			{17, `time "not-a-time" is not a Unix time in seconds`},
			{24, `the last line is truncated (no newline at the end): unknown queue_log event "PAU"`},
		}
		if got, want := len(skips), len(wantSkips); got != want {
			t.Fatalf("got %d skipped lines %v, want %d", got, skips, want)
		}
		for i := range skips {
			if got, want := skips[i], wantSkips[i]; got != want {
				t.Errorf("skip %d: got %v, want %v", i, got, want)
			}
		}
		if got, want := (Stats{Lines: st.Lines, Skipped: st.Skipped, Ignored: st.Ignored}), (Stats{Lines: 24, Skipped: 3, Ignored: 3}); got != want {
			t.Errorf("stats: got %+v, want %+v", got, want)
		}
		if got, want := countRows(t, db, tn.ID), (counts{status: 3, sessions: 5, calls: 5, users: 2}); got != want {
			t.Errorf("rows: got %+v, want %+v", got, want)
		}
		calls := callsByFrom(t, db, tn.ID)
		for _, c := range []struct{ from, span, login, to string }{
			{"", "wait 20, talk 100", "1001", ""}, // entered the queue before the file starts
			{"+4930123456", "wait 10, talk 60", "1001", "5551000"},
			{"+4930999", "wait 30, abandoned", "", ""},
			{"+4930888", "wait 20, unanswered", "", ""},
			{"+4930777", "wait 10, talk -", "1002", ""}, // still in progress at the end
		} {
			call, ok := calls[c.from]
			if !ok {
				t.Errorf("no call from %q", c.from)
				continue
			}
			if got := span(call); got != c.span {
				t.Errorf("call from %q: got %s, want %s", c.from, got, c.span)
			}
			if call.User.Login != c.login || call.ToNumber != c.to || call.Queue != "support" {
				t.Errorf("call from %q: got agent %q, to %q, queue %q, want %q, %q, support", c.from, call.User.Login, call.ToNumber, call.Queue, c.login, c.to)
			}
		}

		before := countRows(t, db, tn.ID)
		again, _, err := importFile(t, db, tn.ID, &QueueLog{}, "testdata/queue_log", false)
		if err != nil {
			t.Fatal(err)
		}
		if again.Stored != 0 {
			t.Errorf("re-import stored %d new items, want 0", again.Stored)
		}
		if got, want := countRows(t, db, tn.ID), before; got != want {
			t.Errorf("rows after re-import: got %+v, want %+v", got, want)
		}
	})
}

func TestQueueLogStrict(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tn := storetest.MustTenant(t, db, "acme")
		st, _, err := importFile(t, db, tn.ID, &QueueLog{}, "testdata/queue_log", true)
		var skip *SkipError
		if !errors.As(err, &skip) || skip.Line != 16 || !strings.Contains(skip.Reason, "FROBNICATE") {
			t.Fatalf("got %v, want the unknown event of line 16", err)
		}
		if got, want := st.Lines, int64(16); got != want {
			t.Errorf("read %d lines, want to stop at %d", got, want)
		}
	})
}

func TestAgentLogin(t *testing.T) {
	for agent, want := range map[string]string{
		"SIP/1001": "1001", "PJSIP/101": "101", "Agent/1001": "1001",
		"Local/1001@from-queue/n": "1001", "John Doe": "John Doe", "SIP/": "SIP/",
	} {
		if got := AgentLogin(agent); got != want {
			t.Errorf("AgentLogin(%q): got %q, want %q", agent, got, want)
		}
	}
}

func TestQueueLogEvents(t *testing.T) {
	for _, c := range []struct {
		line, status, session string
	}{
		{"1700000000|NONE|NONE|SIP/1|PAUSE|Coffee", "Coffee", ""},
		{"1700000000|NONE|NONE|SIP/1|PAUSEALL|", "Paused", ""},
		{"1700000000|NONE|NONE|SIP/1|UNPAUSEALL|", "Available", ""},
		{"1700000000|NONE|NONE|Agent/1|AGENTCALLBACKLOGIN|1@default", "", "login "},
		{"1700000000|NONE|NONE|Agent/1|AGENTCALLBACKLOGOFF|1@default|60|autologoff", "", "logout "},
		{"1700000000|NONE|sales|SIP/1|REMOVEMEMBER|", "", "logout sales"},
	} {
		var b Batch
		if err := (&QueueLog{}).Decode(1, c.line, &b); err != nil {
			t.Errorf("%s: %v", c.line, err)
			continue
		}
		var status, session string
		if len(b.Status) == 1 {
			status = b.Status[0].Status
		}
		if len(b.Sessions) == 1 {
			session = b.Sessions[0].Action + " " + b.Sessions[0].Queue
		}
		if status != c.status || session != c.session {
			t.Errorf("%s: got status %q, session %q, want %q, %q", c.line, status, session, c.status, c.session)
		}
		if len(b.Status)+len(b.Sessions) == 1 && b.Len() == 1 {
			id := append(b.Status, activity.StatusEvent{ID: ""})[0].ID
			if len(b.Sessions) == 1 {
				id = b.Sessions[0].ID
			}
			if id != activity.NameUUID("queue_log\x00"+c.line) {
				t.Errorf("%s: id %q is not derived from the line", c.line, id)
			}
		}
	}
}
