package main

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"time"

	"agentlog/internal/activity"
)

// callStatuses are the statuses W6's calls take in turn; the workload asks
// for the first two.
var callStatuses = []string{"Completed", "Missed Call", "Busy", "Error"}

// w6Select is the columns a call-log table shows.
const w6Select = `{"_id":true,"createdAt":true,"status":true,"fromNumber":true,"toNumber":true,"callCostInUSDCents":true,"statusMessage":true}`

// w6: OneUptime's call-log get-list, status in two values and createdAt in
// one random week, newest first, 100 a page, 16 connections. The baseline
// runs the same page query and the same count with the driver: the answer
// carries the total count of matches, so the count is part of the work.
func w6(ctx context.Context, e *env) ([]result, error) {
	n, requests := 50_000, 1000
	if e.full {
		n, requests = 5_000_000, 5000
	}
	tenantID, key, err := e.fillCalls(ctx, "w6", n)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(uint64(n), 6))
	froms := make([]time.Time, requests)
	for i := range froms {
		froms[i] = epoch.Add(time.Duration(rng.Int64N(int64(span - 7*24*time.Hour)))).Truncate(time.Millisecond)
	}
	week := 7*24*time.Hour - time.Millisecond // InBetween is inclusive at both ends
	tm, err := parallel(16, requests, func(i int) error {
		body := fmt.Sprintf(`{"query":{"status":["Completed","Missed Call"],"createdAt":{"_type":"InBetween","startValue":%q,"endValue":%q}},"select":%s,"sort":{"createdAt":"DESC"}}`,
			activity.FormatTime(froms[i]), activity.FormatTime(froms[i].Add(week)), w6Select)
		req, err := http.NewRequestWithContext(ctx, "POST", e.base+"/api/call-log/get-list?skip=0&limit=100", bytes.NewBufferString(body))
		if err != nil {
			return err
		}
		req.Header.Set("ApiKey", key)
		req.Header.Set("Content-Type", "application/json")
		_, err = e.do(req)
		return err
	})
	if err != nil {
		return nil, err
	}
	page := e.ph(`SELECT e.id, e.created_ms, e.status, e.from_number, e.to_number, e.cost_cents, e.status_message FROM calls e
		WHERE e.tenant_id = ? AND e.status IN (?, ?) AND e.created_ms >= ? AND e.created_ms <= ?
		ORDER BY e.created_ms DESC, e.id DESC LIMIT 100`)
	count := e.ph(`SELECT COUNT(*) FROM calls e
		WHERE e.tenant_id = ? AND e.status IN (?, ?) AND e.created_ms >= ? AND e.created_ms <= ?`)
	raw, err := parallel(16, requests, func(i int) error {
		args := []any{tenantID, "Completed", "Missed Call", froms[i].UnixMilli(), froms[i].Add(week).UnixMilli()}
		if _, err := e.rawScan(ctx, page, args...); err != nil {
			return err
		}
		_, err := e.rawScan(ctx, count, args...)
		return err
	})
	if err != nil {
		return nil, err
	}
	return []result{{"W6 call log page", e.kind, num(float64(n)) + " calls",
		fmt.Sprintf("%s req/s, p50 %.2f ms, p99 %.2f ms", num(tm.perSecond(requests)), ms(tm.pct(0.5)), ms(tm.pct(0.99))),
		fmt.Sprintf("p50 %.2f ms, p99 %.2f ms (page + count)", ms(raw.pct(0.5)), ms(raw.pct(0.99))),
		ratio(ms(tm.pct(0.5)), ms(raw.pct(0.5))) + " (p50)", "p99 ≤ 20 ms", verdict(tm.pct(0.99) <= 20*time.Millisecond)}}, nil
}

// fillCalls writes n calls spread evenly over span to a new tenant, in
// batches of 5,000 through the store, and returns the tenant's id and key.
func (e *env) fillCalls(ctx context.Context, slug string, n int) (int64, string, error) {
	began := time.Now()
	defer func() { // the cost of the calls' indexes shows here
		fmt.Fprintf(os.Stderr, "%s: %s calls stored in %.1f s, %s calls/s\n", slug, num(float64(n)), time.Since(began).Seconds(), num(float64(n)/time.Since(began).Seconds()))
	}()
	return fillTenant(ctx, e, slug, n, benchCall, e.db.IngestCalls)
}

// benchCall is the i-th of n inbound calls spread evenly over span: two
// minutes long, answered unless missed.
func benchCall(i, n int, users []activity.User) activity.Call {
	start := epoch.Add(time.Duration(int64(span) / int64(n) * int64(i))).Truncate(time.Millisecond)
	end := start.Add(2 * time.Minute)
	status := callStatuses[i%len(callStatuses)]
	c := activity.Call{ID: fmt.Sprintf("00000000-0000-4000-9000-%012d", i), Direction: "inbound",
		FromNumber: fmt.Sprintf("+1555%07d", i%10_000_000), ToNumber: "+15550100",
		User: activity.UserRef{ID: users[i%len(users)].ID}, Queue: "800",
		StartedAt: &start, EndedAt: &end, UpdatedAt: end, Status: status, CostCents: int64(i % 200)}
	if status == "Completed" {
		answered := start.Add(10 * time.Second)
		c.AnsweredAt = &answered
	}
	return c
}
