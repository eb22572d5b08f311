package store

import (
	"context"

	"agentlog/internal/activity"
)

// Loader writes one tenant's users and events in the batches a bulk source
// (the simulator, an importer) produces; it is a simulate.Sink. Each batch
// is ingested like any other: validated whole, idempotent by event id.
type Loader struct {
	DB       *DB
	TenantID int64
}

// Users creates the users that do not exist yet.
func (l Loader) Users(ctx context.Context, users []activity.User) error {
	_, err := l.DB.EnsureUsers(ctx, l.TenantID, users)
	return err
}

// StatusEvents stores a batch of status events.
func (l Loader) StatusEvents(ctx context.Context, events []activity.StatusEvent) error {
	_, err := l.DB.IngestStatusEvents(ctx, l.TenantID, events)
	return err
}

// SessionEvents stores a batch of session events.
func (l Loader) SessionEvents(ctx context.Context, events []activity.SessionEvent) error {
	_, err := l.DB.IngestSessionEvents(ctx, l.TenantID, events)
	return err
}

// Calls stores a batch of calls.
func (l Loader) Calls(ctx context.Context, calls []activity.Call) error {
	_, err := l.DB.IngestCalls(ctx, l.TenantID, calls)
	return err
}
