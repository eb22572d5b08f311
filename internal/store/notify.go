package store

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// changes wakes the readers of tenants' feeds (GET /api/v1/stream) when
// rows are committed, so that they need not wait for their next poll. It is
// only a wake-up: a reader reads what is new from the feed, which stays the
// one source of truth, and polls anyway in case a wake-up is lost.
type changes struct {
	mu      sync.Mutex
	waiting map[int64]chan struct{} // closed at the tenant's next change
}

// wait returns a channel closed at the tenant's next change.
func (c *changes) wait(tenantID int64) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.waiting == nil {
		c.waiting = map[int64]chan struct{}{}
	}
	ch, ok := c.waiting[tenantID]
	if !ok {
		ch = make(chan struct{})
		c.waiting[tenantID] = ch
	}
	return ch
}

// wake wakes the tenant's readers.
func (c *changes) wake(tenantID int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, ok := c.waiting[tenantID]; ok {
		close(ch)
		delete(c.waiting, tenantID)
	}
}

// wakeAll wakes every reader, when changes may have gone unheard.
func (c *changes) wakeAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for id, ch := range c.waiting {
		close(ch)
		delete(c.waiting, id)
	}
}

// Changed returns a channel closed when rows of the tenant's feed are next
// committed: by this process, and on PostgreSQL by any agentlog instance
// sharing the database, which hear of each other's writes through
// LISTEN/NOTIFY. A caller takes the channel before it reads the feed, so
// that a change during the read wakes it too.
func (db *DB) Changed(tenantID int64) <-chan struct{} {
	if db.dialect == postgresDialect {
		db.listenOnce.Do(db.startListening)
	}
	return db.changes.wait(tenantID)
}

// feedChanged records that tx writes rows of the tenant's feed: on
// PostgreSQL a NOTIFY, which the server delivers when (and only if) tx
// commits; in this process, a wake-up once inTx has committed.
func (tx *Tx) feedChanged(ctx context.Context, tenantID int64) error {
	tx.changed = append(tx.changed, tenantID)
	if tx.db.dialect != postgresDialect {
		return nil
	}
	_, err := tx.exec(ctx, `SELECT pg_notify(`+notifyChannel+`, $1)`, strconv.FormatInt(tenantID, 10))
	return err
}

// notifyChannel is the channel of the schema's instances: test schemas, or
// several installations in one database, keep to themselves.
const notifyChannel = `left('agentlog_' || current_schema(), 63)`

// listenRetry is how long the listener waits before it connects again
// after losing its connection; streams poll meanwhile.
const listenRetry = time.Second

// startListening runs the listener connection until Close.
func (db *DB) startListening() {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	db.stopListening = func() {
		cancel()
		<-done
	}
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			_ = db.listen(ctx)
			db.changes.wakeAll() // changes may have come unheard
			select {
			case <-ctx.Done():
			case <-time.After(listenRetry):
			}
		}
	}()
}

// listen holds one connection that LISTENs on the schema's channel and
// wakes the readers of each tenant named by a notification, until the
// connection fails or ctx is done.
func (db *DB) listen(ctx context.Context) error {
	cfg, err := pgx.ParseConfig(db.dsn)
	if err != nil {
		return err
	}
	cfg.RuntimeParams["application_name"] = "agentlog listener" // for pg_stat_activity
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var channel string
	if err := conn.QueryRow(ctx, `SELECT `+notifyChannel).Scan(&channel); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, `LISTEN `+pgx.Identifier{channel}.Sanitize()); err != nil {
		return err
	}
	db.changes.wakeAll() // what came before LISTEN went unheard
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		if id, err := strconv.ParseInt(n.Payload, 10, 64); err == nil {
			db.changes.wake(id)
		}
	}
}
