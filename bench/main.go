// Command bench measures agentlog over loopback HTTP against a raw baseline
// done with the database driver alone, in the same process and the same run.
// See README.md.
package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/server"
	"agentlog/internal/store"
)

const defaultPostgres = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// result is one line of the table.
type result struct {
	workload, db, size, figure, raw, ratio, goal, verdict string
}

// env is one database with a running server over it.
type env struct {
	kind   string
	dsn    string
	db     *store.DB
	raw    *sql.DB // the driver alone, same database, for the baselines
	rawW   *sql.DB // raw writes: SQLite's single writer; PostgreSQL: == raw
	base   string  // http://127.0.0.1:port
	client *http.Client
	full   bool
	sim    *simTenant // W3/W4's tenant, filled on first use
}

func main() {
	dbs := flag.String("db", "sqlite", "sqlite, postgres or both")
	workloads := flag.String("workloads", "W1,W2,W3,W4,W5,W6", "comma-separated workloads")
	scale := flag.String("scale", "small", "small (~1/100, quick) or full (the issue's sizes)")
	out := flag.String("out", "", "append the markdown table to this file")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the workloads (not the data building) to this file")
	flag.Parse()
	profile = *cpuprofile
	if *scale != "small" && *scale != "full" {
		fail("--scale must be small or full")
	}
	kinds := strings.Split(*dbs, ",")
	if *dbs == "both" {
		kinds = []string{"sqlite", "postgres"}
	}
	var results []result
	for _, kind := range kinds {
		rs, err := runDB(kind, *scale == "full", strings.Split(*workloads, ","))
		results = append(results, rs...)
		if err != nil {
			fail(kind + ": " + err.Error())
		}
	}
	table := render(results, *scale)
	fmt.Print(table)
	if *out != "" {
		f, err := os.OpenFile(*out, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err == nil {
			_, err = f.WriteString(table)
			err = errors.Join(err, f.Close())
		}
		if err != nil {
			fail(err.Error())
		}
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "bench:", msg)
	os.Exit(1)
}

func render(rs []result, scale string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "\n%s, scale %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 UTC"), scale)
	b.WriteString("| workload | db | data | figure | raw baseline | ratio | goal | verdict |\n|---|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", r.workload, r.db, r.size, r.figure, r.raw, r.ratio, r.goal, r.verdict)
	}
	return b.String()
}

// runDB opens a fresh database of kind, starts a server over it and runs
// the workloads; the database (file or schema) is removed at the end.
func runDB(kind string, full bool, workloads []string) ([]result, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	dsn, cleanup, err := freshDSN(ctx, kind)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	e := &env{kind: kind, dsn: dsn, full: full}
	if e.db, err = store.Open(ctx, dsn); err != nil {
		return nil, err
	}
	defer e.db.Close()
	if err := e.db.Migrate(ctx); err != nil {
		return nil, err
	}
	if e.raw, e.rawW, err = openRaw(kind, dsn); err != nil {
		return nil, err
	}
	defer e.raw.Close()
	defer e.rawW.Close()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := server.New(e.db, slog.New(slog.DiscardHandler), server.Config{})
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, l) }()
	defer func() { cancel(); <-done }()
	e.base = "http://" + l.Addr().String()
	e.client = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}}
	var results []result
	for _, w := range workloads {
		run, ok := workloadFuncs[strings.TrimSpace(w)]
		if !ok {
			return results, fmt.Errorf("unknown workload %q", w)
		}
		fmt.Fprintf(os.Stderr, "%s %s: running\n", kind, w)
		profiled = false
		rs, err := run(ctx, e)
		if err != nil {
			return results, fmt.Errorf("%s: %w", w, err)
		}
		results = append(results, rs...)
		for _, r := range rs { // a long run shows each result as it comes
			fmt.Fprintf(os.Stderr, "%s %s: %s | raw %s | ratio %s | %s\n", kind, r.workload, r.figure, r.raw, r.ratio, r.verdict)
		}
	}
	return results, nil
}

var workloadFuncs = map[string]func(context.Context, *env) ([]result, error){
	"W1": w1, "W2": w2, "W3": w3, "W4": w4, "W5": w5, "W6": w6,
}

