package cention_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// line is one CSV record of agent alice.
func line(id int, sec int64, action string) string {
	return fmt.Sprintf("%d,alice,%d,%s\n", id, sec, action)
}

func TestLogioPeriod(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		const from, to = 1554108400, 1554108500
		// A clock a day after to: a parameter taken as absent would give a
		// valid period, so that each 400 below must come from the value.
		db.Now = func() time.Time { return time.Unix(to+24*60*60, 0) }
		srv, tenant, key := mustSetup(t, db, "acme")
		mustIngest(t, db, tenant,
			session("alice", activity.Login, unixMilli(from-1, 999)), // second from-1: out
			session("alice", activity.Logout, unixMilli(from, 0)),    // in
			session("alice", activity.Login, unixMilli(to, 999)),     // second to: in
			session("alice", activity.Logout, unixMilli(to+1, 0)))    // out
		servertest.Run(t, srv, []servertest.Scenario{
			csvOK("inclusive at both ends, whole seconds", logio("acme", period(from, to)...), key,
				line(1, from, "Logout")+line(2, to, "Login")),
			csvOK("from a second later", logio("acme", period(from+1, to)...), key, line(1, to, "Login")),
			csvOK("to a second earlier", logio("acme", period(from, to-1)...), key, line(1, from, "Logout")),
			csvOK("a second wider on both sides", logio("acme", period(from-1, to+1)...), key,
				line(1, from-1, "Login")+line(2, from, "Logout")+line(3, to, "Login")+line(4, to+1, "Logout")),
			csvOK("from == to: that one second", logio("acme", period(from, from)...), key, line(1, from, "Logout")),
			csvOK("from == to at a record's second", logio("acme", period(to, to)...), key, line(1, to, "Login")),

			bad("from a fraction", logio("acme", "from=1554108400.5", fmt.Sprint("to=", to)), key, http.StatusBadRequest, "from"),
			bad("from a word", logio("acme", "from=abc", fmt.Sprint("to=", to)), key, http.StatusBadRequest, "from"),
			bad("from an exponent", logio("acme", "from=1e9", fmt.Sprint("to=", to)), key, http.StatusBadRequest, "from"),
			bad("from empty is not an integer", logio("acme", "from=", fmt.Sprint("to=", to)), key, http.StatusBadRequest, "from"),
			bad("to a fraction", logio("acme", fmt.Sprint("from=", from), "to=1.5"), key, http.StatusBadRequest, "to"),
			bad("to a word", logio("acme", fmt.Sprint("from=", from), "to=abc"), key, http.StatusBadRequest, "to"),
			bad("to empty is not an integer", logio("acme", fmt.Sprint("from=", from), "to="), key, http.StatusBadRequest, "to"),
			bad("to before from", logio("acme", period(to, from)...), key, http.StatusBadRequest),
			bad("to a second before from", logio("acme", period(from, from-1)...), key, http.StatusBadRequest),
		})
	})
}

// TestLogioDefaultPeriod fixes the clock: without from the period starts 7
// days before now, without to it ends now, both whole seconds included.
func TestLogioDefaultPeriod(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		now := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
		db.Now = func() time.Time { return now }
		srv, tenant, key := mustSetup(t, db, "acme")
		weekAgo := now.Add(-7 * 24 * time.Hour)
		mustIngest(t, db, tenant,
			session("alice", activity.Login, weekAgo.Add(-time.Millisecond)), // out
			session("alice", activity.Logout, weekAgo),                       // in
			session("alice", activity.Login, now.Add(999*time.Millisecond)),  // in: the second of now
			session("alice", activity.Logout, now.Add(time.Second)))          // out
		n, w := now.Unix(), weekAgo.Unix()
		servertest.Run(t, srv, []servertest.Scenario{
			csvOK("neither from nor to: the last 7 days up to now", logio("acme"), key,
				line(1, w, "Logout")+line(2, n, "Login")),
			csvOK("from given, to is now", logio("acme", fmt.Sprint("from=", w-1)), key,
				line(1, w-1, "Login")+line(2, w, "Logout")+line(3, n, "Login")),
			csvOK("to given, from is 7 days before now", logio("acme", fmt.Sprint("to=", n+1)), key,
				line(1, w, "Logout")+line(2, n, "Login")+line(3, n+1, "Logout")),
			bad("to before the default from", logio("acme", fmt.Sprint("to=", w-1)), key, http.StatusBadRequest),
			bad("from after the default to", logio("acme", fmt.Sprint("from=", n+1)), key, http.StatusBadRequest),
		})
	})
}
