package store_test

// call_counts (migration 0009) and the counts CountCalls reads from it: the
// table must equal GROUP BY over calls after every kind of write (new
// calls, replaced calls, retention, concurrent batches, the backfill of
// calls stored before the migration), and CountCalls must equal a count of
// the stored calls made in Go, for statuses and periods of every shape.

import (
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// countBase is the start of the hours the calls of these tests fall in.
var countBase = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

// countStatuses are the statuses calls take; queries also ask for one no
// call has.
var countStatuses = []string{"Completed", "Missed Call", "Busy", "Error"}

// forEachCountDB runs fn on a fresh migrated database of every kind, with
// a connection behind the store's back to read call_counts.
func forEachCountDB(t *testing.T, fn func(t *testing.T, db *store.DB, raw *sql.DB)) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		must(t, db.Migrate(t.Context()))
		fn(t, db, b.sql(t))
	})
}

// countTime is a random time among the 30 hours from countBase, often on
// an hour's first or last millisecond, where counts split.
func countTime(r *rand.Rand) time.Time {
	hour := countBase.Add(time.Duration(r.IntN(30)) * time.Hour)
	switch r.IntN(4) {
	case 0:
		return hour
	case 1:
		return hour.Add(-time.Millisecond)
	}
	return hour.Add(time.Duration(r.Int64N(int64(time.Hour/time.Millisecond))) * time.Millisecond)
}

// randomCall is call n with a random status and start; about one in
// twenty has no start and so is created at the store's clock.
func randomCall(r *rand.Rand, n int, updated time.Time) activity.Call {
	c := call(uuidN(n), countTime(r), updated)
	c.Status = countStatuses[r.IntN(len(countStatuses))]
	if r.IntN(20) == 0 {
		c.StartedAt = nil
	}
	return c
}

// ingestInBatches stores list in batches of random sizes.
func ingestInBatches(t *testing.T, db *store.DB, r *rand.Rand, tenantID int64, list []activity.Call) {
	t.Helper()
	for len(list) > 0 {
		n := min(len(list), 1+r.IntN(150))
		mustIngestCalls(t, db, tenantID, list[:n]...)
		list = list[n:]
	}
}

// mustCountsMatchCalls compares call_counts with GROUP BY over calls, row
// by row, for every tenant.
func mustCountsMatchCalls(t *testing.T, raw *sql.DB) {
	t.Helper()
	read := func(query string) []string {
		rows, err := raw.QueryContext(t.Context(), query)
		must(t, err)
		defer rows.Close()
		var list []string
		for rows.Next() {
			var tenant, hour, n int64
			var status string
			must(t, rows.Scan(&tenant, &status, &hour, &n))
			list = append(list, fmt.Sprintf("%d/%s/%d: %d", tenant, status, hour, n))
		}
		must(t, rows.Err())
		return list
	}
	got := read(`SELECT tenant_id, status, created_hour, n FROM call_counts ORDER BY 1, 2, 3`)
	want := read(`SELECT tenant_id, status, created_ms / 3600000, COUNT(*) FROM calls GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`)
	for i := range max(len(got), len(want)) {
		if i >= len(got) || i >= len(want) || got[i] != want[i] {
			t.Fatalf("call_counts (tenant/status/hour: n) differs from GROUP BY over calls from row %d: got %v, want %v (%d and %d rows)",
				i, got[i:min(i+3, len(got))], want[i:min(i+3, len(want))], len(got), len(want))
		}
	}
}

