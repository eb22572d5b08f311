package store

import "context"

// MigrateTo applies the migrations up to version last only, for tests of
// a migration over rows written before it.
func (db *DB) MigrateTo(ctx context.Context, last int) error { return db.migrateTo(ctx, last) }
