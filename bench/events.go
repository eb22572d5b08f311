package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// epoch is where generated data starts: 30 days of events from it.
var epoch = time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)

const span = 30 * 24 * time.Hour

var statuses = []string{"Available", "Lunch", "Customer visit", "Meeting", "Away", ""}

func makeUsers(n int) []activity.User {
	users := make([]activity.User, n)
	for i := range users {
		users[i] = activity.User{ID: fmt.Sprintf("00000000-0000-4000-8000-%012d", i), Login: fmt.Sprintf("agent%d", i)}
	}
	return users
}

// statusEvent is the i-th of n events spread evenly over span.
func statusEvent(i, n int, users []activity.User) activity.StatusEvent {
	return activity.StatusEvent{ID: fmt.Sprintf("st-%d", i), User: activity.UserRef{ID: users[i%len(users)].ID},
		Status: statuses[i%len(statuses)], Time: epoch.Add(time.Duration(int64(span) / int64(n) * int64(i))).Truncate(time.Millisecond)}
}

// fillStatuses writes n status events to a new tenant in batches of 5,000
// through the store, and returns the tenant's id and key.
func (e *env) fillStatuses(ctx context.Context, slug string, n int) (int64, string, error) {
	return fillTenant(ctx, e, slug, n, statusEvent, e.db.IngestStatusEvents)
}

// fillTenant creates a tenant with 500 users and writes item(0..n-1) to it
// through save in batches of 5,000, then refreshes the planner's
// statistics. It returns the tenant's id and key.
func fillTenant[T any](ctx context.Context, e *env, slug string, n int, item func(i, n int, users []activity.User) T,
	save func(context.Context, int64, []T) (store.IngestResult, error)) (int64, string, error) {
	t, key, err := e.tenant(ctx, slug)
	if err != nil {
		return 0, "", err
	}
	users := makeUsers(500)
	if _, err := e.db.EnsureUsers(ctx, t.ID, users); err != nil {
		return 0, "", err
	}
	batch := make([]T, 0, 5000)
	for i := range n {
		batch = append(batch, item(i, n, users))
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := save(ctx, t.ID, batch); err != nil {
				return 0, "", err
			}
			batch = batch[:0]
		}
	}
	return t.ID, key, e.settle(ctx)
}

// w1: NDJSON batches of 5,000 status events from 4 clients, against the
// same rows inserted in batches with the driver.
func w1(ctx context.Context, e *env) ([]result, error) {
	n := 20_000 // small: four batches, one per client
	if e.full {
		n = 1_000_000
	}
	const size = 5000
	users := makeUsers(500)
	t, key, err := e.tenant(ctx, "w1")
	if err != nil {
		return nil, err
	}
	rt, _, err := e.tenant(ctx, "w1raw")
	if err != nil {
		return nil, err
	}
	for _, id := range []int64{t.ID, rt.ID} {
		if _, err := e.db.EnsureUsers(ctx, id, users); err != nil {
			return nil, err
		}
	}
	events := make([]activity.StatusEvent, n)
	var bodies [][]byte
	var buf bytes.Buffer
	for i := range events {
		events[i] = statusEvent(i, n, users)
		line, _ := json.Marshal(map[string]string{"id": events[i].ID, "userId": events[i].User.ID,
			"status": events[i].Status, "time": events[i].Time.Format("2006-01-02T15:04:05.000Z")})
		buf.Write(line)
		buf.WriteByte('\n')
		if (i+1)%size == 0 || i == n-1 {
			bodies = append(bodies, bytes.Clone(buf.Bytes()))
			buf.Reset()
		}
	}
	tm, err := parallel(4, len(bodies), func(i int) error {
		req, err := http.NewRequestWithContext(ctx, "POST", e.base+"/api/v1/status-events", bytes.NewReader(bodies[i]))
		if err != nil {
			return err
		}
		req.Header.Set("Content-Type", "application/x-ndjson")
		req.Header.Set("Authorization", "Bearer "+key)
		_, err = e.do(req)
		return err
	})
	if err != nil {
		return nil, err
	}
	raw, err := parallel(4, len(bodies), func(i int) error {
		return e.rawInsert(ctx, rt.ID, events[i*size:min(n, (i+1)*size)], i*size)
	})
	if err != nil {
		return nil, err
	}
	got, want := tm.perSecond(n), raw.perSecond(n)
	goal := "≥ 150,000/s on SQLite; ratio ≥ 0.5"
	ok := got/want >= 0.5 && (e.kind != "sqlite" || got >= 150_000)
	return []result{{"W1 ingest", e.kind, num(float64(n)) + " status events", num(got) + " events/s",
		num(want) + " events/s", ratio(got, want), goal, verdict(ok)}}, nil
}

