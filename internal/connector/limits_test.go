package connector_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/connector"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// The tests of this file look at the requests a sync sends, through the
// recording proxy: each vendor's limits, and the retries.

// TestVoIPcubeWindowsWithinAYear syncs two years of status log: every
// request asks for at most one calendar year, the windows follow one
// another without gap or overlap, and a window of more than one page is
// read page by page.
func TestVoIPcubeWindowsWithinAYear(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
		storetest.FillStatusEvents(t, e.a.db, e.a.tenant.ID, start, 2500)
		cfg, _ := e.config("voipcube")
		cfg.Since, cfg.Now = time.Date(2023, 2, 28, 6, 0, 0, 0, time.UTC), func() time.Time { return time.Date(2025, 3, 5, 0, 0, 0, 0, time.UTC) }
		stats := mustSync(t, cfg)
		if stats.New != 2500 || stats.Windows != 3 {
			t.Errorf("stats %+v, want 2500 new in 3 windows", stats)
		}
		next, pages := cfg.Since, 0
		for _, r := range e.proxy.requests() {
			q := r.URL.Query()
			from, _ := activity.ParseTime(q.Get("from"))
			to, _ := activity.ParseTime(q.Get("to"))
			if r.Header.Get("Key") != e.a.key || q.Get("size") != "1000" {
				t.Errorf("%s: want the Key header and size=1000", r.URL)
			}
			if to.After(connector.OneYearAfter(from)) {
				t.Errorf("%s: the period is longer than one year", r.URL)
			}
			if q.Get("page") == "1" {
				if !from.Equal(next) {
					t.Errorf("%s: window starts at %s, want %s, where the last one ended", r.URL, from, next)
				}
				next = to
			} else {
				pages++
			}
		}
		if !next.Equal(cfg.Now()) || pages == 0 {
			t.Errorf("windows ended at %s with %d further pages, want %s and at least one", next, pages, cfg.Now())
		}
	})
}

// TestCentionParameters: every request names format=json and a period of
// whole unix seconds of at most Cention's seven default days, both ends
// included, each window starting a second after the last one ended.
func TestCentionParameters(t *testing.T) {
	e := newEnv(t, storetestDB(t))
	e.simulateA(t)
	cfg, _ := e.config("cention")
	cfg.Since = simEnd.AddDate(0, 0, -20).Add(123 * time.Millisecond)
	mustSync(t, cfg)
	reqs := e.proxy.requests()
	if len(reqs) != 3 {
		t.Errorf("%d requests, want 3 for 20 days", len(reqs))
	}
	next := cfg.Since.Truncate(time.Second).Unix()
	for _, r := range reqs {
		q := r.URL.Query()
		from, err1 := strconv.ParseInt(q.Get("from"), 10, 64)
		to, err2 := strconv.ParseInt(q.Get("to"), 10, 64)
		if err1 != nil || err2 != nil || q.Get("format") != "json" || len(q) != 3 {
			t.Errorf("%s: want exactly format=json and integer from and to", r.URL)
		}
		if r.URL.Path != "/s/alpha/capi/custom/logio" || r.Header.Get("Authorization") != "Bearer "+e.a.key {
			t.Errorf("%s: want the workspace's logio and a bearer token", r.URL)
		}
		if from != next || to < from || to-from+1 > 7*24*3600 {
			t.Errorf("%s: want from=%d and at most 7 days, both ends included", r.URL, next)
		}
		next = to + 1
	}
	if next != simEnd.Unix() {
		t.Errorf("the last window ended at %d, want %d", next, simEnd.Unix())
	}
}

// TestOneUptimeParameters: the list is read at limit 100, sorted on
// updatedAt and _id, with skip moving on by the page.
func TestOneUptimeParameters(t *testing.T) {
	e := newEnv(t, storetestDB(t))
	sim := e.simulateA(t)
	cfg, _ := e.config("oneuptime")
	cfg.Window = 30 * 24 * time.Hour
	mustSync(t, cfg)
	reqs := e.proxy.requests()
	if len(reqs) != (sim.Calls+99)/100 {
		t.Errorf("%d requests for %d calls, want a page of 100 each", len(reqs), sim.Calls)
	}
	for i, r := range reqs {
		q := r.URL.Query()
		if q.Get("limit") != "100" || q.Get("skip") != strconv.Itoa(100*i) || r.Header.Get("ApiKey") != e.a.key {
			t.Errorf("%s: want limit=100, skip=%d and the ApiKey header", r.URL, 100*i)
		}
		if !strings.Contains(string(r.Body), `"sort":{"updatedAt":"ASC","_id":"ASC"}`) || !strings.Contains(string(r.Body), `"_type":"InBetween"`) {
			t.Errorf("body %s: want a sort on updatedAt and _id and a period of updatedAt", r.Body)
		}
	}
}

// TestRetries: a 429 with Retry-After is waited out as asked, a 503 and
// an answer cut off midway with the back-off, and the sync goes on to
// store everything.
func TestRetries(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		sim := e.simulateA(t)
		e.proxy.reset(func(n int, w http.ResponseWriter, r *http.Request) bool {
			switch n {
			case 2:
				w.Header().Set("Retry-After", "7")
				http.Error(w, `{"error":"slow down"}`, http.StatusTooManyRequests)
			case 3, 4:
				http.Error(w, `{"error":"internal error"}`, http.StatusServiceUnavailable)
			case 5: // the connection breaks after a part of the answer
				w.Header().Set("Content-Length", "5000")
				w.Write([]byte(`{"value":[{"SegmentId":1,`))
			default:
				return false
			}
			return true
		})
		cfg, w := e.config("3cx")
		cfg.Retry.Base = 10 * time.Millisecond
		stats := mustSync(t, cfg)
		if stats.Retries != 4 || len(w.list) != 4 {
			t.Fatalf("stats %+v, waits %v: want 4 retries", stats, w.list)
		}
		if w.list[0] != 7*time.Second {
			t.Errorf("first wait %s, want the 7 s of Retry-After", w.list[0])
		}
		for i, base := range []time.Duration{20 * time.Millisecond, 40 * time.Millisecond, 80 * time.Millisecond} {
			if d := w.list[i+1]; d < base || d > base+base/10 {
				t.Errorf("wait %d: %s, want %s doubled from the base (plus at most a tenth)", i+1, d, base)
			}
		}
		if got := callHistory(t, e.b); len(got) != sim.Calls {
			t.Errorf("%d calls stored, want %d", len(got), sim.Calls)
		}
	})
}

// TestClientErrorStops: a 4xx other than 429 is not tried again; the
// error is one line naming the request, the status and the vendor's word.
func TestClientErrorStops(t *testing.T) {
	e := newEnv(t, storetestDB(t))
	for _, source := range connector.Sources {
		e.proxy.reset(nil)
		cfg, w := e.config(source)
		cfg.Key = "al_nosuchkey.secret"
		_, err := connector.Run(context.Background(), cfg)
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		if !strings.Contains(msg, " 401 Unauthorized: ") && !strings.Contains(msg, " 400 Bad Request: Invalid API Key") || strings.Contains(msg, "\n") {
			t.Errorf("%s: error %q, want one line with 401 (OneUptime: 400) and the vendor's message", source, msg)
		}
		if n := len(e.proxy.requests()); n != 1 || len(w.list) != 0 {
			t.Errorf("%s: %d requests and waits %v, want one request and no retry", source, n, w.list)
		}
	}
}

// storetestDB is a SQLite database for B, for tests of requests alone.
func storetestDB(t *testing.T) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), t.TempDir()+"/b.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}
