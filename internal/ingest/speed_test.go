package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// TestImportSpeed imports a generated queue_log of AGENTLOG_IMPORT_LINES
// lines (1,000,000 by default) into SQLite and logs lines per second. It
// runs only with AGENTLOG_IMPORT_SPEED=1:
//
//	AGENTLOG_IMPORT_SPEED=1 go test ./internal/ingest/ -run ImportSpeed -v
func TestImportSpeed(t *testing.T) {
	if os.Getenv("AGENTLOG_IMPORT_SPEED") != "1" {
		t.Skip("set AGENTLOG_IMPORT_SPEED=1 to measure the import speed")
	}
	lines := 1_000_000
	if n := os.Getenv("AGENTLOG_IMPORT_LINES"); n != "" {
		fmt.Sscan(n, &lines)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "queue_log")
	writeQueueLog(t, path, lines)
	db, err := store.Open(context.Background(), filepath.Join(dir, "agentlog.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	tn := storetest.MustTenant(t, db, "acme")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im := &Importer{DB: db, TenantID: tn.ID, Decoder: &QueueLog{}}
	start := time.Now()
	if err := im.Run(context.Background(), f); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	var mem runtime.MemStats
	runtime.ReadMemStats(&mem)
	t.Logf("%d lines in %s: %.0f lines/s; %+v; heap in use %d MiB", im.Stats.Lines, took.Round(time.Millisecond),
		float64(im.Stats.Lines)/took.Seconds(), im.Stats, mem.HeapInuse>>20)
	if im.Stats.Skipped != 0 {
		t.Errorf("%d lines skipped", im.Stats.Skipped)
	}
}

// writeQueueLog writes n lines of a busy call center: 50 agents taking
// calls (ENTERQUEUE, RINGNOANSWER, CONNECT, COMPLETE*), some abandoned, and
// pauses in between.
func writeQueueLog(t *testing.T, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	ts := int64(1700000000)
	written := 0
	put := func(format string, args ...any) {
		if written < n {
			fmt.Fprintf(w, format+"\n", args...)
			written++
		}
	}
	for i := 0; written < n; i++ {
		agent := fmt.Sprintf("SIP/%d", 1000+i%50)
		call := fmt.Sprintf("%d.%d", ts, i)
		put("%d|%s|support|NONE|ENTERQUEUE||+4930%07d|1", ts, call, i)
		switch i % 10 {
		case 9:
			put("%d|%s|support|NONE|ABANDON|1|1|25", ts+25, call)
		case 8:
			put("%d|NONE|NONE|%s|PAUSE|Lunch", ts, agent)
			put("%d|NONE|NONE|%s|UNPAUSE|", ts+60, agent)
			fallthrough
		default:
			put("%d|%s|support|%s|RINGNOANSWER|15000", ts+15, call, agent)
			put("%d|%s|support|%s|CONNECT|20|%s.1|5", ts+20, call, agent, call)
			put("%d|%s|support|%s|COMPLETECALLER|20|180|1", ts+200, call, agent)
		}
		ts += 3
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}
