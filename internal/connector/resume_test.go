package connector_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/connector"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// TestKilledSyncResumes stops a sync of day-long windows in the middle of
// its second window, as a kill would, then runs it again: the second run
// starts at the checkpoint the first one wrote, and B ends up equal to A,
// every item stored once.
func TestKilledSyncResumes(t *testing.T) {
	for _, source := range connector.Sources {
		t.Run(source, func(t *testing.T) {
			storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
				e := newEnv(t, db)
				sim := e.simulateA(t)
				cfg, _ := e.config(source)
				cfg.Window = 24 * time.Hour
				cfg.Checkpoint = filepath.Join(t.TempDir(), "sync.json")
				ctx, kill := context.WithCancel(context.Background())
				killAt := 3 // the second window's request
				if source == "3cx" {
					killAt = 5 // a token, then two requests a window: the second window's logins
				}
				e.proxy.reset(func(n int, w http.ResponseWriter, r *http.Request) bool {
					if n == killAt {
						kill()
						return true
					}
					return false
				})
				first, err := connector.Run(ctx, cfg)
				if !errors.Is(err, context.Canceled) {
					t.Fatalf("killed sync: got %v, want context.Canceled", err)
				}
				until := readCheckpoint(t, cfg.Checkpoint)
				if first.Windows == 0 || !until.Equal(first.Until) || !until.After(cfg.Since) {
					t.Fatalf("killed sync: %+v, checkpoint %s: want a window stored and checkpointed", first, until)
				}

				e.proxy.reset(nil)
				second := mustSync(t, cfg)
				if from := firstWindowStart(t, source, e.proxy.requests()); !from.Equal(until) {
					t.Errorf("the second run started at %s, want the checkpoint's %s", from, until)
				}
				// (3CX's session events are counted too; assertSame finds doubles there.)
				if want := simulated(source, sim); source != "3cx" && first.New+second.New != want {
					t.Errorf("new items: %d + %d, want %d in all", first.New, second.New, want)
				}
				e.assertSame(t, source, cfg, sim)
				if files, _ := filepath.Glob(filepath.Join(filepath.Dir(cfg.Checkpoint), "*")); len(files) != 1 {
					t.Errorf("files beside the checkpoint: %v, want the checkpoint alone (no temporary file left)", files)
				}
			})
		})
	}
}

func readCheckpoint(t *testing.T, path string) time.Time {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no checkpoint: %v", err)
	}
	var cp struct{ Until time.Time }
	if err := json.Unmarshal(data, &cp); err != nil {
		t.Fatalf("checkpoint %s: %v", data, err)
	}
	return cp.Until
}

// firstWindowStart reads the start of the first window a run asked for.
func firstWindowStart(t *testing.T, source string, reqs []request) time.Time {
	t.Helper()
	for _, r := range reqs {
		q := r.URL.Query()
		switch {
		case source == "voipcube":
			from, _ := activity.ParseTime(q.Get("from"))
			return from
		case source == "cention":
			from, _ := time.Parse("2006-01-02", "1970-01-01")
			var sec int64
			json.Unmarshal([]byte(q.Get("from")), &sec)
			return from.Add(time.Duration(sec) * time.Second)
		case source == "oneuptime":
			var body struct {
				Query struct{ UpdatedAt struct{ StartValue string } }
			}
			json.Unmarshal(r.Body, &body)
			from, _ := activity.ParseTime(body.Query.UpdatedAt.StartValue)
			return from
		case strings.HasSuffix(r.URL.Path, "/CallHistoryView"):
			f := strings.Fields(q.Get("$filter")) // SegmentStartTime ge <from> and ...
			from, _ := activity.ParseTime(f[2])
			return from
		}
	}
	t.Fatalf("no window asked for in %d requests", len(reqs))
	return time.Time{}
}

// TestCheckpointOfAnotherSync: a checkpoint written by a sync from another
// URL is refused, not used.
func TestCheckpointOfAnotherSync(t *testing.T) {
	e := newEnv(t, storetestDB(t))
	cfg, _ := e.config("voipcube")
	cfg.Checkpoint = filepath.Join(t.TempDir(), "sync.json")
	mustSync(t, cfg)
	cfg.URL = e.a.srv.URL
	if _, err := connector.Run(context.Background(), cfg); err == nil || !strings.Contains(err.Error(), "belongs to another sync") {
		t.Errorf("got %v, want the checkpoint refused", err)
	}
}

// TestFollow: once caught up, a following sync polls again and stores
// what A received since, until its context ends; with an overlap, that
// includes an event A received late, dated before the checkpoint.
func TestFollow(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		e.simulateA(t)
		var now atomic.Int64
		now.Store(simEnd.UnixMilli())
		cfg, _ := e.config("voipcube")
		cfg.Follow, cfg.Now = 5*time.Millisecond, func() time.Time { return time.UnixMilli(now.Load()) }
		cfg.Overlap = 30 * time.Minute
		cfg.Checkpoint = filepath.Join(t.TempDir(), "sync.json")
		ctx, stop := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { _, err := connector.Run(ctx, cfg); done <- err }()

		for readCheckpointIfAny(cfg.Checkpoint).IsZero() {
			time.Sleep(5 * time.Millisecond) // caught up with simEnd
		}
		later := simEnd.Add(10 * time.Minute)
		if _, err := e.a.db.IngestStatusEvents(context.Background(), e.a.tenant.ID, []activity.StatusEvent{
			{User: activity.UserRef{Login: "late"}, Status: "Back", Time: later.Add(-time.Minute)},
			{User: activity.UserRef{Login: "late"}, Status: "Late", Time: simEnd.Add(-10 * time.Minute)}}); err != nil {
			t.Fatal(err)
		}
		now.Store(later.UnixMilli())
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			if until := readCheckpointIfAny(cfg.Checkpoint); until.Equal(later) {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the following sync never caught up with the new event")
			}
		}
		stop()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("stopped follow: got %v, want context.Canceled", err)
		}
		var got []string
		e.b.db.StatusEvents(context.Background(), e.b.tenant.ID, store.EventFilter{}, func(ev store.StoredStatusEvent) error {
			if ev.Status == "Late" || ev.Status == "Back" { // statuses the simulation does not use
				got = append(got, ev.Status)
			}
			return nil
		})
		if strings.Join(got, ",") != "Late,Back" {
			t.Errorf("B has %q of the events A received after the first pass, want Late,Back", got)
		}
	})
}

func readCheckpointIfAny(path string) time.Time {
	var cp struct{ Until time.Time }
	data, _ := os.ReadFile(path)
	json.Unmarshal(data, &cp)
	return cp.Until
}
