package api_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/api"
	"agentlog/internal/server"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// Several instances over one PostgreSQL: two servers, each with its own
// connections, over one schema.

// slowPoll makes the streams poll once a minute: an event that reaches a
// subscriber within seconds was announced, not polled for.
var slowPoll = server.Config{Stream: api.StreamTiming{Poll: time.Minute, Ping: time.Minute,
	Write: 10 * time.Second, Recheck: time.Minute}}

// twoInstances starts two servers over one new PostgreSQL schema and
// returns them with the database of the first.
func twoInstances(t *testing.T) (a, b *servertest.Server, db *store.DB) {
	t.Helper()
	dsn := storetest.PostgresSchema(t)
	dbA, dbB := openMigrated(t, dsn), openMigrated(t, dsn)
	return servertest.StartConfig(t, dbA, slowPoll), servertest.StartConfig(t, dbB, slowPoll), dbA
}

func openMigrated(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return db
}

// An event ingested through one instance reaches the stream of the other
// through NOTIFY, long before that stream's next poll, both ways.
func TestStreamHearsTheOtherInstance(t *testing.T) {
	a, b, db := twoInstances(t)
	tn := storetest.MustTenant(t, db, "acme")
	other := storetest.MustTenant(t, db, "other")
	key, ingest := storetest.MustKey(t, db, tn, activity.ScopeAll), storetest.MustKey(t, db, tn, activity.ScopeIngest)
	onB, onA := subscribe(t, b.URL, key, "", ""), subscribe(t, a.URL, key, "", "")
	time.Sleep(300 * time.Millisecond) // both listeners are connected by then

	// Another tenant's event wakes the streams, which find nothing.
	post(t, a.URL, storetest.MustKey(t, db, other, activity.ScopeIngest), "/api/v1/status-events", statusBatch)
	post(t, a.URL, ingest, "/api/v1/status-events", `[{"id":"via-a","login":"ann","status":"Lunch","time":"2024-05-06T12:00:00Z"}]`)
	if ev := onB.next(t); ev.Event != "status" || !strings.Contains(ev.Data, `"via-a"`) {
		t.Fatalf("B's subscriber got %+v, want the status event ingested through A", ev)
	}
	post(t, b.URL, ingest, "/api/v1/calls", `[{"id":"00000000-0000-4000-8000-0000000000b1","direction":"inbound","startedAt":"2024-05-06T12:00:00Z","login":"ann"}]`)
	if ev := onA.next(t); ev.Event != "status" {
		t.Fatalf("A's subscriber got %+v first, want the status event", ev)
	}
	if ev := onA.next(t); ev.Event != "call" || !strings.Contains(ev.Data, `0000000000b1`) {
		t.Fatalf("A's subscriber got %+v, want the call ingested through B", ev)
	}
	if ev := onB.next(t); ev.Event != "call" {
		t.Fatalf("B's subscriber got %+v, want the call", ev)
	}
}

// An access token from one instance's /connect/token works on the other:
// the key that signs tokens is in the database.
func TestTokenWorksOnTheOtherInstance(t *testing.T) {
	a, b, db := twoInstances(t)
	tn := storetest.MustTenant(t, db, "acme")
	id, secret, _ := strings.Cut(storetest.MustKey(t, db, tn, activity.ScopeAll), ".")
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}}
	res, err := http.PostForm(a.URL+"/connect/token", form)
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = json.NewDecoder(res.Body).Decode(&tok)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusOK || tok.AccessToken == "" {
		t.Fatalf("token from A: %d, %v, %+v", res.StatusCode, err, tok)
	}
	path := "/xapi/v1/CallHistoryView?$top=1"
	if r := b.Do(t, http.MethodGet, path, map[string]string{"Authorization": "Bearer " + tok.AccessToken}); r.Status != http.StatusOK {
		t.Fatalf("A's token on B: got %d %s, want 200", r.Status, r.Body)
	}
	forged := tok.AccessToken[:len(tok.AccessToken)-2] + "xx"
	if r := b.Do(t, http.MethodGet, path, map[string]string{"Authorization": "Bearer " + forged}); r.Status != http.StatusUnauthorized {
		t.Fatalf("a forged token on B: got %d, want 401", r.Status)
	}
}

