package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// fillBatch is how many events a fill stores per batch.
const fillBatch = 50_000

// FillStatusEvents stores n status events of 100 agents (agent000 …
// agent099) spread evenly over the year from start, with ids e0, e1, ….
func FillStatusEvents(t testing.TB, db *store.DB, tenantID int64, start time.Time, n int) {
	t.Helper()
	statuses := []string{"Available", "Lunch", "Break", "", "Customer visit"}
	fill(t, n, func(i int) activity.StatusEvent {
		return activity.StatusEvent{ID: fmt.Sprintf("e%d", i), User: agent(i), Status: statuses[i%len(statuses)], Time: yearStep(start, i, n)}
	}, func(events []activity.StatusEvent) error {
		_, err := db.IngestStatusEvents(context.Background(), tenantID, events)
		return err
	})
}

// FillSessionEvents stores n logins and logouts of 100 agents spread over
// the year from start, with ids s0, s1, ….
func FillSessionEvents(t testing.TB, db *store.DB, tenantID int64, start time.Time, n int) {
	t.Helper()
	actions := []string{activity.Login, activity.Logout}
	fill(t, n, func(i int) activity.SessionEvent {
		return activity.SessionEvent{ID: fmt.Sprintf("s%d", i), User: agent(i), Action: actions[(i/100)%2], Time: yearStep(start, i, n)}
	}, func(events []activity.SessionEvent) error {
		_, err := db.IngestSessionEvents(context.Background(), tenantID, events)
		return err
	})
}

func fill[T any](t testing.TB, n int, item func(int) T, save func([]T) error) {
	t.Helper()
	batch := make([]T, 0, fillBatch)
	for i := range n {
		batch = append(batch, item(i))
		if len(batch) == fillBatch || i == n-1 {
			if err := save(batch); err != nil {
				t.Fatalf("filling %d events: %v", n, err)
			}
			batch = batch[:0]
		}
	}
}

func agent(i int) activity.UserRef { return activity.UserRef{Login: fmt.Sprintf("agent%03d", i%100)} }

func yearStep(start time.Time, i, n int) time.Time {
	return start.Add(time.Duration(i) * (365 * 24 * time.Hour / time.Duration(n)))
}
