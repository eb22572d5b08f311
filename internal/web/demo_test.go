package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/simulate"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// demoTenant fills a tenant "demo" with a simulated contact center of
// agents over days up to now, its statuses defined, and an admin operator.
func demoTenant(t testing.TB, db *store.DB, agents, days int) activity.Tenant {
	t.Helper()
	tn := storetest.MustTenant(t, db, "demo")
	for _, d := range simulate.StatusDefinitions {
		if err := db.PutStatusDefinition(context.Background(), tn.ID, &d); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	stats, err := simulate.Run(context.Background(), simulate.Config{Agents: agents, Days: days, Seed: 1, End: time.Now().UTC()},
		store.Loader{DB: db, TenantID: tn.ID})
	if err != nil {
		t.Fatalf("simulating: %v", err)
	}
	if err := db.Optimize(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: simulated %d agents over %d days in %s: %d status events, %d session events, %d calls", db.Dialect(),
		stats.Users, days, time.Since(start).Round(time.Millisecond), stats.StatusEvents, stats.SessionEvents, stats.Calls)
	storetest.MustOperator(t, db, tn, "admin@demo.test", activity.RoleAdmin, testPassword)
	return tn
}

// openSQLite opens a migrated SQLite database in the test's directory.
func openSQLite(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}

// TestScreenshots writes a PNG of each page, 1280 px wide, from demo data
// into the folder AGENTLOG_SCREENSHOTS names (docs/screenshots in the
// repository):
//
//	AGENTLOG_SCREENSHOTS=$PWD/docs/screenshots go test -run TestScreenshots ./internal/web/
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("AGENTLOG_SCREENSHOTS")
	if dir == "" {
		t.Skip("set AGENTLOG_SCREENSHOTS to a folder to write the pages' screenshots")
	}
	chrome := newChrome(t)
	db := openSQLite(t)
	demoTenant(t, db, 50, 14)
	srv := servertest.Start(t, db)
	shoot := func(name string, wait string) {
		t.Helper()
		var png []byte
		within(t, chrome, "screenshot "+name, chromedp.WaitVisible(chromedp.CSS(wait)),
			chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
				var err error
				png, err = chromedp.CaptureScreenshot()(ctx, tg)
				return chromedp.Void{}, err
			}))
		if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("%s.png: %d KB", name, len(png)/1024)
	}
	go_ := func(path string) { within(t, chrome, "opening "+path, chromedp.Navigate(srv.URL+path)) }

	go_("/login")
	within(t, chrome, "typing the email", chromedp.SendKeys(chromedp.CSS("#email"), "admin@demo.test"))
	shoot("signin", "#email")
	signInWith(t, chrome, srv.URL, "admin@demo.test", testPassword)
	shoot("wallboard", "#wallboard")

	b := newBrowser(t, srv)
	b.signIn("admin@demo.test", testPassword)
	agent := regexp.MustCompile(`href="/agents/([0-9a-f-]{36})"`).FindStringSubmatch(b.get("/wallboard").Body)[1]
	yesterday := time.Now().UTC().AddDate(0, 0, -1).Format("2006-01-02")
	go_("/agents/" + agent + "?date=" + yesterday)
	shoot("agent-day", "#timeline svg")
	go_("/reports/status-time")
	shoot("report-status-time", "#chart svg")
	go_("/reports/status-time?view=bucket&bucket=1d")
	shoot("report-status-time-per-day", "#chart svg")
	go_("/reports/sessions")
	shoot("report-login-hours", "#chart svg")
	go_("/reports/calls?from=" + yesterday + "&to=" + yesterday)
	shoot("report-calls-per-hour", "#chart svg")
	go_("/calls")
	shoot("call-log", "#call-table")
	call := regexp.MustCompile(`href="/calls/([0-9a-f-]{36})"`).FindStringSubmatch(b.get("/calls").Body)[1]
	go_("/calls/" + call)
	shoot("call-detail", "dl.detail")
	go_("/admin/users")
	shoot("admin-users", "#users")
	go_("/admin/statuses")
	shoot("admin-statuses", "#statuses")
	go_("/admin/keys")
	within(t, chrome, "creating a key", chromedp.SendKeys(chromedp.CSS("#key-name"), "wallboard display"),
		chromedp.Click(chromedp.CSS(`input[name="scope"][value="statuses:read"]`)),
		chromedp.Click(chromedp.CSS("#new-key-form button[type=submit]")))
	shoot("admin-keys", "#new-key")
	go_("/admin/operators")
	shoot("admin-operators", "#operators")
	within(t, chrome, "phone width", chromedp.EmulateViewport(390, 844), chromedp.Navigate(srv.URL+"/wallboard"))
	shoot("wallboard-phone", "#wallboard")
}

// TestFiveHundredAgents measures the pages over a demo tenant of 500
// agents and 31 days and more (set AGENTLOG_WEB_SCALE=1; it takes minutes):
// the wallboard and 31-day reports, each rendered whole. It logs the
// figures; it asserts only that the pages answer.
func TestFiveHundredAgents(t *testing.T) {
	if os.Getenv("AGENTLOG_WEB_SCALE") == "" {
		t.Skip("set AGENTLOG_WEB_SCALE=1 to measure the pages over 500 agents and 31 days")
	}
	db := openSQLite(t)
	if os.Getenv("AGENTLOG_WEB_SCALE") == "postgres" {
		db = postgresDB(t)
	}
	demoTenant(t, db, 500, 32)
	srv := servertest.Start(t, db)
	b := newBrowser(t, srv)
	b.signIn("admin@demo.test", testPassword)
	today := time.Now().UTC()
	period := url.Values{"from": {today.AddDate(0, 0, -31).Format("2006-01-02")}, "to": {today.AddDate(0, 0, -1).Format("2006-01-02")}}.Encode()
	for _, path := range []string{"/wallboard", "/reports/status-time?" + period, "/reports/status-time?view=bucket&bucket=1d&" + period,
		"/reports/sessions?" + period, "/reports/calls?bucket=1d&" + period, "/reports/calls?view=user&" + period, "/calls"} {
		b.get(path) // warm the caches once
		best := time.Hour
		var size int
		for range 3 {
			start := time.Now()
			p := b.get(path)
			best = min(best, time.Since(start))
			size = len(p.Body)
			if p.Status != http.StatusOK || !strings.Contains(p.Body, "</html>") {
				t.Fatalf("GET %s: got %d", path, p.Status)
			}
		}
		t.Logf("%s, 500 agents: GET %s: %s (best of 3), %d KB", db.Dialect(), path, best.Round(time.Millisecond), size/1024)
	}
	fmt.Fprintln(os.Stderr) // keep the figures apart from go test's summary
}

// postgresDB is a fresh PostgreSQL schema, for AGENTLOG_WEB_SCALE=postgres.
func postgresDB(t *testing.T) *store.DB {
	db, err := store.Open(context.Background(), storetest.PostgresSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return db
}
