package crashtest

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"agentlog/internal/activity"
)

// Kinds of event a batch holds.
const (
	statusKind  = "status-events"
	sessionKind = "session-events"
	callKind    = "calls"
)

// batch is one ingestion request as a writer sent it.
type batch struct {
	kind string
	ids  []string
	body string
}

// ledger records what the writers sent: the batches answered 2xx, and
// those that got no answer (or not a 2xx), which may or may not be stored.
type ledger struct {
	mu         sync.Mutex
	acked      []batch
	unanswered []batch
	requests   int
}

func (l *ledger) record(b batch, acked bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.requests++
	if acked {
		l.acked = append(l.acked, b)
	} else {
		l.unanswered = append(l.unanswered, b)
	}
}

// someAcked returns an acknowledged batch to send again, if there is one.
func (l *ledger) someAcked(r *rand.Rand) (batch, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.acked) == 0 {
		return batch{}, false
	}
	return l.acked[r.IntN(len(l.acked))], true
}

// writers ingests into url with key from n goroutines until ctx is done or
// the server stops answering, recording every batch in l. Batches hold 1 to
// 300 events of one kind with ids unique to the round ("tag"); one in ten
// re-sends a batch answered before, which must add nothing.
func writers(ctx context.Context, n int, url, key, tag string, l *ledger) (wait func()) {
	var wg sync.WaitGroup
	client := &http.Client{Timeout: time.Minute}
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(w)))
			for i := 0; ctx.Err() == nil; i++ {
				b, again := l.someAcked(r)
				if !again || r.IntN(10) > 0 {
					b = newBatch(r, fmt.Sprintf("%s-w%d-b%d", tag, w, i))
				}
				acked, err := post(ctx, client, url, key, b)
				l.record(b, acked)
				if err != nil {
					return // the server is gone
				}
			}
		}()
	}
	return wg.Wait
}

// post sends a batch and reports whether it was answered 2xx; err is set
// when no answer came.
func post(ctx context.Context, client *http.Client, url, key string, b batch) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url+"/api/v1/"+b.kind, strings.NewReader(b.body))
	if err != nil {
		return false, err
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return false, err
	}
	res.Body.Close()
	return res.StatusCode/100 == 2, nil
}

var statuses = []string{"Available", "Lunch", "Break", "", "Customer visit"}

// newBatch makes a batch of one kind with ids prefix-0, prefix-1, …
// (calls: UUIDs named by them).
func newBatch(r *rand.Rand, prefix string) batch {
	b := batch{kind: []string{statusKind, sessionKind, callKind}[r.IntN(3)]}
	n := 1 + r.IntN(300)
	items := make([]string, n)
	base := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)
	for i := range items {
		name := fmt.Sprintf("%s-%d", prefix, i)
		at := base.Add(time.Duration(r.IntN(30*24*3600)) * time.Second).Format(time.RFC3339)
		login := fmt.Sprintf("agent%02d", r.IntN(40))
		switch b.kind {
		case statusKind:
			items[i] = fmt.Sprintf(`{"id":%q,"login":%q,"status":%q,"time":%q}`, name, login, statuses[r.IntN(len(statuses))], at)
		case sessionKind:
			items[i] = fmt.Sprintf(`{"id":%q,"login":%q,"action":%q,"time":%q,"queue":"800"}`, name, login, []string{"login", "logout"}[r.IntN(2)], at)
		default:
			name = activity.NameUUID(name)
			items[i] = callJSON(r, name, login, at)
		}
		b.ids = append(b.ids, name)
	}
	b.body = "[" + strings.Join(items, ",") + "]"
	return b
}

// callJSON is a call, answered or not, with an agent or only an extension.
func callJSON(r *rand.Rand, id, login, at string) string {
	who := fmt.Sprintf(`"login":%q`, login)
	if r.IntN(4) == 0 {
		who = `"extension":"10` + fmt.Sprint(r.IntN(10)) + `"`
	}
	start, _ := time.Parse(time.RFC3339, at)
	ended := start.Add(time.Duration(30+r.IntN(600)) * time.Second).Format(time.RFC3339)
	if r.IntN(2) == 0 {
		answered := start.Add(time.Duration(r.IntN(30)) * time.Second).Format(time.RFC3339)
		return fmt.Sprintf(`{"id":%q,"direction":"inbound",%s,"startedAt":%q,"answeredAt":%q,"endedAt":%q}`, id, who, at, answered, ended)
	}
	return fmt.Sprintf(`{"id":%q,"direction":"inbound",%s,"startedAt":%q,"endedAt":%q,"outcome":"abandoned"}`, id, who, at, ended)
}

// waitAcked waits until the ledger holds at least n acknowledged batches.
func waitAcked(t *testing.T, l *ledger, n int) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		l.mu.Lock()
		got := len(l.acked)
		l.mu.Unlock()
		if got >= n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d batches answered within a minute", got)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
