package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// FeedPosition is a place in a tenant's change feed: the seq of the last
// status event, session event and call (new or changed) a reader has seen.
type FeedPosition struct{ Status, Session, Call int64 }

// FeedKinds are the kinds of row a feed follows.
type FeedKinds struct{ Status, Session, Call bool }

// FeedItem is one row of the feed, with the feed's position just after it.
// Exactly one of Status, Session and Call is set.
type FeedItem struct {
	Status   *StoredStatusEvent
	Session  *StoredSessionEvent
	Call     *activity.Call
	Position FeedPosition
}

// Feed follows the rows written for one tenant, in seq order per kind, for
// readers that poll (several agentlog instances may write to one
// PostgreSQL, so no instance hears of every write; DB.Changed wakes a
// reader early when one does). It is not safe for concurrent use.
//
// A row is handed out only once no row of a lower seq can still appear, so
// that a reader that goes on from the position of the last row it saw
// loses nothing and sees nothing twice:
//
//   - SQLite has one writer, which takes seq as MAX(seq)+1 inside its
//     transaction: rows become visible in seq order, and every committed
//     row is safe.
//   - PostgreSQL takes seq from a sequence when a row is inserted, before
//     its transaction commits: a reader may see seq 12 committed while
//     seq 11 is still being written. So each read first notes the highest
//     committed seq of each kind together with the transactions running at
//     that moment (pg_current_snapshot), and hands out rows up to a noted
//     end only once every transaction running when it was noted has
//     finished: any row below the end was then written by a transaction
//     committed before (visible), or running then (finished now), never
//     by one that started later, since a sequence only grows. This holds
//     because every writer of these tables has a transaction id before it
//     takes a seq (ingestion creates its COPY table first). Transactions
//     that have waited a second and hold no lock on these tables (other
//     work, other databases of the server) are then ignored: they cannot
//     have written a row, since a table lock is held until the end.
type Feed struct {
	db       *DB
	tenantID int64
	kinds    FeedKinds

	safe      FeedPosition // PostgreSQL: rows up to here may be handed out
	marks     []feedMark   // PostgreSQL: ends noted, oldest first, not safe yet
	lockCheck time.Time    // PostgreSQL: when pg_locks was last read
}

// feedMark is an end of the feed noted with the transactions running then.
type feedMark struct {
	end     FeedPosition
	running []uint64 // transaction ids, removed as they finish
	noted   time.Time
}

const (
	maxFeedMarks  = 64          // ends noted at most; a newer end replaces the newest
	feedLockCheck = time.Second // wait before asking which transactions matter
)

// NewFeed returns a feed of the tenant's rows of kinds.
func (db *DB) NewFeed(tenantID int64, kinds FeedKinds) *Feed {
	return &Feed{db: db, tenantID: tenantID, kinds: kinds}
}

// End returns the position after the rows committed now: a reader that
// starts there sees every row written by a transaction that starts later.
// Kinds not followed are at 0, so that nothing about them shows.
func (f *Feed) End(ctx context.Context) (FeedPosition, error) {
	end, err := f.observe(ctx)
	if !f.kinds.Status {
		end.Status = 0
	}
	if !f.kinds.Session {
		end.Session = 0
	}
	if !f.kinds.Call {
		end.Call = 0
	}
	return end, err
}

// Read hands fn the rows after pos that are safe to hand out now: status
// events, then session events, then calls, each in seq order, at most limit
// of each. It returns the position after the last row handed out (pos
// where none was), and whether a kind may have more (limit rows came).
func (f *Feed) Read(ctx context.Context, pos FeedPosition, limit int, fn func(FeedItem) error) (FeedPosition, bool, error) {
	upTo, err := f.observe(ctx)
	if err != nil {
		return pos, false, err
	}
	if f.db.dialect == postgresDialect {
		upTo = f.safe
	}
	more := false
	for _, k := range []struct {
		follow bool
		read   func(context.Context, *FeedPosition, int64, int, func(FeedItem) error) (int, error)
		upTo   int64
		at     *int64
	}{
		{f.kinds.Status, f.readStatuses, upTo.Status, &pos.Status},
		{f.kinds.Session, f.readSessions, upTo.Session, &pos.Session},
		{f.kinds.Call, f.readCalls, upTo.Call, &pos.Call},
	} {
		if !k.follow || k.upTo <= *k.at {
			continue // an idle poll costs the one query of observe
		}
		n, err := k.read(ctx, &pos, k.upTo, limit, fn)
		if err != nil {
			return pos, false, err
		}
		more = more || n == limit
	}
	return pos, more, nil
}

