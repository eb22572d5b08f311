package xapi_test

// CallHistoryView over a large tenant: AGENTLOG_XAPI_LARGE=<calls> loads
// that many calls (a month of 60 agents) and times filtered, ordered pages
// of 100 through the real server; skipped without it. The figures for
// 5,000,000 calls are in README.md.

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// largeQueries are the pages timed, each a filtered, ordered page of 100.
var largeQueries = []string{
	"$filter=SegmentStartTime+ge+2025-05-10T00:00:00Z+and+SegmentStartTime+lt+2025-05-11T00:00:00Z&$orderby=SegmentStartTime+asc&$top=100",
	"$filter=SegmentStartTime+ge+2025-05-10T00:00:00Z+and+SegmentStartTime+lt+2025-05-11T00:00:00Z&$orderby=SegmentStartTime+asc&$top=100&$count=true",
	"$filter=SegmentStartTime+lt+2025-05-20T12:00:00Z&$orderby=SegmentStartTime+desc&$top=100",
	"$filter=CallAnswered+and+CallTime+gt+duration'PT5M'&$orderby=SegmentStartTime+desc&$top=100",
	"$filter=DstDn+eq+'1007'+and+SrcExternal&$orderby=SegmentStartTime+desc&$top=100",
	"$filter=startswith(SrcCallerNumber,'%2B4930')&$orderby=SegmentStartTime&$top=100&$skip=1000",
	"$filter=SegmentId+gt+%d&$orderby=SegmentId&$top=100", // half of the calls
	"$orderby=SegmentId+desc&$top=100",
}

func TestCallHistoryViewLarge(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("AGENTLOG_XAPI_LARGE"))
	if n <= 0 {
		t.Skip("set AGENTLOG_XAPI_LARGE=<calls> (e.g. 5000000) to time CallHistoryView over a large tenant")
	}
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := db.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		e := newReportEnv(t, db, instant("2025-06-01T00:00:00Z"))
		agents := make([]activity.User, 60)
		for i := range agents {
			agents[i] = activity.User{ID: fmt.Sprintf("00000000-0000-4000-e000-%012d", i), Login: fmt.Sprintf("agent%d", i),
				Name: fmt.Sprintf("Agent %d", i), Extension: strconv.Itoa(1000 + i)}
		}
		if _, err := db.EnsureUsers(ctx, e.tenant.ID, agents); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		const batch = 10000
		for done := 0; done < n; done += batch {
			if _, err := db.IngestCalls(ctx, e.tenant.ID, largeCalls(done, min(batch, n-done), n, agents)); err != nil {
				t.Fatal(err)
			}
		}
		analyze(t, db, dsn)
		t.Logf("%s: loaded %d calls in %s", db.Dialect(), n, time.Since(start).Round(time.Second))
		for _, q := range largeQueries {
			if strings.Contains(q, "%d") {
				q = fmt.Sprintf(q, n/2)
			}
			target := "/xapi/v1/CallHistoryView?" + q
			var times []time.Duration
			for range 5 {
				start := time.Now()
				rows, _, _ := readPage(t, q, e.get(t, target))
				times = append(times, time.Since(start))
				if len(rows) != 100 {
					t.Errorf("%s: got %d rows, want 100", q, len(rows))
				}
			}
			slices.Sort(times)
			t.Logf("%s: median %s, slowest %s: %s", db.Dialect(), times[2].Round(time.Millisecond), times[4].Round(time.Millisecond), q)
			if times[2] > time.Second {
				t.Errorf("%s: median %s, want well under a second", q, times[2])
			}
		}
	})
}

// largeCalls are calls from..from+count of total, spread evenly over May
// 2025: two in three inbound, half through a queue, four in five answered.
func largeCalls(from, count, total int, agents []activity.User) []activity.Call {
	out := make([]activity.Call, count)
	month := 31 * 24 * time.Hour
	for i := range out {
		k := from + i
		a := agents[k%len(agents)]
		started := instant("2025-05-01T00:00:00Z").Add(time.Duration(int64(month) / int64(total) * int64(k)))
		ended := started.Add(time.Duration(20+k%900) * time.Second)
		c := activity.Call{ID: fmt.Sprintf("%08x-0000-4000-8000-%012d", k*2654435761%(1<<32), k), Direction: activity.Inbound,
			FromNumber: fmt.Sprintf("+4930%07d", k%9999991), ToNumber: a.Extension, Extension: a.Extension,
			User: activity.UserRef{ID: a.ID}, StartedAt: &started, EndedAt: &ended}
		if k%3 == 0 {
			c.Direction, c.FromNumber, c.ToNumber = activity.Outbound, a.Extension, fmt.Sprintf("+4940%07d", k%9999991)
		}
		if k%2 == 0 {
			c.Queue = "800"
		}
		if k%5 != 0 {
			answered := started.Add(time.Duration(k%20) * time.Second)
			c.AnsweredAt = &answered
		}
		out[i] = c
	}
	return out
}

// analyze refreshes the planner's statistics after the load, as the server
// does for SQLite (Optimize) and autovacuum does for PostgreSQL, a minute
// or so after a bulk load.
func analyze(t *testing.T, db *store.DB, dsn string) {
	if err := db.Optimize(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !store.IsPostgresURL(dsn) {
		return
	}
	pg, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if _, err := pg.Exec("ANALYZE calls; ANALYZE users"); err != nil {
		t.Fatal(err)
	}
}
