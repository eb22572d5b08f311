package store

import (
	"context"
	"database/sql"

	"agentlog/internal/activity"
)

// SetUserDisabled disables a user (or enables it again). A disabled user
// keeps its history and still takes events; the wallboard leaves it out.
func (db *DB) SetUserDisabled(ctx context.Context, tenantID int64, id string, disabled bool) error {
	if !activity.IsUUID(id) {
		return activity.Errorf(activity.EInvalid, "user id %q is not a UUID", id)
	}
	return db.inTx(ctx, func(tx *Tx) error {
		var at any
		if disabled {
			at = tx.now.UnixMilli()
		}
		res, err := tx.exec(ctx, `UPDATE users SET disabled_ms = $1 WHERE tenant_id = $2 AND id = $3`, at, tenantID, activity.CanonicalUUID(id))
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return activity.Errorf(activity.ENotFound, "user %s does not exist", id)
		}
		return nil
	})
}

// DisabledUsers returns the ids of a tenant's disabled users.
func (db *DB) DisabledUsers(ctx context.Context, tenantID int64) (map[string]bool, error) {
	out := map[string]bool{}
	err := db.each(ctx, `SELECT id FROM users WHERE tenant_id = $1 AND disabled_ms IS NOT NULL`, []any{tenantID}, func(rows *sql.Rows) error {
		var id string
		if err := rows.Scan(&id); err != nil {
			return err
		}
		out[id] = true
		return nil
	})
	return out, err
}
