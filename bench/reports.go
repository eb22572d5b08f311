package main

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/simulate"
	"agentlog/internal/store"
)

// simTenant is 31 simulated days of a contact center, for W3 and W4.
type simTenant struct {
	id       int64
	key      string
	from, to time.Time
	agents   int
	stats    simulate.Stats
}

func (e *env) simulated(ctx context.Context) (*simTenant, error) {
	if e.sim != nil {
		return e.sim, nil
	}
	zone, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return nil, err
	}
	s := &simTenant{agents: 5, to: time.Date(2025, 6, 1, 0, 0, 0, 0, zone)}
	if e.full {
		s.agents = 500
	}
	s.from = s.to.AddDate(0, 0, -31)
	t, key, err := e.tenant(ctx, "sim")
	if err != nil {
		return nil, err
	}
	s.id, s.key = t.ID, key
	s.stats, err = simulate.Run(ctx, simulate.Config{Agents: s.agents, Days: 31, Seed: 1, End: s.to, Zone: zone},
		store.Loader{DB: e.db, TenantID: t.ID})
	if err != nil {
		return nil, err
	}
	e.sim = s
	return s, e.settle(ctx)
}

func (e *env) requests() int {
	if e.full {
		return 10
	}
	return 20
}

// w3: XAPI GetUserActivity by the hour over 31 days, against the quarter-hour
// aggregate TallyCalls runs, with the driver.
func w3(ctx context.Context, e *env) ([]result, error) {
	s, err := e.simulated(ctx)
	if err != nil {
		return nil, err
	}
	// As 3CX's client writes it: encodeURIComponent of each value.
	iso := func(t time.Time) string {
		return strings.ReplaceAll(t.UTC().Format("2006-01-02T15:04:05.000Z"), ":", "%3A")
	}
	target := "/xapi/v1/ReportUserActivity/Pbx.GetUserActivity(clientTimeZone='Europe%2FBerlin',periodFrom=" +
		iso(s.from) + ",periodTo=" + iso(s.to) + ",groupNumber='',extensionDns='',waitInterval='0%3A00%3A00'," +
		"includeQueueCalls=true,callArea=0,groupingType=0)"
	n := e.requests()
	tm, err := parallel(1, n, func(int) error {
		_, err := e.get(ctx, target, "Authorization", "Bearer "+s.key, "Accept", "application/json")
		return err
	})
	if err != nil {
		return nil, err
	}
	// The query TallyCalls writes: on SQLite the quarter's bounds let it
	// read calls_by_quarter, in group order (see "Profiles and fixes").
	quarters := ""
	args := []any{int64(0), s.id, s.from.UnixMilli(), s.to.UnixMilli()}
	if e.kind == "sqlite" {
		quarters = " AND e.created_ms / 900000 BETWEEN ? AND ?"
		args = append(args, s.from.UnixMilli()/activity.QuarterMillis, (s.to.UnixMilli()-1)/activity.QuarterMillis)
	}
	query := e.ph(`SELECT e.created_ms / 900000 AS q,
		SUM(CASE WHEN e.answered_ms IS NOT NULL THEN 1 ELSE 0 END),
		SUM(CASE WHEN e.answered_ms IS NULL AND COALESCE(e.ended_ms - e.started_ms, 0) >= ? THEN 1 ELSE 0 END),
		SUM(CASE WHEN e.direction = 'inbound' THEN 1 ELSE 0 END),
		SUM(CASE WHEN e.direction = 'outbound' THEN 1 ELSE 0 END)
		FROM calls e WHERE e.tenant_id = ? AND e.created_ms >= ? AND e.created_ms < ?` + quarters + `
		AND (e.user_id IS NOT NULL OR e.extension <> '') GROUP BY e.created_ms / 900000 ORDER BY e.created_ms / 900000`)
	raw, err := parallel(1, n, func(int) error {
		_, err := e.rawScan(ctx, query, args...)
		return err
	})
	if err != nil {
		return nil, err
	}
	got, want := tm.meanMs(), raw.meanMs()
	return []result{{"W3 user activity", e.kind, fmt.Sprintf("%d agents, 31 days, %s calls", s.agents, num(float64(s.stats.Calls))),
		fmt.Sprintf("%.1f ms/request", got), fmt.Sprintf("%.1f ms/query", want), ratio(got, want),
		"≤ 300 ms; ratio ≤ 1.5", verdict(got <= 300 && got/want <= 1.5)}}, nil
}