func (f *Feed) readStatuses(ctx context.Context, pos *FeedPosition, upTo int64, limit int, fn func(FeedItem) error) (int, error) {
	query := `SELECT e.seq, e.id, e.user_id, u.login, e.status, e.time_ms FROM status_events e
		JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.user_id
		WHERE e.tenant_id = $1 AND e.seq > $2 AND e.seq <= $3 ORDER BY e.seq LIMIT $4`
	n := 0
	err := f.db.each(ctx, query, []any{f.tenantID, pos.Status, upTo, limit}, func(rows *sql.Rows) error {
		var e StoredStatusEvent
		var ms int64
		if err := rows.Scan(&e.Seq, &e.ID, &e.User.ID, &e.User.Login, &e.Status, &ms); err != nil {
			return err
		}
		e.Time = activity.FromMillis(ms)
		n++
		pos.Status = e.Seq
		return fn(FeedItem{Status: &e, Position: *pos})
	})
	return n, err
}

func (f *Feed) readSessions(ctx context.Context, pos *FeedPosition, upTo int64, limit int, fn func(FeedItem) error) (int, error) {
	query := `SELECT e.seq, e.id, e.user_id, u.login, e.action, e.queue, e.time_ms FROM session_events e
		JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.user_id
		WHERE e.tenant_id = $1 AND e.seq > $2 AND e.seq <= $3 ORDER BY e.seq LIMIT $4`
	n := 0
	err := f.db.each(ctx, query, []any{f.tenantID, pos.Session, upTo, limit}, func(rows *sql.Rows) error {
		var e StoredSessionEvent
		var ms int64
		if err := rows.Scan(&e.Seq, &e.ID, &e.User.ID, &e.User.Login, &e.Action, &e.Queue, &ms); err != nil {
			return err
		}
		e.Time = activity.FromMillis(ms)
		n++
		pos.Session = e.Seq
		return fn(FeedItem{Session: &e, Position: *pos})
	})
	return n, err
}

func (f *Feed) readCalls(ctx context.Context, pos *FeedPosition, upTo int64, limit int, fn func(FeedItem) error) (int, error) {
	query := `SELECT e.` + strings.Join(callColumns, ", e.") + `, u.login, e.seq FROM calls e
		LEFT JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.user_id
		WHERE e.tenant_id = $1 AND e.seq > $2 AND e.seq <= $3 ORDER BY e.seq LIMIT $4`
	n := 0
	err := f.db.each(ctx, query, []any{f.tenantID, pos.Call, upTo, limit}, func(rows *sql.Rows) error {
		var seq int64
		c, err := scanCall(rows, &seq)
		if err != nil {
			return err
		}
		n++
		pos.Call = seq
		return fn(FeedItem{Call: &c, Position: *pos})
	})
	return n, err
}

// Pending reports whether rows committed may be held back until
// transactions running when they were seen have finished (PostgreSQL): a
// reader woken by a change should then read again soon rather than at its
// next poll.
func (f *Feed) Pending() bool { return len(f.marks) > 0 }

