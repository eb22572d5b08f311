package webhook

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"slices"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// worker delivers one subscription while it holds its lease.
type worker struct {
	d      *Deliverer
	t      Timing
	client *http.Client
	owner  string
	ref    store.WebhookRef

	target  store.WebhookTarget // as last read
	secret  string
	feed    *store.Feed        // of target's kinds
	pos     store.FeedPosition // acknowledged by the receiver
	renewed time.Time          // when the lease was last taken or renewed
}

// run delivers batch after batch until ctx is done, the subscription is
// disabled or deleted, or the lease is lost; then it gives the lease back.
func (w *worker) run(ctx context.Context) {
	defer w.release()
	for {
		ok, err := w.refresh(ctx)
		if err != nil {
			w.warn(ctx, "reading the webhook failed", err)
			if !w.wait(ctx, w.t.Poll) {
				return
			}
			continue
		}
		if !ok {
			return
		}
		b, err := w.next(ctx)
		if err != nil {
			w.warn(ctx, "reading the events to deliver failed", err)
		}
		if b == nil {
			if !w.wait(ctx, w.t.Poll) {
				return
			}
			continue
		}
		if !w.deliver(ctx, b) {
			return
		}
	}
}

// refresh reads the subscription again. It reports false when delivery
// must stop (deleted, disabled, ctx done), and an error when it cannot
// tell (the worker goes on as it was). When the kinds changed, it starts a
// feed of the new kinds from the acknowledged position.
func (w *worker) refresh(ctx context.Context) (bool, error) {
	t, err := w.d.DB.WebhookTarget(ctx, w.ref.TenantID, w.ref.ID)
	if activity.ErrorCode(err) == activity.ENotFound {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if w.secret == "" {
		if w.secret, err = w.d.DB.WebhookSecret(ctx, w.ref.TenantID, w.ref.ID); err != nil {
			return false, err
		}
	}
	if w.feed == nil || !slices.Equal(t.Kinds, w.target.Kinds) {
		w.feed = w.d.DB.NewFeed(w.ref.TenantID, store.FeedKinds{
			Status:  slices.Contains(t.Kinds, activity.KindStatusEvents),
			Session: slices.Contains(t.Kinds, activity.KindSessionEvents),
			Call:    slices.Contains(t.Kinds, activity.KindCalls),
		})
		w.pos = t.Acked
	}
	w.target = t
	return t.Enabled && ctx.Err() == nil, nil
}

// deliver sends b until the receiver acknowledges it. It reports false when
// delivery must stop; true, with b dropped, when the subscription's kinds
// changed meanwhile, so that the next batch is read afresh.
func (w *worker) deliver(ctx context.Context, b *batch) bool {
	kinds := w.target.Kinds
	for attempt := 1; ; attempt++ {
		if !w.renew(ctx) {
			return false
		}
		a := w.post(ctx, b, attempt)
		if ctx.Err() != nil {
			return false // stopping: the batch is sent again after the restart
		}
		countAttempt(a.Succeeded())
		var acked *store.FeedPosition
		if a.Succeeded() {
			acked = &b.end
		}
		err := w.d.DB.RecordWebhookAttempt(ctx, w.ref.TenantID, w.ref.ID, w.owner, &a, acked)
		switch {
		case errors.Is(err, store.ErrLeaseLost):
			return false
		case err != nil:
			// The receiver may have the batch; it comes again (at least once).
			w.warn(ctx, "recording a webhook attempt failed", err)
			return w.wait(ctx, w.t.Poll)
		case a.Succeeded():
			w.pos = b.end
			return true
		}
		w.d.Log.Warn("webhook delivery failed", "webhook", w.ref.ID, "delivery", b.id, "attempt", attempt, "status", a.StatusCode, "err", a.Error)
		if !w.wait(ctx, w.backoff(attempt)) {
			return false
		}
		if ok, err := w.refresh(ctx); err != nil {
			w.warn(ctx, "reading the webhook failed", err)
		} else if !ok {
			return false
		}
		if !slices.Equal(kinds, w.target.Kinds) {
			return true
		}
	}
}

// backoff is the wait after the attempt-th failed attempt of a batch.
func (w *worker) backoff(attempt int) time.Duration {
	d := w.t.RetryBase
	for i := 1; i < attempt && d < w.t.RetryMax; i++ {
		d *= 2
	}
	d = min(d, w.t.RetryMax)
	return d - time.Duration(rand.Int64N(int64(d)/5+1)) // jitter: up to 20 % less
}

// wait sleeps for d, renewing the lease as it goes. It reports false when
// ctx is done or the lease was lost.
func (w *worker) wait(ctx context.Context, d time.Duration) bool {
	end := time.Now().Add(d)
	for {
		left := time.Until(end)
		if left <= 0 {
			return w.renew(ctx)
		}
		step := min(left, w.t.Lease/3)
		select {
		case <-ctx.Done():
			return false
		case <-time.After(step):
		}
		if !w.renew(ctx) {
			return false
		}
	}
}

// renew extends the lease once a third of it has passed.
func (w *worker) renew(ctx context.Context) bool {
	if time.Since(w.renewed) < w.t.Lease/3 {
		return ctx.Err() == nil
	}
	held, err := w.d.DB.LeaseWebhook(ctx, w.ref.TenantID, w.ref.ID, w.owner, w.t.Lease)
	if err != nil {
		w.warn(ctx, "renewing a webhook's lease failed", err)
		return false // another instance may take it; this one backs off
	}
	if held {
		w.renewed = time.Now()
	}
	return held
}

func (w *worker) release() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := w.d.DB.ReleaseWebhook(ctx, w.ref.TenantID, w.ref.ID, w.owner); err != nil {
		w.d.Log.Warn("giving a webhook's lease back failed", "webhook", w.ref.ID, "err", err)
	}
}

func (w *worker) warn(ctx context.Context, msg string, err error) {
	if err != nil && ctx.Err() == nil {
		w.d.Log.Warn(msg, "webhook", w.ref.ID, "err", err)
	}
}