// w4: the native time-in-status report by the hour over 31 days; the
// baseline reads the same status events with the driver.
func w4(ctx context.Context, e *env) ([]result, error) {
	s, err := e.simulated(ctx)
	if err != nil {
		return nil, err
	}
	target := "/api/v1/reports/status-time?bucket=1h&tz=Europe%2FBerlin&from=" + url.QueryEscape(s.from.UTC().Format(time.RFC3339)) +
		"&to=" + url.QueryEscape(s.to.UTC().Format(time.RFC3339))
	n := e.requests()
	tm, err := parallel(1, n, func(int) error {
		_, err := e.get(ctx, target, "Authorization", "Bearer "+s.key)
		return err
	})
	if err != nil {
		return nil, err
	}
	query := e.ph(`SELECT e.user_id, e.status, e.time_ms FROM status_events e
		WHERE e.tenant_id = ? AND e.time_ms >= ? AND e.time_ms < ? ORDER BY e.user_id, e.time_ms, e.seq`)
	raw, err := parallel(1, n, func(int) error {
		_, err := e.rawScan(ctx, query, s.id, s.from.UnixMilli(), s.to.UnixMilli())
		return err
	})
	if err != nil {
		return nil, err
	}
	got, want := tm.meanMs(), raw.meanMs()
	return []result{{"W4 time in status", e.kind,
		fmt.Sprintf("%d agents, 31 days, %s status events", s.agents, num(float64(s.stats.StatusEvents))),
		fmt.Sprintf("%.1f ms/request", got), fmt.Sprintf("%.1f ms/scan of the events", want), ratio(got, want),
		"≤ 500 ms", verdict(got <= 500)}}, nil
}

// w5: Cention's logio CSV of every session event of a tenant; the
// baseline reads the same rows with the driver.
func w5(ctx context.Context, e *env) ([]result, error) {
	n := 10_000
	if e.full {
		n = 1_000_000
	}
	t, key, err := e.tenant(ctx, "w5")
	if err != nil {
		return nil, err
	}
	users := makeUsers(500)
	if _, err := e.db.EnsureUsers(ctx, t.ID, users); err != nil {
		return nil, err
	}
	batch := make([]activity.SessionEvent, 0, 5000)
	for i := range n {
		action := activity.Login
		if (i/len(users))%2 == 1 {
			action = activity.Logout
		}
		batch = append(batch, activity.SessionEvent{ID: fmt.Sprintf("se-%d", i), User: activity.UserRef{ID: users[i%len(users)].ID},
			Action: action, Time: epoch.Add(time.Duration(int64(span) / int64(n) * int64(i))).Truncate(time.Millisecond)})
		if len(batch) == cap(batch) || i == n-1 {
			if _, err := e.db.IngestSessionEvents(ctx, t.ID, batch); err != nil {
				return nil, err
			}
			batch = batch[:0]
		}
	}
	if err := e.settle(ctx); err != nil {
		return nil, err
	}
	from, to := epoch.Unix(), epoch.Add(span).Unix()
	target := fmt.Sprintf("/s/w5/capi/custom/logio?format=csv&from=%d&to=%d", from, to)
	// The export goes to a server process of its own, whose peak memory is
	// the server's alone (see serverProcess).
	srv, err := startServer(ctx, e.dsn)
	if err != nil {
		return nil, err
	}
	defer srv.stop()
	tm, err := parallel(1, 3, func(int) error {
		_, err := e.getFrom(ctx, srv.base, target, "Authorization", "Bearer "+key)
		return err
	})
	if err != nil {
		return nil, err
	}
	rss, err := srv.peakRSS()
	if err != nil {
		return nil, err
	}
	query := e.ph(`SELECT e.seq, e.id, e.user_id, u.login, e.action, e.queue, e.time_ms FROM session_events e
		JOIN users u ON u.tenant_id = e.tenant_id AND u.id = e.user_id
		WHERE e.tenant_id = ? AND e.time_ms >= ? AND e.time_ms < ? ORDER BY e.time_ms, e.seq`)
	var rows int
	raw, err := parallel(1, 3, func(int) error {
		var err error
		rows, err = e.rawScan(ctx, query, t.ID, from*1000, (to+1)*1000)
		return err
	})
	if err != nil {
		return nil, err
	}
	if rows != n {
		return nil, fmt.Errorf("the baseline read %d rows, want %d", rows, n)
	}
	got, want := float64(n)/(tm.meanMs()/1000), float64(n)/(raw.meanMs()/1000)
	return []result{{"W5 export", e.kind, num(float64(n)) + " session events",
		fmt.Sprintf("%s rows/s, server peak RSS %.0f MiB", num(got), rss),
		num(want) + " rows/s", ratio(got, want), "≥ 300,000 rows/s; RSS ≤ 150 MB",
		verdict(got >= 300_000 && rss <= 150*1e6/(1<<20))}}, nil
}
