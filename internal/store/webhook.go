package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"

	"agentlog/internal/activity"
)

// CreateWebhook stores a new subscription of the tenant with a fresh
// signing secret, sets its ID and times, and returns the secret: apart from
// the deliverer, nobody gets it from the store again. The subscription
// starts at the current end of the tenant's feed: it receives the events
// written from now on.
func (db *DB) CreateWebhook(ctx context.Context, tenantID int64, w *activity.Webhook) (string, error) {
	if err := w.Validate(); err != nil {
		return "", err
	}
	w.ID = activity.NewUUID()
	w.TenantID = tenantID
	secret, err := newWebhookSecret()
	if err != nil {
		return "", err
	}
	sealed, err := db.sealWebhookSecret(ctx, tenantID, w.ID, secret)
	if err != nil {
		return "", err
	}
	start, err := db.NewFeed(tenantID, FeedKinds{true, true, true}).End(ctx)
	if err != nil {
		return "", err
	}
	err = db.inTx(ctx, func(tx *Tx) error {
		w.CreatedAt, w.UpdatedAt = tx.now, tx.now
		_, err := tx.exec(ctx, `INSERT INTO webhooks (tenant_id, id, url, kinds, enabled, secret_sealed, created_ms, updated_ms,
			pos_status, pos_session, pos_call) VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10)`,
			tenantID, w.ID, w.URL, strings.Join(w.Kinds, ","), boolInt(w.Enabled), sealed, tx.now.UnixMilli(),
			start.Status, start.Session, start.Call)
		return err
	})
	return secret, err
}

const webhookColumns = `tenant_id, id, url, kinds, enabled, created_ms, updated_ms`

// Webhooks lists the tenant's subscriptions, oldest first.
func (db *DB) Webhooks(ctx context.Context, tenantID int64) ([]activity.Webhook, error) {
	list := []activity.Webhook{}
	err := db.each(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE tenant_id = $1 ORDER BY created_ms, id`,
		[]any{tenantID}, func(rows *sql.Rows) error {
			w, err := scanWebhook(rows)
			list = append(list, w)
			return err
		})
	return list, err
}

// Webhook finds one of the tenant's subscriptions.
func (db *DB) Webhook(ctx context.Context, tenantID int64, id string) (activity.Webhook, error) {
	row := db.read.QueryRowContext(ctx, `SELECT `+webhookColumns+` FROM webhooks WHERE tenant_id = $1 AND id = $2`, tenantID, id)
	w, err := scanWebhook(row)
	if errors.Is(err, sql.ErrNoRows) {
		return w, webhookNotFound(id)
	}
	return w, err
}

// UpdateWebhook changes a subscription. A kind added starts at the current
// end of the feed, like a new subscription; a kind removed is no longer
// delivered; disabling pauses delivery, and enabling again goes on where it
// paused.
func (db *DB) UpdateWebhook(ctx context.Context, tenantID int64, id string, p activity.WebhookPatch) (activity.Webhook, error) {
	w, err := db.Webhook(ctx, tenantID, id)
	if err != nil {
		return w, err
	}
	old := w.Kinds
	if p.URL != nil {
		w.URL = *p.URL
	}
	if p.Kinds != nil {
		w.Kinds = *p.Kinds
	}
	if p.Enabled != nil {
		w.Enabled = *p.Enabled
	}
	if err := w.Validate(); err != nil {
		return w, err
	}
	end, err := db.NewFeed(tenantID, FeedKinds{true, true, true}).End(ctx)
	if err != nil {
		return w, err
	}
	added := func(kind string) bool { return slices.Contains(w.Kinds, kind) && !slices.Contains(old, kind) }
	err = db.inTx(ctx, func(tx *Tx) error {
		w.UpdatedAt = tx.now
		res, err := tx.exec(ctx, `UPDATE webhooks SET url = $3, kinds = $4, enabled = $5, updated_ms = $6,
			pos_status = CASE WHEN $7 THEN $8 ELSE pos_status END,
			pos_session = CASE WHEN $9 THEN $10 ELSE pos_session END,
			pos_call = CASE WHEN $11 THEN $12 ELSE pos_call END
			WHERE tenant_id = $1 AND id = $2`,
			tenantID, id, w.URL, strings.Join(w.Kinds, ","), boolInt(w.Enabled), tx.now.UnixMilli(),
			added(activity.KindStatusEvents), end.Status, added(activity.KindSessionEvents), end.Session,
			added(activity.KindCalls), end.Call)
		if err != nil {
			return err
		}
		return mustHaveChanged(res, id)
	})
	return w, err
}

// DeleteWebhook removes a subscription and its delivery log. Delivery stops
// within one poll of the deliverer.
func (db *DB) DeleteWebhook(ctx context.Context, tenantID int64, id string) error {
	return db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `DELETE FROM webhook_deliveries WHERE tenant_id = $1 AND webhook_id = $2`, tenantID, id); err != nil {
			return err
		}
		res, err := tx.exec(ctx, `DELETE FROM webhooks WHERE tenant_id = $1 AND id = $2`, tenantID, id)
		if err != nil {
			return err
		}
		return mustHaveChanged(res, id)
	})
}

func mustHaveChanged(res sql.Result, id string) error {
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return webhookNotFound(id)
	}
	return nil
}

func webhookNotFound(id string) error {
	return activity.Errorf(activity.ENotFound, "webhook %q does not exist", id)
}

func scanWebhook(s scanner, extra ...any) (activity.Webhook, error) {
	var w activity.Webhook
	var kinds string
	var enabled, created, updated int64
	dest := append([]any{&w.TenantID, &w.ID, &w.URL, &kinds, &enabled, &created, &updated}, extra...)
	if err := s.Scan(dest...); err != nil {
		return w, err
	}
	w.Kinds = strings.Split(kinds, ",")
	w.Enabled = enabled != 0
	w.CreatedAt, w.UpdatedAt = activity.FromMillis(created), activity.FromMillis(updated)
	return w, nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
