package store

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
)

// maxTxAttempts bounds how often a batch is tried when PostgreSQL keeps
// choosing it as a deadlock's victim.
const maxTxAttempts = 6

// retryTx runs attempt, and runs it again when PostgreSQL aborted it as the
// victim of a deadlock (or of a serialisation failure): concurrent batches
// that share events, sent through several instances or re-sent by a client
// that gave up waiting, lock the same rows in different orders, and one of
// them must start over. Nothing of an aborted attempt was written. Before
// each new attempt, reset puts back what the last one changed in the
// caller's items (the user ids it resolved, the ids it derived).
func (db *DB) retryTx(ctx context.Context, reset func(), attempt func() error) error {
	for n := 1; ; n++ {
		err := attempt()
		if err == nil || n == maxTxAttempts || !isTxConflict(err) {
			return err
		}
		// A random pause, growing with each attempt, so that the
		// batches that collided do not collide again.
		pause := time.Duration(n) * (5*time.Millisecond + rand.N(20*time.Millisecond))
		select {
		case <-ctx.Done():
			return err
		case <-time.After(pause):
		}
		reset()
	}
}

// isTxConflict reports whether err is PostgreSQL's deadlock_detected or
// serialization_failure: the transaction was aborted and may be retried.
func isTxConflict(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001")
}

// snapshot returns a function that puts items back as they are now: on
// PostgreSQL only, where transactions may have to be retried.
func snapshot[T any](db *DB, items []T) func() {
	if db.dialect != postgresDialect {
		return func() {}
	}
	saved := append([]T(nil), items...)
	return func() { copy(items, saved) }
}
