package store_test

import (
	"context"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// Status and session events are ingested and read alike; kind lets one test
// cover both.

// ev is an event of either kind. What is the status of a status event, and
// the queue of a session event (a login).
type ev struct {
	ID   string
	User activity.UserRef
	What string
	Time time.Time
}

// stored is an event read back.
type stored struct {
	ev
	Seq int64
}

type kind struct {
	name      string
	ingest    func(ctx context.Context, db *store.DB, tenantID int64, evs []ev) (store.IngestResult, error)
	read      func(t *testing.T, db *store.DB, tenantID int64, f store.EventFilter) []stored
	derivedID func(e ev, userID string) string
}

var kinds = []kind{
	{
		name: "status",
		ingest: func(ctx context.Context, db *store.DB, tenantID int64, evs []ev) (store.IngestResult, error) {
			list := make([]activity.StatusEvent, len(evs))
			for i, e := range evs {
				list[i] = activity.StatusEvent{ID: e.ID, User: e.User, Status: e.What, Time: e.Time}
			}
			return db.IngestStatusEvents(ctx, tenantID, list)
		},
		read: func(t *testing.T, db *store.DB, tenantID int64, f store.EventFilter) []stored {
			t.Helper()
			var list []stored
			for _, e := range statusEvents(t, db, tenantID, f) {
				list = append(list, stored{ev{e.ID, e.User, e.Status, e.Time}, e.Seq})
			}
			return list
		},
		derivedID: func(e ev, userID string) string {
			return (&activity.StatusEvent{Status: e.What, Time: e.Time}).DerivedID(userID)
		},
	},
	{
		name: "session",
		ingest: func(ctx context.Context, db *store.DB, tenantID int64, evs []ev) (store.IngestResult, error) {
			list := make([]activity.SessionEvent, len(evs))
			for i, e := range evs {
				list[i] = activity.SessionEvent{ID: e.ID, User: e.User, Action: activity.Login, Queue: e.What, Time: e.Time}
			}
			return db.IngestSessionEvents(ctx, tenantID, list)
		},
		read: func(t *testing.T, db *store.DB, tenantID int64, f store.EventFilter) []stored {
			t.Helper()
			var list []stored
			for _, e := range sessionEvents(t, db, tenantID, f) {
				if e.Action != activity.Login {
					t.Fatalf("action of %s: got %q, want %q", e.ID, e.Action, activity.Login)
				}
				list = append(list, stored{ev{e.ID, e.User, e.Queue, e.Time}, e.Seq})
			}
			return list
		},
		derivedID: func(e ev, userID string) string {
			return (&activity.SessionEvent{Action: activity.Login, Queue: e.What, Time: e.Time}).DerivedID(userID)
		},
	},
}

// forEachKind runs fn for status events and for session events, each in a
// tenant of its own.
func forEachKind(t *testing.T, db *store.DB, fn func(t *testing.T, k kind, tn activity.Tenant)) {
	t.Helper()
	for _, k := range kinds {
		t.Run(k.name, func(t *testing.T) { fn(t, k, mustTenant(t, db, "tenant-"+k.name)) })
	}
}

func byLogin(login string) activity.UserRef { return activity.UserRef{Login: login} }
func byID(id string) activity.UserRef       { return activity.UserRef{ID: id} }

func (k kind) mustIngest(t *testing.T, db *store.DB, tenantID int64, evs ...ev) store.IngestResult {
	t.Helper()
	res, err := k.ingest(t.Context(), db, tenantID, evs)
	must(t, err)
	return res
}

func (k kind) ids(t *testing.T, db *store.DB, tenantID int64, f store.EventFilter) []string {
	t.Helper()
	list := k.read(t, db, tenantID, f)
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.ID
	}
	return ids
}

// statusIDs lists the ids of events, in order.
func statusIDs(list []store.StoredStatusEvent) []string {
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.ID
	}
	return ids
}

func sessionIDs(list []store.StoredSessionEvent) []string {
	ids := make([]string, len(list))
	for i, e := range list {
		ids[i] = e.ID
	}
	return ids
}

// st is a status event of the user with the given login.
func st(id, login, status string, t time.Time) activity.StatusEvent {
	return activity.StatusEvent{ID: id, User: activity.UserRef{Login: login}, Status: status, Time: t}
}

// se is a session event of the user with the given login.
func se(id, login, action, queue string, t time.Time) activity.SessionEvent {
	return activity.SessionEvent{ID: id, User: activity.UserRef{Login: login}, Action: action, Queue: queue, Time: t}
}
