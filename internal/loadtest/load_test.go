package loadtest

import (
	"context"
	"encoding/json"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/simulate"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// Allowances between the first and the last third of a run: what the live
// heap (the memory the collector found in use) and the goroutines (medians
// of each third) may grow by without counting as a leak. Caches, pools and
// connections settle within the first third, and the goroutines of the
// requests in flight come and go by a few; a leak of one small object or
// one goroutine per request grows past these within a minute of this
// load, which sends some hundred requests a second.
const (
	heapAllowance      = 16 << 20
	goroutineAllowance = 20
)

// workers is how many clients send requests at once.
const workers = 8

func loadDuration(t *testing.T) time.Duration {
	s := os.Getenv("AGENTLOG_LOAD_DURATION")
	if s == "" {
		return 10 * time.Second
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 3*time.Second {
		t.Fatalf("AGENTLOG_LOAD_DURATION=%q is not a duration of at least 3s", s)
	}
	return d
}

// TestMixedLoad runs the mix of routes.go from eight clients against the
// real server over a simulated week of 20 agents, on each database.
func TestMixedLoad(t *testing.T) {
	d := loadDuration(t)
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		w := prepare(t, db)
		srv := servertest.Start(t, db)
		w.token = xapiToken(t, srv.URL, w.key)
		routes := w.routes()
		res := run(t, srv.URL, routes, d)
		res.report(t, db.Dialect(), d)
	})
}

// prepare simulates a week of 20 agents into tenant load and makes a key.
func prepare(t *testing.T, db *store.DB) *world {
	t.Helper()
	tn := storetest.MustTenant(t, db, "load")
	w := &world{slug: tn.Slug, key: storetest.MustKey(t, db, tn, activity.ScopeAll),
		end: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)}
	cfg := simulate.Config{Agents: 20, Days: 7, Seed: 1, End: w.end, Zone: time.UTC}
	if _, err := simulate.Run(context.Background(), cfg, store.Loader{DB: db, TenantID: tn.ID}); err != nil {
		t.Fatal(err)
	}
	return w
}

// xapiToken gets an access token for key from /connect/token.
func xapiToken(t *testing.T, base, key string) string {
	t.Helper()
	id, secret, _ := strings.Cut(key, ".")
	res, err := http.PostForm(base+"/connect/token", url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("/connect/token: %d %v", res.StatusCode, err)
	}
	return tok.AccessToken
}

// sample is the process's state at one moment of the run.
type sample struct {
	at         time.Duration
	heap       uint64
	goroutines int
}

// results are what a run measured.
type results struct {
	latencies map[string][]time.Duration
	errors    []string
	samples   []sample
	requests  int
}

// run sends the mix from workers clients for d, sampling the heap and the
// goroutines four times a second.
func run(t *testing.T, base string, routes []route, d time.Duration) *results {
	t.Helper()
	client := &http.Client{Timeout: time.Minute, Transport: &http.Transport{MaxIdleConnsPerHost: workers}}
	defer client.CloseIdleConnections()
	var draws []int
	for i, r := range routes {
		for range r.weight {
			draws = append(draws, i)
		}
	}
	res := &results{latencies: map[string][]time.Duration{}}
	var mu sync.Mutex
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	began := time.Now()
	sampled := make(chan []sample)
	go func() { sampled <- sampleUntil(ctx, began) }()
	var wg sync.WaitGroup
	for n := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(n), 42))
			for ctx.Err() == nil {
				rt := routes[draws[r.IntN(len(draws))]]
				took, problem := send(client, base, rt.next(r))
				mu.Lock()
				res.requests++
				res.latencies[rt.name] = append(res.latencies[rt.name], took)
				if problem != "" && len(res.errors) < 20 {
					res.errors = append(res.errors, rt.name+": "+problem)
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.samples = <-sampled
	return res
}

// send makes one request and reads its whole answer; problem is "" for a
// 2xx answer read to its end.
func send(client *http.Client, base string, rq request) (time.Duration, string) {
	req, err := http.NewRequest(rq.method, base+rq.path, strings.NewReader(rq.body))
	if err != nil {
		return 0, err.Error()
	}
	for k, v := range rq.headers {
		req.Header.Set(k, v)
	}
	began := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return time.Since(began), err.Error()
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	took := time.Since(began)
	switch {
	case err != nil:
		return took, "reading the answer: " + err.Error()
	case resp.StatusCode/100 != 2:
		return took, resp.Status + " " + string(body[:min(len(body), 200)])
	}
	return took, ""
}

// sampleUntil samples the live heap and the goroutines until ctx is done.
func sampleUntil(ctx context.Context, began time.Time) []sample {
	m := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var out []sample
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return out
		case <-tick.C:
		}
		metrics.Read(m)
		out = append(out, sample{at: time.Since(began), heap: m[0].Value.Uint64(), goroutines: runtime.NumGoroutine()})
	}
}

// report fails the test on any error or on growth beyond the allowances,
// and logs the figures.
func (res *results) report(t *testing.T, dialect string, d time.Duration) {
	t.Helper()
	for _, e := range res.errors {
		t.Errorf("%s", e)
	}
	n := len(res.samples)
	if n < 6 {
		t.Fatalf("only %d samples of the heap", n)
	}
	first, last := res.samples[:n/3], res.samples[n-n/3:]
	heap0, heap1 := median(first, func(s sample) float64 { return float64(s.heap) }), median(last, func(s sample) float64 { return float64(s.heap) })
	g0, g1 := median(first, func(s sample) float64 { return float64(s.goroutines) }), median(last, func(s sample) float64 { return float64(s.goroutines) })
	t.Logf("%s: %d requests in %s, %.0f requests/s, %d errors; live heap %.1f → %.1f MB, goroutines %.0f → %.0f (medians of the first and last thirds)",
		dialect, res.requests, d, float64(res.requests)/d.Seconds(), len(res.errors), heap0/(1<<20), heap1/(1<<20), g0, g1)
	if heap1-heap0 > heapAllowance {
		t.Errorf("the live heap grew by %.1f MB from the first third to the last, more than the %d MB allowed", (heap1-heap0)/(1<<20), heapAllowance>>20)
	}
	if g1-g0 > goroutineAllowance {
		t.Errorf("goroutines grew by %.0f from the first third to the last, more than the %d allowed", g1-g0, goroutineAllowance)
	}
	names := make([]string, 0, len(res.latencies))
	for name := range res.latencies {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		l := res.latencies[name]
		slices.Sort(l)
		t.Logf("  %-26s %6d requests  p50 %8s  p99 %8s", name, len(l), percentile(l, 0.50), percentile(l, 0.99))
	}
}

func median(s []sample, value func(sample) float64) float64 {
	v := make([]float64, len(s))
	for i := range s {
		v[i] = value(s[i])
	}
	slices.Sort(v)
	return v[len(v)/2]
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	return sorted[int(p*float64(len(sorted)-1))].Round(10 * time.Microsecond)
}