// rawInsert inserts events in one transaction, 1,000 rows a statement,
// ignoring ids already stored as ingestion does.
func (e *env) rawInsert(ctx context.Context, tenantID int64, events []activity.StatusEvent, seq0 int) error {
	tx, err := e.rawW.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	now := time.Now().UnixMilli()
	for start := 0; start < len(events); start += 1000 {
		chunk := events[start:min(len(events), start+1000)]
		cols, marks := "tenant_id, id, user_id, status, time_ms, received_ms", "(?,?,?,?,?,?)"
		if e.kind == "sqlite" {
			cols, marks = cols+", seq", "(?,?,?,?,?,?,?)"
		}
		var args []any
		rows := make([]string, len(chunk))
		for i, ev := range chunk {
			rows[i] = marks
			args = append(args, tenantID, ev.ID, ev.User.ID, ev.Status, ev.Time.UnixMilli(), now)
			if e.kind == "sqlite" {
				args = append(args, seq0+start+i+1)
			}
		}
		q := "INSERT INTO status_events (" + cols + ") VALUES " + strings.Join(rows, ",") + " ON CONFLICT (tenant_id, id) DO NOTHING"
		if _, err := tx.ExecContext(ctx, e.ph(q), args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// w2: VoIPcube's status page over random one-day windows, pages 1-10 of 25,
// 16 connections, on a large and a tenth-size tenant.
func w2(ctx context.Context, e *env) ([]result, error) {
	sizes, requests := []int{100_000, 10_000}, 2000
	if e.full {
		sizes, requests = []int{10_000_000, 1_000_000}, 10_000
	}
	var out []result
	var p50s []time.Duration
	for _, n := range sizes {
		id, key, err := e.fillStatuses(ctx, fmt.Sprintf("w2-%d", n), n)
		if err != nil {
			return nil, err
		}
		rng := rand.New(rand.NewPCG(uint64(n), 2))
		froms, pages := make([]time.Time, requests), make([]int, requests)
		for i := range froms {
			froms[i] = epoch.Add(time.Duration(rng.Int64N(int64(span - 24*time.Hour)))).Truncate(time.Second)
			pages[i] = 1 + rng.IntN(10)
		}
		tm, err := parallel(16, requests, func(i int) error {
			_, err := e.get(ctx, fmt.Sprintf("/stats/user-statuses?from=%s&to=%s&page=%d&size=25",
				froms[i].Format(time.RFC3339), froms[i].Add(24*time.Hour).Format(time.RFC3339), pages[i]), "Key", key)
			return err
		})
		if err != nil {
			return nil, err
		}
		// The query StatusEvents writes for a page: the page's seqs from the
		// by-time index first, then only its rows (see "Profiles and fixes").
		query := e.ph(`SELECT e.seq, e.id, e.user_id, u.login, e.status, e.time_ms FROM
			(SELECT e.seq FROM status_events e WHERE e.tenant_id = ? AND e.time_ms >= ? AND e.time_ms < ?
			ORDER BY e.time_ms, e.seq LIMIT 25 OFFSET ?) page
			JOIN status_events e ON e.tenant_id = ? AND e.seq = page.seq
			JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.user_id ORDER BY e.time_ms, e.seq`)
		raw, err := parallel(16, requests, func(i int) error {
			_, err := e.rawScan(ctx, query, id, froms[i].UnixMilli(), froms[i].Add(24*time.Hour).UnixMilli(), (pages[i]-1)*25, id)
			return err
		})
		if err != nil {
			return nil, err
		}
		p50s = append(p50s, tm.pct(0.5))
		out = append(out, result{"W2 status page", e.kind, num(float64(n)) + " status events",
			fmt.Sprintf("%s req/s, p50 %.2f ms, p99 %.2f ms", num(tm.perSecond(requests)), ms(tm.pct(0.5)), ms(tm.pct(0.99))),
			fmt.Sprintf("p50 %.2f ms, p99 %.2f ms", ms(raw.pct(0.5)), ms(raw.pct(0.99))),
			ratio(ms(tm.pct(0.5)), ms(raw.pct(0.5))) + " (p50)", "p99 ≤ 10 ms", verdict(tm.pct(0.99) <= 10*time.Millisecond)})
	}
	scale := ms(p50s[0]) / ms(p50s[1])
	out = append(out, result{"W2 scale", e.kind, fmt.Sprintf("%s vs %s", num(float64(sizes[0])), num(float64(sizes[1]))),
		fmt.Sprintf("p50 ratio %.2f", scale), "", "", "scale ratio ≤ 1.5", verdict(scale <= 1.5)})
	return out, nil
}

// rawScan runs a query with the driver and reads every column of every
// row, returning the number of rows.
func (e *env) rawScan(ctx context.Context, query string, args ...any) (int, error) {
	rows, err := e.raw.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}
