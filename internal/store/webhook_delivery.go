package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"agentlog/internal/activity"
)

// What the deliverer (package webhook) needs of the store: which
// subscriptions to deliver, a lease on each, the position acknowledged so
// far, and a log of attempts.

// WebhookRef names one subscription of one tenant.
type WebhookRef struct {
	TenantID int64
	ID       string
}

// WebhookTarget is a subscription with the feed position its receiver has
// acknowledged.
type WebhookTarget struct {
	activity.Webhook
	Acked FeedPosition
}

// ErrLeaseLost is returned to a deliverer whose lease on a subscription has
// ended (it expired and another instance took it, or the subscription was
// deleted): it must stop delivering it.
var ErrLeaseLost = errors.New("the lease on the webhook was lost")

// webhookAttemptsKept bounds the delivery log of each subscription: older
// attempts are dropped.
const webhookAttemptsKept = 1000

// EnabledWebhooks lists the enabled subscriptions of every tenant whose
// lease is free, expired or held by owner. It is, with KeyByPublicID, a
// lookup across tenants: the deliverer serves them all.
func (db *DB) EnabledWebhooks(ctx context.Context, owner string) ([]WebhookRef, error) {
	var refs []WebhookRef
	err := db.each(ctx, `SELECT tenant_id, id FROM webhooks
		WHERE enabled = 1 AND (lease_owner = '' OR lease_owner = $1 OR lease_until_ms < $2) ORDER BY tenant_id, id`,
		[]any{owner, db.now().UnixMilli()}, func(rows *sql.Rows) error {
			var r WebhookRef
			err := rows.Scan(&r.TenantID, &r.ID)
			refs = append(refs, r)
			return err
		})
	return refs, err
}

// WebhookTarget reads a subscription with its acknowledged position.
func (db *DB) WebhookTarget(ctx context.Context, tenantID int64, id string) (WebhookTarget, error) {
	var t WebhookTarget
	row := db.read.QueryRowContext(ctx, `SELECT `+webhookColumns+`, pos_status, pos_session, pos_call
		FROM webhooks WHERE tenant_id = $1 AND id = $2`, tenantID, id)
	var err error
	t.Webhook, err = scanWebhook(row, &t.Acked.Status, &t.Acked.Session, &t.Acked.Call)
	if errors.Is(err, sql.ErrNoRows) {
		return t, webhookNotFound(id)
	}
	return t, err
}

// LeaseWebhook makes owner the one deliverer of a subscription for d, if
// the lease is free, expired or owner's already; it reports whether owner
// holds it now.
func (db *DB) LeaseWebhook(ctx context.Context, tenantID int64, id, owner string, d time.Duration) (bool, error) {
	held := false
	err := db.inTx(ctx, func(tx *Tx) error {
		now := tx.now.UnixMilli()
		res, err := tx.exec(ctx, `UPDATE webhooks SET lease_owner = $3, lease_until_ms = $4
			WHERE tenant_id = $1 AND id = $2 AND (lease_owner = '' OR lease_owner = $3 OR lease_until_ms < $5)`,
			tenantID, id, owner, now+d.Milliseconds(), now)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		held = n == 1
		return err
	})
	return held, err
}

// ReleaseWebhook gives up owner's lease, so that another instance (or this
// one, restarted) may deliver the subscription at once.
func (db *DB) ReleaseWebhook(ctx context.Context, tenantID int64, id, owner string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE webhooks SET lease_owner = '', lease_until_ms = 0
			WHERE tenant_id = $1 AND id = $2 AND lease_owner = $3`, tenantID, id, owner)
		return err
	})
}

// RecordWebhookAttempt logs an attempt of owner (setting a.Seq) and, when
// acked is not nil, moves the subscription's acknowledged position up to it,
// in one transaction. It fails with ErrLeaseLost unless owner still holds
// the lease. Positions only grow, so a kind added meanwhile keeps the
// start it was given.
func (db *DB) RecordWebhookAttempt(ctx context.Context, tenantID int64, id, owner string, a *activity.WebhookAttempt, acked *FeedPosition) error {
	eventIDs, err := json.Marshal(a.EventIDs)
	if err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var pos FeedPosition
		if acked != nil {
			pos = *acked
		}
		// The update also locks the row on PostgreSQL, so the seq below is
		// taken by one transaction at a time.
		res, err := tx.exec(ctx, `UPDATE webhooks SET
			pos_status = CASE WHEN $4 > pos_status THEN $4 ELSE pos_status END,
			pos_session = CASE WHEN $5 > pos_session THEN $5 ELSE pos_session END,
			pos_call = CASE WHEN $6 > pos_call THEN $6 ELSE pos_call END
			WHERE tenant_id = $1 AND id = $2 AND lease_owner = $3`, tenantID, id, owner, pos.Status, pos.Session, pos.Call)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return ErrLeaseLost
		}
		return insertAttempt(ctx, tx, tenantID, id, a, string(eventIDs))
	})
}

func insertAttempt(ctx context.Context, tx *Tx, tenantID int64, id string, a *activity.WebhookAttempt, eventIDs string) error {
	err := tx.queryRow(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM webhook_deliveries WHERE tenant_id = $1 AND webhook_id = $2`,
		tenantID, id).Scan(&a.Seq)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO webhook_deliveries (tenant_id, webhook_id, seq, delivery_id, event_ids, attempt,
		time_ms, duration_ms, status_code, error) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		tenantID, id, a.Seq, a.DeliveryID, eventIDs, a.Attempt, a.Time.UnixMilli(), a.Duration.Milliseconds(), a.StatusCode, a.Error)
	if err != nil || a.Seq <= webhookAttemptsKept {
		return err
	}
	_, err = tx.exec(ctx, `DELETE FROM webhook_deliveries WHERE tenant_id = $1 AND webhook_id = $2 AND seq <= $3`,
		tenantID, id, a.Seq-webhookAttemptsKept)
	return err
}

// WebhookAttempts lists a subscription's delivery log, newest first: at
// most limit attempts older than the attempt of seq before (0: from the
// newest).
func (db *DB) WebhookAttempts(ctx context.Context, tenantID int64, id string, before int64, limit int) ([]activity.WebhookAttempt, error) {
	if _, err := db.Webhook(ctx, tenantID, id); err != nil {
		return nil, err
	}
	if before <= 0 {
		before = 1<<63 - 1
	}
	list := []activity.WebhookAttempt{}
	err := db.each(ctx, `SELECT seq, delivery_id, event_ids, attempt, time_ms, duration_ms, status_code, error
		FROM webhook_deliveries WHERE tenant_id = $1 AND webhook_id = $2 AND seq < $3 ORDER BY seq DESC LIMIT $4`,
		[]any{tenantID, id, before, limit}, func(rows *sql.Rows) error {
			var a activity.WebhookAttempt
			var eventIDs string
			var at, took int64
			if err := rows.Scan(&a.Seq, &a.DeliveryID, &eventIDs, &a.Attempt, &at, &took, &a.StatusCode, &a.Error); err != nil {
				return err
			}
			a.Time, a.Duration = activity.FromMillis(at), time.Duration(took)*time.Millisecond
			list = append(list, a)
			return json.Unmarshal([]byte(eventIDs), &list[len(list)-1].EventIDs)
		})
	return list, err
}