// Overlapping batches sent at once through both instances add each event
// and each call once, and every batch is answered 2xx.
func TestOverlappingIngestionThroughBothInstances(t *testing.T) {
	a, b, db := twoInstances(t)
	tn := storetest.MustTenant(t, db, "acme")
	key := storetest.MustKey(t, db, tn, activity.ScopeIngest)
	const ids, senders, batches = 400, 4, 12
	var wg sync.WaitGroup
	var mu sync.Mutex
	newStatus, newCalls := 0, 0
	for s := range senders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			srv := []*servertest.Server{a, b}[s%2]
			r := rand.New(rand.NewPCG(uint64(s), 7))
			for range batches {
				pick := r.Perm(ids)[:100] // a random fifth of the ids, in a random order
				n := send(t, srv, key, "/api/v1/status-events", pick, func(i int) string {
					return fmt.Sprintf(`{"id":"e%d","login":"agent%d","status":"Available","time":"2024-05-06T12:00:00Z"}`, i, i%7)
				})
				m := send(t, srv, key, "/api/v1/calls", pick, func(i int) string {
					return fmt.Sprintf(`{"id":"00000000-0000-4000-8000-%012d","direction":"inbound","startedAt":"2024-05-06T12:00:00Z","updatedAt":"2024-05-06T12:00:00Z","login":"agent%d"}`, i, i%7)
				})
				mu.Lock()
				newStatus, newCalls = newStatus+n, newCalls+m
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	stored := map[string]int{}
	err := db.StatusEvents(context.Background(), tn.ID, store.EventFilter{}, func(e store.StoredStatusEvent) error { stored[e.ID]++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string]int{}
	err = db.Calls(context.Background(), tn.ID, store.EventFilter{}, func(c activity.Call) error { calls[c.ID]++; return nil })
	if err != nil {
		t.Fatal(err)
	}
	for id, n := range stored {
		if n != 1 {
			t.Errorf("status event %s stored %d times", id, n)
		}
	}
	if newStatus != len(stored) || newCalls != len(calls) || len(calls) != len(stored) {
		t.Fatalf("answers said %d new events and %d new calls; stored: %d events, %d calls", newStatus, newCalls, len(stored), len(calls))
	}
	t.Logf("%d senders, %d overlapping batches each: %d events and %d calls, each once", senders, 2*batches, len(stored), len(calls))
}

// send posts the items of ids and returns how many the answer says are new.
func send(t *testing.T, srv *servertest.Server, key, path string, ids []int, item func(int) string) int {
	var lines []string
	for _, i := range ids {
		lines = append(lines, item(i))
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+path, strings.NewReader("["+strings.Join(lines, ",")+"]"))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Errorf("POST %s: %v", path, err)
		return 0
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	var answer struct{ New int }
	if res.StatusCode != http.StatusOK || json.Unmarshal(body, &answer) != nil {
		t.Errorf("POST %s: got %d %s, want 200", path, res.StatusCode, body)
	}
	return answer.New
}

// A stream wakes when its own instance commits, on either database, long
// before its next poll.
func TestStreamWakesOnCommit(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv := servertest.StartConfig(t, db, slowPoll)
		tn := storetest.MustTenant(t, db, "acme")
		s := subscribe(t, srv.URL, storetest.MustKey(t, db, tn, activity.ScopeAll), "", "")
		post(t, srv.URL, storetest.MustKey(t, db, tn, activity.ScopeIngest), "/api/v1/status-events", statusBatch)
		if got := s.take(t, 2); got[1] != "status s2.e0.c0" {
			t.Fatalf("events: got %q", got)
		}
	})
}

// When the listener's connection is lost, it connects again and the
// streams hear the other instance again.
func TestListenerReconnects(t *testing.T) {
	dsn := storetest.PostgresSchema(t)
	dbA, dbB := openMigrated(t, dsn), openMigrated(t, dsn)
	a, b := servertest.StartConfig(t, dbA, slowPoll), servertest.StartConfig(t, dbB, slowPoll)
	tn := storetest.MustTenant(t, dbA, "acme")
	ingest := storetest.MustKey(t, dbA, tn, activity.ScopeIngest)
	onB := subscribe(t, b.URL, storetest.MustKey(t, dbA, tn, activity.ScopeAll), "", "")
	time.Sleep(300 * time.Millisecond)

	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	schema := u.Query().Get("search_path")
	var killed int
	err = dbAdmin(t, dsn).QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = 'agentlog listener' AND query = $1`, `LISTEN "agentlog_`+schema+`"`).Scan(&killed)
	// An instance listens once a stream asks to be woken: B alone.
	if err != nil || killed != 1 {
		t.Fatalf("terminating B's listener: %d terminated, %v", killed, err)
	}
	time.Sleep(2 * time.Second) // past store's listenRetry: the listener is back
	post(t, a.URL, ingest, "/api/v1/status-events", `[{"id":"after","login":"ann","status":"Lunch","time":"2024-05-06T12:00:00Z"}]`)
	if ev := onB.next(t); !strings.Contains(ev.Data, `"after"`) {
		t.Fatalf("after the listeners reconnected B's subscriber got %+v", ev)
	}
}

// dbAdmin opens dsn with database/sql, for statements the store has no
// method for.
func dbAdmin(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