// observe returns the highest committed seq of each kind. On PostgreSQL it
// also notes that end with the transactions running, and moves f.safe up
// to the newest noted end whose transactions have all finished.
func (f *Feed) observe(ctx context.Context) (FeedPosition, error) {
	var end FeedPosition
	var snapshot string
	query := `SELECT %s,
		COALESCE((SELECT MAX(seq) FROM status_events WHERE tenant_id = $1), 0),
		COALESCE((SELECT MAX(seq) FROM session_events WHERE tenant_id = $1), 0),
		COALESCE((SELECT MAX(seq) FROM calls WHERE tenant_id = $1), 0)`
	snapshotSQL := "''"
	if f.db.dialect == postgresDialect {
		snapshotSQL = "pg_current_snapshot()::text"
	}
	err := f.db.read.QueryRowContext(ctx, fmt.Sprintf(query, snapshotSQL), f.tenantID).Scan(&snapshot, &end.Status, &end.Session, &end.Call)
	if err != nil || f.db.dialect != postgresDialect {
		return end, err
	}
	running, err := snapshotRunning(snapshot)
	if err != nil {
		return end, err
	}
	now := time.Now()
	mark := feedMark{end: end, running: running, noted: now}
	if len(f.marks) < maxFeedMarks {
		f.marks = append(f.marks, mark)
	} else {
		f.marks[len(f.marks)-1] = mark
	}
	if err := f.forgetFinished(ctx, running, now); err != nil {
		return end, err
	}
	return end, nil
}

// forgetFinished drops from the noted ends the transactions that are no
// longer running, and those that matter not, then makes safe the newest end
// left with none.
func (f *Feed) forgetFinished(ctx context.Context, running []uint64, now time.Time) error {
	still := make(map[uint64]bool, len(running))
	for _, x := range running {
		still[x] = true
	}
	var writers map[uint32]bool // nil: not asked
	if now.Sub(f.marks[0].noted) >= feedLockCheck && now.Sub(f.lockCheck) >= feedLockCheck && len(f.marks[0].running) > 0 {
		var err error
		if writers, err = f.feedWriters(ctx); err != nil {
			return err
		}
		f.lockCheck = now
	}
	safe := -1
	for i := range f.marks {
		m := &f.marks[i]
		left := m.running[:0]
		for _, x := range m.running {
			// pg_locks is read after every mark was noted: a transaction
			// that had written a row by then holds its table lock still.
			if still[x] && (writers == nil || writers[uint32(x)]) {
				left = append(left, x)
			}
		}
		m.running = left
		if len(left) == 0 {
			safe = i
		}
	}
	if safe >= 0 {
		f.safe = maxPosition(f.safe, f.marks[safe].end)
		f.marks = append(f.marks[:0], f.marks[safe+1:]...)
	}
	return nil
}

// feedWriters returns the (32-bit) ids of the transactions that hold a
// lock on a table of the feed: the only ones that may have written to it.
func (f *Feed) feedWriters(ctx context.Context) (map[uint32]bool, error) {
	query := `SELECT DISTINCT x.transactionid::text FROM pg_locks x
		JOIN pg_locks r ON r.virtualtransaction = x.virtualtransaction
		WHERE x.locktype = 'transactionid' AND x.mode = 'ExclusiveLock' AND x.granted
			AND r.locktype = 'relation'
			AND r.database = (SELECT oid FROM pg_database WHERE datname = current_database())
			AND r.relation IN ('status_events'::regclass, 'session_events'::regclass, 'calls'::regclass)`
	writers := map[uint32]bool{}
	err := f.db.each(ctx, query, nil, func(rows *sql.Rows) error {
		var s string
		if err := rows.Scan(&s); err != nil {
			return err
		}
		x, err := strconv.ParseUint(s, 10, 32)
		if err != nil {
			return fmt.Errorf("pg_locks transaction id %q: %w", s, err)
		}
		writers[uint32(x)] = true
		return nil
	})
	return writers, err
}

// snapshotRunning reads the transactions in progress from the text of a
// pg_snapshot, "xmin:xmax:xip,xip,...".
func snapshotRunning(snapshot string) ([]uint64, error) {
	parts := strings.Split(snapshot, ":")
	if len(parts) != 3 {
		return nil, fmt.Errorf("snapshot %q is not xmin:xmax:xip", snapshot)
	}
	var running []uint64
	for _, s := range strings.Split(parts[2], ",") {
		if s == "" {
			continue
		}
		x, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("snapshot %q: %w", snapshot, err)
		}
		running = append(running, x)
	}
	return running, nil
}

func maxPosition(a, b FeedPosition) FeedPosition {
	return FeedPosition{max(a.Status, b.Status), max(a.Session, b.Session), max(a.Call, b.Call)}
}
