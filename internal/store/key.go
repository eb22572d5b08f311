package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"agentlog/internal/activity"
)

// CreateKey stores a key with the hash of its secret. The secret itself is
// never stored.
func (db *DB) CreateKey(ctx context.Context, tenantID int64, k *activity.APIKey, secretHash []byte) error {
	return db.inTx(ctx, func(tx *Tx) error {
		k.TenantID = tenantID
		k.CreatedAt = tx.now
		_, err := tx.exec(ctx, `INSERT INTO api_keys (tenant_id, id, name, secret_hash, scopes, created_ms, expires_ms)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			tenantID, k.ID, k.Name, secretHash, strings.Join(k.Scopes, ","), k.CreatedAt.UnixMilli(), activity.MillisPtr(k.ExpiresAt))
		return err
	})
}

const keyColumns = `tenant_id, id, name, scopes, created_ms, expires_ms, revoked_ms, last_used_ms`

// KeyByPublicID finds a key and its secret hash by its public id alone. It
// is the one lookup without a tenant: the key is what decides the tenant.
func (db *DB) KeyByPublicID(ctx context.Context, id string) (activity.APIKey, []byte, error) {
	row := db.read.QueryRowContext(ctx, `SELECT `+keyColumns+`, secret_hash FROM api_keys WHERE id = $1`, id)
	var hash []byte
	k, err := scanKey(row, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return k, nil, activity.Errorf(activity.EUnauthorized, "the API key is unknown")
	}
	return k, hash, err
}

// Keys lists a tenant's keys, newest first.
func (db *DB) Keys(ctx context.Context, tenantID int64) ([]activity.APIKey, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+keyColumns+` FROM api_keys WHERE tenant_id = $1 ORDER BY created_ms DESC, id`, tenantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []activity.APIKey{}
	for rows.Next() {
		k, err := scanKey(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, k)
	}
	return list, rows.Err()
}

// RevokeKey revokes a tenant's key. Revoking a revoked key changes nothing.
func (db *DB) RevokeKey(ctx context.Context, tenantID int64, id string) error {
	if !utf8.ValidString(id) || strings.ContainsRune(id, 0) { // no key has such an id, and PostgreSQL refuses the text
		return activity.Errorf(activity.ENotFound, "key %q does not exist", id)
	}
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `UPDATE api_keys SET revoked_ms = COALESCE(revoked_ms, $3) WHERE tenant_id = $1 AND id = $2`,
			tenantID, id, tx.now.UnixMilli())
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return activity.Errorf(activity.ENotFound, "key %q does not exist", id)
		}
		return nil
	})
}

// TouchKey records that a key was used at t. Callers limit how often they
// call it, so that reads do not each cost a write.
func (db *DB) TouchKey(ctx context.Context, tenantID int64, id string, t time.Time) error {
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE api_keys SET last_used_ms = $3 WHERE tenant_id = $1 AND id = $2`, tenantID, id, t.UnixMilli())
		return err
	})
}

func scanKey(s scanner, extra ...any) (activity.APIKey, error) {
	var k activity.APIKey
	var scopes string
	var created int64
	var expires, revoked, used *int64
	dest := append([]any{&k.TenantID, &k.ID, &k.Name, &scopes, &created, &expires, &revoked, &used}, extra...)
	if err := s.Scan(dest...); err != nil {
		return k, err
	}
	k.Scopes = strings.Split(scopes, ",")
	k.CreatedAt = activity.FromMillis(created)
	k.ExpiresAt, k.RevokedAt, k.LastUsedAt = activity.FromMillisPtr(expires), activity.FromMillisPtr(revoked), activity.FromMillisPtr(used)
	return k, nil
}
