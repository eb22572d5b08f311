package store

import (
	"context"
	"time"

	"agentlog/internal/activity"
)

// RetentionBatch is how many rows one transaction of DeleteExpired deletes
// at most: few enough that SQLite's single writer is free again within
// milliseconds, so ingestion waits for one batch at most, never for a whole
// pass.
const RetentionBatch = 2000

// Expired counts the rows a retention pass deleted.
type Expired struct {
	StatusEvents, SessionEvents, Calls int64
}

// Total is the number of rows deleted.
func (e Expired) Total() int64 { return e.StatusEvents + e.SessionEvents + e.Calls }

// expiring describes one table a retention pass deletes from.
type expiring struct {
	table string
	key   string // the column that, with tenant_id, names a row
	time  string // the column a row's age is read from
	count *int64
}

// DeleteExpired deletes the tenant's status events and session events of
// a time before the cutoff, and its calls created before it, in
// transactions of at most RetentionBatch rows each.
//
// The row of the highest seq of each kind stays, whatever its age: on
// SQLite the next seq is MAX(seq)+1, so deleting it would hand its seq out
// again and a stream reader that saw it (GET /api/v1/stream) would miss the
// new row. The one thing stored that is derived from these rows,
// call_counts, follows the deleted calls through its triggers (migration
// 0009) in the same transaction; every report, tally and total is computed
// from the rows when asked.
func (db *DB) DeleteExpired(ctx context.Context, tenantID int64, cutoff time.Time) (Expired, error) {
	var e Expired
	for _, x := range []expiring{
		{"status_events", "seq", "time_ms", &e.StatusEvents},
		{"session_events", "seq", "time_ms", &e.SessionEvents},
		{"calls", "id", "created_ms", &e.Calls},
	} {
		if err := db.deleteExpiredRows(ctx, tenantID, cutoff, x); err != nil {
			return e, err
		}
	}
	return e, nil
}

// deleteExpiredRows deletes one table's expired rows, a batch per
// transaction, until a batch finds fewer than it may take.
func (db *DB) deleteExpiredRows(ctx context.Context, tenantID int64, cutoff time.Time, x expiring) error {
	query := `DELETE FROM ` + x.table + ` WHERE tenant_id = $1 AND ` + x.key + ` IN (
		SELECT ` + x.key + ` FROM ` + x.table + ` WHERE tenant_id = $1 AND ` + x.time + ` < $2
			AND seq < (SELECT MAX(seq) FROM ` + x.table + ` WHERE tenant_id = $1)
		LIMIT $3)`
	for {
		var n int64
		// Instances passing together may lock the same rows in different
		// orders: the one PostgreSQL aborts tries again.
		err := db.retryTx(ctx, func() {}, func() error {
			return db.inTx(ctx, func(tx *Tx) error {
				res, err := tx.exec(ctx, query, tenantID, cutoff.UnixMilli(), RetentionBatch)
				if err != nil {
					return err
				}
				n, err = res.RowsAffected()
				return err
			})
		})
		if err != nil {
			return err
		}
		*x.count += n
		if n < RetentionBatch {
			return nil
		}
	}
}

// ApplyRetention deletes, for every tenant that keeps its events for a
// number of days, the events older than that. It calls done with each
// tenant's count, and goes on with the other tenants when one fails.
func (db *DB) ApplyRetention(ctx context.Context, done func(activity.Tenant, Expired, error)) error {
	tenants, err := db.Tenants(ctx)
	if err != nil {
		return err
	}
	for _, t := range tenants {
		if t.RetentionDays == 0 {
			continue
		}
		cutoff := db.now().Add(-time.Duration(t.RetentionDays) * 24 * time.Hour)
		e, err := db.DeleteExpired(ctx, t.ID, cutoff)
		done(t, e, err)
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
	return nil
}
