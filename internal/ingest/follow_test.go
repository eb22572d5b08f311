package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// following is a Follower running in the background.
type following struct {
	f       *Follower
	cancel  context.CancelFunc
	done    chan error
	mu      sync.Mutex
	notices []string
}

func startFollow(t *testing.T, db *store.DB, tenantID int64, path, cp string) *following {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	fl := &following{cancel: cancel, done: make(chan error, 1)}
	fl.f = &Follower{Importer: &Importer{DB: db, TenantID: tenantID}, Log: &QueueLog{}, Path: path, Checkpoint: cp,
		Poll: 2 * time.Millisecond, Notice: func(s string) { fl.mu.Lock(); fl.notices = append(fl.notices, s); fl.mu.Unlock() }}
	go func() { fl.done <- fl.f.Run(ctx) }()
	t.Cleanup(cancel)
	return fl
}

func (fl *following) stop(t *testing.T) {
	t.Helper()
	fl.cancel()
	select {
	case err := <-fl.done:
		if err != nil {
			t.Fatalf("follow: %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("follow did not stop")
	}
}

// eventually waits until cond holds; it fails the test after a long time.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(2 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waited in vain for %s", what)
		}
	}
}

func appendTo(t *testing.T, path string, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

// login is a queue_log line logging agent in at second s.
func login(s int, agent string) string {
	return fmt.Sprintf("%d|NONE|support|SIP/%s|ADDMEMBER|\n", 1700000000+s, agent)
}

func TestFollowRotationTruncationCheckpoint(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tn := storetest.MustTenant(t, db, "acme")
		dir := t.TempDir()
		path, cp := filepath.Join(dir, "queue_log"), filepath.Join(dir, "checkpoint.json")
		sessions := func(n int) func() bool {
			return func() bool { return countRows(t, db, tn.ID).sessions == n }
		}
		fl := startFollow(t, db, tn.ID, path, cp) // before the file exists
		appendTo(t, path, login(1, "1001")+login(2, "1002"))
		eventually(t, "the first two lines", sessions(2))

		appendTo(t, path, "1700000003|NONE|support|SIP/1003|ADDMEM") // being written
		appendTo(t, path, "BER|\n")
		eventually(t, "the line written in two parts", sessions(3))

		appendTo(t, path, login(4, "1004")) // written just before the rotation
		if err := os.Rename(path, path+".1"); err != nil {
			t.Fatal(err)
		}
		appendTo(t, path, login(5, "1005")+login(6, "1006"))
		eventually(t, "the rest of the old file and the new one", sessions(6))

		if err := os.Truncate(path, 0); err != nil { // copytruncate
			t.Fatal(err)
		}
		appendTo(t, path, login(7, "1007"))
		eventually(t, "the truncated file", sessions(7))

		appendTo(t, path, "1700000008|call-1|support|NONE|ENTERQUEUE||+49111|1\n")
		eventually(t, "the call", func() bool { return countRows(t, db, tn.ID).calls == 1 })
		fl.stop(t)
		fl.mu.Lock()
		if got := strings.Join(fl.notices, "; "); !strings.Contains(got, "rotated") || !strings.Contains(got, "truncated") {
			t.Errorf("notices: got %q, want a rotation and a truncation", got)
		}
		fl.mu.Unlock()

		// Written while nothing follows; the restart reads these lines only.
		appendTo(t, path, login(9, "1009")+"1700000030|call-1|support|SIP/1001|CONNECT|22|x|3\n"+
			"1700000090|call-1|support|SIP/1001|COMPLETECALLER|22|60|1\n")
		fl = startFollow(t, db, tn.ID, path, cp)
		eventually(t, "the lines written while stopped", sessions(8))
		eventually(t, "the call's end", func() bool { return callsByFrom(t, db, tn.ID)["+49111"].EndedAt != nil })
		fl.stop(t)
		if got, want := fl.f.Importer.Stats.Lines, int64(3); got != want {
			t.Errorf("the restart read %d lines, want %d", got, want)
		}
		call := callsByFrom(t, db, tn.ID)["+49111"]
		if got, want := span(call), "wait 22, talk 60"; got != want || call.User.Login != "1001" {
			t.Errorf("call across the restart: got %s by %q, want %s by 1001", got, call.User.Login, want)
		}
		if got := countRows(t, db, tn.ID).calls; got != 1 {
			t.Errorf("got %d calls, want 1", got)
		}
	})
}