// countQuery is a random query of the shapes call_counts answers: maybe a
// status = or IN (or both), and a created period of one or two range
// conditions, whose ends fall on, just before or just after an hour's
// start, or anywhere; periods inside one hour, empty and reversed ones.
func countQuery(r *rand.Rand) []store.CallCondition {
	var conds []store.CallCondition
	someStatuses := func() []any {
		list := []any{}
		for range r.IntN(4) {
			list = append(list, append(countStatuses, "Unknown")[r.IntN(len(countStatuses)+1)])
		}
		return list
	}
	switch r.IntN(5) {
	case 1:
		conds = append(conds, cond(store.FieldStatus, store.OpEqual, countStatuses[r.IntN(len(countStatuses))]))
	case 2, 3:
		conds = append(conds, cond(store.FieldStatus, store.OpIn, someStatuses()...))
	case 4:
		conds = append(conds, cond(store.FieldStatus, store.OpIn, someStatuses()...),
			cond(store.FieldStatus, store.OpEqual, countStatuses[r.IntN(len(countStatuses))]))
	}
	from := countTime(r).UnixMilli() + int64(r.IntN(3)-1)
	lengths := []int64{0, 1, 3599999, 3600000, 3600001, r.Int64N(3600000), r.Int64N(40 * 3600000), -1 - r.Int64N(7200000)}
	to := from + lengths[r.IntN(len(lengths))]
	lower := []store.Op{store.OpGreater, store.OpGreaterEqual}[r.IntN(2)]
	upper := []store.Op{store.OpLess, store.OpLessEqual}[r.IntN(2)]
	switch r.IntN(6) {
	case 0: // any time
	case 1:
		conds = append(conds, cond(store.FieldCreated, store.OpBetween, from, to))
	case 2:
		conds = append(conds, cond(store.FieldCreated, lower, from))
	case 3:
		conds = append(conds, cond(store.FieldCreated, upper, to))
	case 4:
		conds = append(conds, cond(store.FieldCreated, lower, from), cond(store.FieldCreated, upper, to))
	case 5:
		conds = append(conds, cond(store.FieldCreated, store.OpEqual, from))
	}
	r.Shuffle(len(conds), func(i, j int) { conds[i], conds[j] = conds[j], conds[i] })
	return conds
}

// matches tells whether c meets all conds, the brute-force way.
func matches(c activity.Call, conds []store.CallCondition) bool {
	for _, k := range conds {
		if !matchesOne(c, k) {
			return false
		}
	}
	return true
}

func matchesOne(c activity.Call, k store.CallCondition) bool {
	if k.Field == store.FieldStatus {
		return slices.Contains(k.Values, any(c.Status))
	}
	v := c.CreatedAt.UnixMilli()
	a := k.Values[0].(int64)
	switch k.Op {
	case store.OpEqual:
		return v == a
	case store.OpGreater:
		return v > a
	case store.OpGreaterEqual:
		return v >= a
	case store.OpLess:
		return v < a
	case store.OpLessEqual:
		return v <= a
	case store.OpBetween:
		return a <= v && v <= k.Values[1].(int64)
	}
	panic("no such operator in countQuery: " + string(k.Op))
}

// mustCountsExact checks call_counts against calls, then CountCalls against
// a count in Go of each tenant's stored calls, for many random queries.
func mustCountsExact(t *testing.T, db *store.DB, raw *sql.DB, r *rand.Rand, tenants ...int64) {
	t.Helper()
	mustCountsMatchCalls(t, raw)
	for _, tenantID := range tenants {
		stored := calls(t, db, tenantID, store.EventFilter{})
		for range 150 {
			conds := countQuery(r)
			want := 0
			for _, c := range stored {
				if matches(c, conds) {
					want++
				}
			}
			got, err := db.CountCalls(t.Context(), tenantID, store.CallQuery{Conditions: conds})
			must(t, err)
			if got != int64(want) {
				t.Fatalf("CountCalls of tenant %d where %+v: got %d, want %d", tenantID, conds, got, want)
			}
		}
	}
}

