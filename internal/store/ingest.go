package store

import (
	"context"
	"errors"

	"agentlog/internal/activity"
)

// IngestResult says what a batch did.
type IngestResult struct {
	Received     int // items in the batch
	New          int // items stored for the first time
	Known        int // items that were there already (or twice in the batch)
	Replaced     int // calls only: known calls replaced by a version at least as new
	UsersCreated int // users created because an item named them
}

// itemError names the item of a batch that an error is about.
func itemError(index int, err error) error {
	var e *activity.Error
	if errors.As(err, &e) {
		return activity.Errorf(e.Code, "item %d: %s", index, e.Message)
	}
	return err
}

// eventBatch describes a batch of one kind of event to ingestEvents.
type eventBatch struct {
	n        int
	validate func(i int) error
	user     func(i int) *activity.UserRef
	prepare  func(i int) // runs once users are resolved: derive ids
	reset    func()      // puts the items back as they came, for a retry
	rows     func(received int64) batch
}

// ingestEvents validates a whole batch, then stores it in one transaction:
// either every item is stored (or found there already) or nothing is.
func (db *DB) ingestEvents(ctx context.Context, tenantID int64, b eventBatch) (IngestResult, error) {
	res := IngestResult{Received: b.n}
	var refs userRefs
	for i := 0; i < b.n; i++ {
		if err := b.validate(i); err != nil {
			return res, itemError(i, err)
		}
		refs.add(i, b.user(i))
	}
	err := db.retryTx(ctx, b.reset, func() error {
		return db.inTx(ctx, func(tx *Tx) error {
			var err error
			if res.UsersCreated, err = resolveUsers(ctx, tx, tenantID, &refs); err != nil {
				return err
			}
			for i := 0; i < b.n; i++ {
				b.prepare(i)
			}
			w, err := tx.insertBatch(ctx, tenantID, b.rows(tx.now.UnixMilli()))
			res.New = int(w.inserted)
			return err
		})
	})
	if err != nil {
		return IngestResult{Received: b.n}, err
	}
	res.Known = res.Received - res.New
	return res, nil
}

// IngestStatusEvents stores a batch of status events. Items without an id
// get one derived from their content, so a re-sent batch adds nothing.
func (db *DB) IngestStatusEvents(ctx context.Context, tenantID int64, events []activity.StatusEvent) (IngestResult, error) {
	return db.ingestEvents(ctx, tenantID, eventBatch{
		n:        len(events),
		reset:    snapshot(db, events),
		validate: func(i int) error { return events[i].Validate() },
		user:     func(i int) *activity.UserRef { return &events[i].User },
		prepare: func(i int) {
			if events[i].ID == "" {
				events[i].ID = events[i].DerivedID(events[i].User.ID)
			}
		},
		rows: func(received int64) batch {
			return batch{
				table:     "status_events",
				columns:   []string{"id", "user_id", "status", "time_ms", "received_ms"},
				conflict:  "ON CONFLICT (tenant_id, id) DO NOTHING",
				sequenced: true,
				n:         len(events),
				row: func(i int) []any {
					e := &events[i]
					return []any{e.ID, e.User.ID, e.Status, e.Time.UnixMilli(), received}
				},
			}
		},
	})
}

// IngestSessionEvents stores a batch of session events, like
// IngestStatusEvents.
func (db *DB) IngestSessionEvents(ctx context.Context, tenantID int64, events []activity.SessionEvent) (IngestResult, error) {
	return db.ingestEvents(ctx, tenantID, eventBatch{
		n:        len(events),
		reset:    snapshot(db, events),
		validate: func(i int) error { return events[i].Validate() },
		user:     func(i int) *activity.UserRef { return &events[i].User },
		prepare: func(i int) {
			if events[i].ID == "" {
				events[i].ID = events[i].DerivedID(events[i].User.ID)
			}
		},
		rows: func(received int64) batch {
			return batch{
				table:     "session_events",
				columns:   []string{"id", "user_id", "action", "queue", "time_ms", "received_ms"},
				conflict:  "ON CONFLICT (tenant_id, id) DO NOTHING",
				sequenced: true,
				n:         len(events),
				row: func(i int) []any {
					e := &events[i]
					return []any{e.ID, e.User.ID, e.Action, e.Queue, e.Time.UnixMilli(), received}
				},
			}
		},
	})
}
