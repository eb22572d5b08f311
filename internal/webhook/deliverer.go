package webhook

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"agentlog/internal/store"
)

// Timing paces a Deliverer. Zero fields take the defaults of DefaultTiming;
// tests shorten them.
type Timing struct {
	Scan      time.Duration // how often enabled subscriptions are looked for
	Poll      time.Duration // how often an idle subscription's feed is read
	RetryBase time.Duration // the wait after a batch's first failed attempt, doubled after each
	RetryMax  time.Duration // the longest wait between two attempts
	Lease     time.Duration // how long a lease on a subscription lasts unless renewed; at least 2 × Timeout
	Timeout   time.Duration // one attempt, from connecting to the end of the answer
	Batch     int           // events per POST at most
}

// DefaultTiming is the pace of delivery unless the server's configuration
// says otherwise.
var DefaultTiming = Timing{Scan: 5 * time.Second, Poll: time.Second, RetryBase: 2 * time.Second,
	RetryMax: 5 * time.Minute, Lease: time.Minute, Timeout: 15 * time.Second, Batch: 100}

func (t Timing) withDefaults() Timing {
	d := DefaultTiming
	for _, f := range []struct{ v, def *time.Duration }{{&t.Scan, &d.Scan}, {&t.Poll, &d.Poll},
		{&t.RetryBase, &d.RetryBase}, {&t.RetryMax, &d.RetryMax}, {&t.Lease, &d.Lease}, {&t.Timeout, &d.Timeout}} {
		if *f.v <= 0 {
			*f.v = *f.def
		}
	}
	if t.Batch <= 0 {
		t.Batch = d.Batch
	}
	// A lease renewed before an attempt must outlast the attempt, or another
	// instance could take it while the receiver is still answering.
	t.Lease = max(t.Lease, 2*t.Timeout)
	return t
}

// Deliverer delivers the events of every tenant's enabled subscriptions
// while Run runs.
type Deliverer struct {
	DB  *store.DB
	Log *slog.Logger
	// Render turns a feed row into the JSON the API lists it as.
	Render func(store.FeedItem) any
	Timing Timing
}

// Run delivers until ctx is done, then waits for its workers to stop and
// gives their leases back.
func (d *Deliverer) Run(ctx context.Context) {
	t := d.Timing.withDefaults()
	transport := &http.Transport{Proxy: http.ProxyFromEnvironment, MaxIdleConnsPerHost: 2, IdleConnTimeout: 90 * time.Second}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: t.Timeout,
		// A redirect is an answer other than 2xx: following it would send
		// the events somewhere the subscription does not name.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	crew := &crew{owner: newOwner(), running: map[store.WebhookRef]bool{}}
	defer crew.wg.Wait()
	tick := time.NewTicker(t.Scan)
	defer tick.Stop()
	for {
		refs, err := d.DB.EnabledWebhooks(ctx, crew.owner)
		if err != nil && ctx.Err() == nil {
			d.Log.Warn("looking for webhooks failed", "err", err)
		}
		for _, ref := range refs {
			if crew.idle(ref) && d.lease(ctx, t, ref, crew.owner) {
				crew.start(ctx, ref, &worker{d: d, t: t, client: client, owner: crew.owner, ref: ref, renewed: time.Now()})
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// crew is the workers of one Run, one per subscription at most.
type crew struct {
	owner   string // names this Run's leases
	mu      sync.Mutex
	running map[store.WebhookRef]bool
	wg      sync.WaitGroup
}

func (c *crew) idle(ref store.WebhookRef) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return !c.running[ref]
}

func (c *crew) start(ctx context.Context, ref store.WebhookRef, w *worker) {
	c.mu.Lock()
	c.running[ref] = true
	c.mu.Unlock()
	c.wg.Add(1)
	go func() {
		defer c.wg.Done()
		w.run(ctx)
		c.mu.Lock()
		delete(c.running, ref)
		c.mu.Unlock()
	}()
}

func (d *Deliverer) lease(ctx context.Context, t Timing, ref store.WebhookRef, owner string) bool {
	held, err := d.DB.LeaseWebhook(ctx, ref.TenantID, ref.ID, owner, t.Lease)
	if err != nil && ctx.Err() == nil {
		d.Log.Warn("taking a webhook's lease failed", "webhook", ref.ID, "err", err)
	}
	return held && err == nil
}

// newOwner names this instance's leases: random, so that a restarted
// instance does not take itself for the one before.
func newOwner() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