// freshDSN makes a new SQLite file or PostgreSQL schema, and its removal.
func freshDSN(ctx context.Context, kind string) (string, func(), error) {
	if kind == "sqlite" {
		dir, err := os.MkdirTemp("", "agentlog-bench-")
		if err != nil {
			return "", nil, err
		}
		return filepath.Join(dir, "bench.db"), func() { os.RemoveAll(dir) }, nil
	}
	if kind != "postgres" {
		return "", nil, fmt.Errorf("--db: %q is not sqlite, postgres or both", kind)
	}
	base := os.Getenv("AGENTLOG_TEST_POSTGRES")
	if base == "" {
		base = defaultPostgres
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		return "", nil, err
	}
	schema := fmt.Sprintf("agentlog_bench_%d", time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return "", nil, err
	}
	u, err := url.Parse(base)
	if err != nil {
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() {
		_, _ = admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	}, nil
}

// openRaw opens the baseline's own connections with the driver alone: for
// SQLite with the pragmas agentlog uses (WAL, synchronous=FULL).
func openRaw(kind, dsn string) (read, write *sql.DB, err error) {
	if kind == "postgres" {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, nil, err
		}
		db.SetMaxOpenConns(20)
		return db, db, nil
	}
	base := "file:" + url.PathEscape(dsn) + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"
	if read, err = sql.Open("sqlite", base); err != nil {
		return nil, nil, err
	}
	read.SetMaxOpenConns(16)
	if write, err = sql.Open("sqlite", base+"&_pragma=cache_size(-32768)"); err != nil {
		return nil, nil, err
	}
	write.SetMaxOpenConns(1)
	return read, write, nil
}

// tenant creates a tenant and a key with every scope.
func (e *env) tenant(ctx context.Context, slug string) (activity.Tenant, string, error) {
	t := activity.Tenant{Slug: slug, TimeZone: "Europe/Berlin"}
	if err := e.db.CreateTenant(ctx, &t); err != nil {
		return t, "", err
	}
	k, whole, hash := auth.NewKey("bench", []string{"*"}, 0, time.Now())
	return t, whole, e.db.CreateKey(ctx, t.ID, &k, hash)
}

// get runs one GET and reads the whole body, returning its size.
func (e *env) get(ctx context.Context, target string, header ...string) (int64, error) {
	return e.getFrom(ctx, e.base, target, header...)
}

// getFrom is get from the server at base.
func (e *env) getFrom(ctx context.Context, base, target string, header ...string) (int64, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", base+target, nil)
	if err != nil {
		return 0, err
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return e.do(req)
}

func (e *env) do(req *http.Request) (int64, error) {
	resp, err := e.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 500))
		return 0, fmt.Errorf("%s %s: status %d: %s", req.Method, req.URL.Path, resp.StatusCode, body)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	return n, err
}

// ph rewrites ? placeholders as $1, $2 ... for PostgreSQL.
func (e *env) ph(query string) string {
	if e.kind != "postgres" {
		return query
	}
	var b strings.Builder
	n := 0
	for _, c := range query {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// settle ends a bulk load before anything is measured: it refreshes the
// planner's statistics as a loader does (PostgreSQL: and vacuums), then puts the written data on disk
// (SQLite: the WAL checkpointed into the file; PostgreSQL: a CHECKPOINT)
// and waits for the kernel to write it back. Otherwise the first workload
// after a large load is measured while gigabytes of its pages are still
// being written, and the raw baseline after it is not: at 10,000,000 status
// events that made W2's server side look 2.5 times slower than at 1,000,000.
func (e *env) settle(ctx context.Context) error {
	if err := e.db.Optimize(ctx); err != nil {
		return err
	}
	checkpoint := "CHECKPOINT"
	if e.kind == "sqlite" {
		checkpoint = "PRAGMA wal_checkpoint(TRUNCATE)"
	} else {
		// What autovacuum does some time after a bulk load, done now: the
		// visibility map it sets lets index-only scans skip the table.
		if _, err := e.rawW.ExecContext(ctx, "VACUUM (ANALYZE) users, status_events, session_events, calls"); err != nil {
			return fmt.Errorf("VACUUM: %w", err)
		}
	}
	if _, err := e.rawW.ExecContext(ctx, checkpoint); err != nil {
		return fmt.Errorf("%s: %w", checkpoint, err)
	}
	syscall.Sync()
	return nil
}