// TestCallCountsFollowEveryWrite ingests calls of two tenants, replaces
// many with other statuses and times, deletes expired ones and ingests
// again, checking the counts after each step.
func TestCallCountsFollowEveryWrite(t *testing.T) {
	forEachCountDB(t, func(t *testing.T, db *store.DB, raw *sql.DB) {
		r := rand.New(rand.NewPCG(9, 1))
		setNow(db, countBase.Add(12*time.Hour)) // calls without a start fall on an hour's start
		acme, other := mustTenant(t, db, "acme").ID, mustTenant(t, db, "other").ID
		v1 := countBase.Add(48 * time.Hour)
		var first []activity.Call
		for n := range 500 {
			first = append(first, randomCall(r, n, v1))
		}
		ingestInBatches(t, db, r, acme, first)
		ingestInBatches(t, db, r, other, first[:300])
		mustCountsExact(t, db, raw, r, acme, other)

		// Replace about half, some twice in one batch; a version older
		// than the stored one changes nothing.
		var second []activity.Call
		replaced := 0
		for n := range 600 {
			if n < 500 && r.IntN(2) == 0 {
				continue
			}
			updated := v1.Add(time.Duration(1+r.IntN(3)) * time.Minute)
			if n < 500 && r.IntN(8) == 0 {
				updated = v1.Add(-time.Minute)
			} else if n < 500 {
				replaced++
			}
			second = append(second, randomCall(r, n, updated))
			if r.IntN(10) == 0 {
				second = append(second, randomCall(r, n, updated.Add(time.Second)))
			}
		}
		r.Shuffle(len(second), func(i, j int) { second[i], second[j] = second[j], second[i] })
		if replaced < 150 {
			t.Fatalf("only %d calls replaced: the test needs many", replaced)
		}
		ingestInBatches(t, db, r, acme, second)
		mustCountsExact(t, db, raw, r, acme, other)

		// Retention, in several batches of deletes.
		cutoff := countBase.Add(10*time.Hour + 1234*time.Millisecond)
		got, err := db.DeleteExpired(t.Context(), acme, cutoff)
		must(t, err)
		if got.Calls < 100 {
			t.Fatalf("only %d calls expired: the test needs more", got.Calls)
		}
		mustCountsExact(t, db, raw, r, acme, other)

		// Deleted calls come back as new ones, stored ones change again.
		var third []activity.Call
		for n := range 600 {
			if r.IntN(3) == 0 {
				third = append(third, randomCall(r, n, v1.Add(time.Hour)))
			}
		}
		ingestInBatches(t, db, r, acme, third)
		ingestInBatches(t, db, r, other, third)
		mustCountsExact(t, db, raw, r, acme, other)
	})
}

// TestCallCountsMoveWithAReplacedCall follows one call through versions
// that change its status and its hour, with counts of whole hours, which
// CountCalls reads from call_counts: a stale row there shows.
func TestCallCountsMoveWithAReplacedCall(t *testing.T) {
	forEachCountDB(t, func(t *testing.T, db *store.DB, raw *sql.DB) {
		tn := mustTenant(t, db, "acme")
		hour := func(h int) int64 { return countBase.Add(time.Duration(h) * time.Hour).UnixMilli() }
		count := func(status string, from, to int64) int64 {
			t.Helper()
			n, err := db.CountCalls(t.Context(), tn.ID, store.CallQuery{Conditions: []store.CallCondition{
				cond(store.FieldStatus, store.OpEqual, status), cond(store.FieldCreated, store.OpBetween, from, to-1)}})
			must(t, err)
			return n
		}
		version := func(status string, startHour int, updatedMin int) activity.Call {
			c := call(uuidN(1), countBase.Add(time.Duration(startHour)*time.Hour+30*time.Minute), countBase.Add(time.Duration(updatedMin)*time.Minute))
			c.Status = status
			return c
		}

		mustIngestCalls(t, db, tn.ID, version("Missed Call", 10, 100))
		mustEqual(t, "missed calls of 08:00-12:00", count("Missed Call", hour(8), hour(12)), 1)

		mustResult(t, mustIngestCalls(t, db, tn.ID, version("Completed", 10, 101)), store.IngestResult{Received: 1, Known: 1, Replaced: 1})
		mustEqual(t, "missed calls of 08:00-12:00 once completed", count("Missed Call", hour(8), hour(12)), 0)
		mustEqual(t, "completed calls of 08:00-12:00", count("Completed", hour(8), hour(12)), 1)

		mustIngestCalls(t, db, tn.ID, version("Completed", 14, 102))
		mustEqual(t, "completed calls of 08:00-12:00 once moved", count("Completed", hour(8), hour(12)), 0)
		mustEqual(t, "completed calls of 13:00-16:00", count("Completed", hour(13), hour(16)), 1)

		// An older version is not stored, and changes no count.
		mustIngestCalls(t, db, tn.ID, version("Busy", 10, 50))
		mustEqual(t, "busy calls of 08:00-16:00", count("Busy", hour(8), hour(16)), 0)
		mustEqual(t, "completed calls of 13:00-16:00 after a stale version", count("Completed", hour(13), hour(16)), 1)
		mustCountsMatchCalls(t, raw)
	})
}

