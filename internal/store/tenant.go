package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"agentlog/internal/activity"
)

// CreateTenant stores a new tenant and sets its ID, UUID and CreatedAt.
func (db *DB) CreateTenant(ctx context.Context, t *activity.Tenant) error {
	if err := t.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM tenants WHERE slug = $1`, t.Slug).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return activity.Errorf(activity.EConflict, "tenant %q exists already", t.Slug)
		}
		t.UUID = activity.NewUUID()
		t.CreatedAt = tx.now
		return tx.queryRow(ctx, `INSERT INTO tenants (uuid, slug, name, time_zone, created_ms, session_timeout_ms, retention_days)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			t.UUID, t.Slug, t.Name, t.TimeZone, t.CreatedAt.UnixMilli(), t.SessionTimeout.Milliseconds(), t.RetentionDays).Scan(&t.ID)
	})
}

const tenantColumns = `id, uuid, slug, name, time_zone, created_ms, session_timeout_ms, retention_days`

// TenantBySlug finds a tenant by its slug.
func (db *DB) TenantBySlug(ctx context.Context, slug string) (activity.Tenant, error) {
	row := db.read.QueryRowContext(ctx, `SELECT `+tenantColumns+` FROM tenants WHERE slug = $1`, slug)
	t, err := scanTenant(row)
	if errors.Is(err, sql.ErrNoRows) {
		return t, activity.Errorf(activity.ENotFound, "tenant %q does not exist", slug)
	}
	return t, err
}

// TenantByID finds a tenant by its internal id.
func (db *DB) TenantByID(ctx context.Context, id int64) (activity.Tenant, error) {
	row := db.read.QueryRowContext(ctx, `SELECT `+tenantColumns+` FROM tenants WHERE id = $1`, id)
	t, err := scanTenant(row)
	if errors.Is(err, sql.ErrNoRows) {
		return t, activity.Errorf(activity.ENotFound, "tenant %d does not exist", id)
	}
	return t, err
}

// Tenants lists every tenant by slug.
func (db *DB) Tenants(ctx context.Context) ([]activity.Tenant, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+tenantColumns+` FROM tenants ORDER BY slug`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []activity.Tenant
	for rows.Next() {
		t, err := scanTenant(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, t)
	}
	return list, rows.Err()
}

type scanner interface{ Scan(dest ...any) error }

func scanTenant(s scanner) (activity.Tenant, error) {
	var t activity.Tenant
	var created, timeout int64
	err := s.Scan(&t.ID, &t.UUID, &t.Slug, &t.Name, &t.TimeZone, &created, &timeout, &t.RetentionDays)
	t.CreatedAt = activity.FromMillis(created)
	t.SessionTimeout = time.Duration(timeout) * time.Millisecond
	return t, err
}

// SetTenantRetention changes how many days of the tenant's events are kept
// (0: forever). Events past it go at the server's next retention pass.
func (db *DB) SetTenantRetention(ctx context.Context, tenantID int64, days int) error {
	if err := activity.ValidateRetention(days); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE tenants SET retention_days = $1 WHERE id = $2`, days, tenantID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return activity.Errorf(activity.ENotFound, "tenant %d does not exist", tenantID)
		}
		return nil
	})
}
