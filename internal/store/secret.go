package store

import (
	"context"
	"crypto/rand"
)

// Secret returns the installation's secret of the given name, made of 32
// random bytes the first time it is asked for. Instances starting together
// agree on one: the first insert wins and everyone reads it back.
func (db *DB) Secret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	var value []byte
	err := db.inTx(ctx, func(tx *Tx) error {
		if _, err := tx.exec(ctx, `INSERT INTO secrets (name, value, created_ms) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
			name, fresh, tx.now.UnixMilli()); err != nil {
			return err
		}
		return tx.queryRow(ctx, `SELECT value FROM secrets WHERE name = $1`, name).Scan(&value)
	})
	return value, err
}