// TestCountCallsReadsCallCounts shows which counts come from call_counts:
// with its rows made wrong behind the store's back, a count of whole hours
// is wrong too, and one within an hour is not. Without this the other tests
// would pass with a CountCalls that never reads the table.
func TestCountCallsReadsCallCounts(t *testing.T) {
	forEachCountDB(t, func(t *testing.T, db *store.DB, raw *sql.DB) {
		tn := mustTenant(t, db, "acme")
		c := call(uuidN(1), countBase.Add(10*time.Hour+30*time.Minute), countBase)
		c.Status = "Completed"
		mustIngestCalls(t, db, tn.ID, c)
		_, err := raw.ExecContext(t.Context(), `UPDATE call_counts SET n = n + 100`)
		must(t, err)
		count := func(from, to time.Duration) int64 {
			t.Helper()
			n, err := db.CountCalls(t.Context(), tn.ID, store.CallQuery{Conditions: []store.CallCondition{
				cond(store.FieldStatus, store.OpIn, "Completed", "Busy"),
				cond(store.FieldCreated, store.OpGreaterEqual, countBase.Add(from).UnixMilli()),
				cond(store.FieldCreated, store.OpLess, countBase.Add(to).UnixMilli())}})
			must(t, err)
			return n
		}
		mustEqual(t, "count of 09:59-12:00 (two whole hours) from the altered table", count(9*time.Hour+59*time.Minute, 12*time.Hour), 101)
		mustEqual(t, "count of 10:15-10:45, within one hour", count(10*time.Hour+15*time.Minute, 10*time.Hour+45*time.Minute), 1)
	})
}

// TestCallCountsUnderConcurrentBatches sends batches at once that replace
// the same calls with other statuses and hours, while retention deletes
// some of them: the counts stay exact. On PostgreSQL the batches lock the
// same calls and count rows; a deadlock would fail a batch after its
// retries.
func TestCallCountsUnderConcurrentBatches(t *testing.T) {
	forEachCountDB(t, func(t *testing.T, db *store.DB, raw *sql.DB) {
		tn := mustTenant(t, db, "acme")
		setNow(db, countBase.Add(12*time.Hour))
		const senders, rounds, shared = 4, 6, 300
		errs := parallel(senders+1, func(g int) error {
			r := rand.New(rand.NewPCG(uint64(g), 7))
			if g == senders { // retention, while the batches arrive
				for i := range rounds {
					if _, err := db.DeleteExpired(t.Context(), tn.ID, countBase.Add(time.Duration(i)*time.Hour)); err != nil {
						return err
					}
				}
				return nil
			}
			for round := range rounds {
				var batch []activity.Call
				for n := range shared {
					// Versions of the senders interleave, so that
					// each batch replaces some calls and not others.
					updated := countBase.Add(time.Duration(round*senders+r.IntN(2*senders)) * time.Minute)
					batch = append(batch, randomCall(r, n, updated))
				}
				batch = append(batch, randomCall(r, 1000+g*100+round, countBase))
				r.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
				if _, err := db.IngestCalls(t.Context(), tn.ID, batch); err != nil {
					return err
				}
			}
			return nil
		})
		for g, err := range errs {
			if err != nil {
				t.Fatalf("goroutine %d: got %v, want no error", g, err)
			}
		}
		mustCountsExact(t, db, raw, rand.New(rand.NewPCG(1, 2)), tn.ID)
	})
}

// TestCallCountsBackfill stores calls (some replaced) before migration 0009,
// then migrates: the table is filled from them, and counts are exact.
func TestCallCountsBackfill(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		db := b.open(t)
		must(t, db.MigrateTo(t.Context(), 8))
		raw := b.sql(t)
		var tables int
		must(t, raw.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM schema_migrations WHERE version >= 9`).Scan(&tables))
		mustEqual(t, "migrations from 0009 on applied before the test migrates", tables, 0)

		r := rand.New(rand.NewPCG(5, 5))
		acme, other := mustTenant(t, db, "acme").ID, mustTenant(t, db, "other").ID
		var list []activity.Call
		for n := range 400 {
			list = append(list, randomCall(r, n, countBase))
		}
		ingestInBatches(t, db, r, acme, list)
		ingestInBatches(t, db, r, other, list[:100])
		for i := range list[:200] {
			list[i] = randomCall(r, i, countBase.Add(time.Minute))
		}
		ingestInBatches(t, db, r, acme, list[:200])

		must(t, db.Migrate(t.Context()))
		mustCountsExact(t, db, raw, r, acme, other)
		var rows int
		must(t, raw.QueryRowContext(t.Context(), `SELECT COUNT(*) FROM call_counts`).Scan(&rows))
		if rows < 50 {
			t.Fatalf("call_counts has %d rows after the backfill, want those of 500 calls over 30 hours", rows)
		}
	})
}
