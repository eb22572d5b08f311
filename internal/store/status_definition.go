package store

import (
	"context"
	"strings"
	"unicode/utf8"

	"agentlog/internal/activity"
)

// PutStatusDefinition creates or replaces a status definition.
func (db *DB) PutStatusDefinition(ctx context.Context, tenantID int64, d *activity.StatusDefinition) error {
	if err := d.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *Tx) error {
		_, err := tx.exec(ctx, `INSERT INTO status_definitions (tenant_id, name, category, color) VALUES ($1, $2, $3, $4)
			ON CONFLICT (tenant_id, name) DO UPDATE SET category = excluded.category, color = excluded.color`,
			tenantID, d.Name, d.Category, d.Color)
		return err
	})
}

// DeleteStatusDefinition removes a status definition. Events that carry the
// status keep it; they lose only its category and colour.
func (db *DB) DeleteStatusDefinition(ctx context.Context, tenantID int64, name string) error {
	if !utf8.ValidString(name) || strings.ContainsRune(name, 0) { // never defined, and PostgreSQL refuses the text
		return activity.Errorf(activity.ENotFound, "status %q is not defined", name)
	}
	return db.inTx(ctx, func(tx *Tx) error {
		res, err := tx.exec(ctx, `DELETE FROM status_definitions WHERE tenant_id = $1 AND name = $2`, tenantID, name)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return activity.Errorf(activity.ENotFound, "status %q is not defined", name)
		}
		return nil
	})
}

// StatusDefinitions lists a tenant's status definitions by name.
func (db *DB) StatusDefinitions(ctx context.Context, tenantID int64) ([]activity.StatusDefinition, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT name, category, color FROM status_definitions WHERE tenant_id = $1 ORDER BY name`, tenantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	list := []activity.StatusDefinition{}
	for rows.Next() {
		var d activity.StatusDefinition
		if err := rows.Scan(&d.Name, &d.Category, &d.Color); err != nil {
			return nil, err
		}
		list = append(list, d)
	}
	return list, rows.Err()
}
