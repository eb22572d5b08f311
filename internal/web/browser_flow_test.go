package web_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

const annID = "0d00ae63-5b5d-45b9-a7c0-88f9cfb26b5e"

// TestBrowser walks the pages in a real browser: sign in, the wallboard
// updating live, and the other pages, against the real server on each
// database.
func TestBrowser(t *testing.T) {
	chrome := newChrome(t)
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		now := time.Now().UTC()
		f.ingest(t, f.acmeKey, "status-events", fmt.Sprintf(`[{"userId":%q,"login":"ann","status":"Available","time":%q}]`,
			annID, now.Add(-time.Hour).Format(time.RFC3339)))
		f.ingest(t, f.otherKey, "status-events", fmt.Sprintf(`[{"login":"secret-agent","status":"Available","time":%q}]`, now.Add(-time.Hour).Format(time.RFC3339)))

		signInWith(t, chrome, f.srv.URL, "admin@acme.test", testPassword)
		t.Run("wallboard updates live", func(t *testing.T) {
			row := fmt.Sprintf("document.querySelector('#u-%s .status-name')", annID)
			if got := evaluate[string](t, chrome, row+".textContent"); got != "Available" {
				t.Fatalf("ann's status: got %q, want Available", got)
			}
			if evaluate[bool](t, chrome, `document.body.textContent.includes("secret-agent")`) {
				t.Fatal("the wallboard shows another tenant's agent")
			}
			waitFor(t, chrome, "the stream connects", `document.getElementById("live").classList.contains("on")`)
			f.ingest(t, f.acmeKey, "status-events", fmt.Sprintf(`[{"userId":%q,"status":"Lunch","time":%q}]`, annID, time.Now().UTC().Format(time.RFC3339Nano)))
			waitFor(t, chrome, "ann's row shows Lunch without a reload", row+`.textContent === "Lunch"`)
			f.ingest(t, f.acmeKey, "session-events", fmt.Sprintf(`[{"userId":%q,"action":"login","time":%q}]`, annID, time.Now().UTC().Format(time.RFC3339Nano)))
			waitFor(t, chrome, "ann shows as logged in", fmt.Sprintf(`document.querySelector('#u-%s .session').textContent.includes("Logged in")`, annID))
			waitFor(t, chrome, "the counts follow", `document.getElementById("count-logged-in").textContent === "1"`)
		})
		t.Run("agent day shows the ingested statuses", func(t *testing.T) {
			f.fillDay(t)
			within(t, chrome, "opening ann's day from the wallboard",
				chromedp.Navigate(f.srv.URL+"/wallboard"),
				chromedp.Click(chromedp.CSS(fmt.Sprintf("#u-%s a", annID))),
				chromedp.WaitVisible(chromedp.CSS("#timeline svg")),
				chromedp.Navigate(f.srv.URL+"/agents/"+annID+"?date=2024-03-01"),
				chromedp.WaitVisible(chromedp.CSS("#statuses")))
			got := evaluate[[]string](t, chrome, `[...document.querySelectorAll("#statuses tbody tr td:first-child")].map(td => td.textContent)`)
			if want := []string{"Available", "Lunch", "Available"}; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("statuses of the day: got %q, want %q", got, want)
			}
			if n := evaluate[int](t, chrome, `document.querySelectorAll("#timeline rect").length`); n != 5 {
				t.Errorf("the timeline has %d bands and marks, want 5 (3 statuses, a session, her one call)", n)
			}
			within(t, chrome, "going to the previous day", chromedp.Click(chromedp.CSS(`a[rel="prev"]`)))
			waitFor(t, chrome, "the previous day", `location.search === "?date=2024-02-29" && document.readyState === "complete" && !!document.querySelector("#timeline svg")`)
		})
		t.Run("a report renders and its CSV downloads", func(t *testing.T) {
			dir := t.TempDir()
			downloads, cancel := context.WithTimeout(chrome, 30*time.Second)
			defer cancel()
			progress := chromedp.Events(downloads, cdpbrowser.DownloadProgress)
			within(t, chrome, "opening the report and downloading its CSV",
				chromedp.Navigate(f.srv.URL+"/reports/status-time"),
				chromedp.SetValue(chromedp.CSS("#from"), "2024-03-01"),
				chromedp.SetValue(chromedp.CSS("#to"), "2024-03-01"),
				chromedp.Click(chromedp.CSS("#report-form button[type=submit]")))
			waitFor(t, chrome, "the report of the chosen day", `location.search.includes("from=2024-03-01") && document.readyState === "complete" && !!document.querySelector("#report-table tbody th")`)
			within(t, chrome, "downloading the CSV",
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := chromedp.Call(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
						Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: new(true)})
					return err
				}),
				chromedp.Click(chromedp.CSS("#csv")))
			if got := evaluate[string](t, chrome, `document.querySelector("#report-table tbody th").textContent`); got != "ann" {
				t.Errorf("the report's first row: got %q, want ann", got)
			}
			var file string
			for ev, err := range progress {
				if err != nil {
					t.Fatalf("waiting for the download: %v", err)
				}
				if ev.State == cdpbrowser.DownloadProgressStateCompleted {
					file = filepath.Join(dir, ev.GUID)
					break
				}
			}
			body, err := os.ReadFile(file)
			if want := "Agent,Available (seconds),Lunch (seconds),Total (seconds)\nann,54900,2700,57600\n"; err != nil || string(body) != want {
				t.Errorf("downloaded CSV: got %q (%v), want %q", body, err, want)
			}
		})
		t.Run("a key created on the admin page works against the API", func(t *testing.T) {
			within(t, chrome, "creating a key",
				chromedp.Navigate(f.srv.URL+"/admin/keys"),
				chromedp.SendKeys(chromedp.CSS("#key-name"), "from the browser"),
				chromedp.Click(chromedp.CSS(`input[name="scope"][value="statuses:read"]`)),
				chromedp.Click(chromedp.CSS("#new-key-form button[type=submit]")),
				chromedp.WaitVisible(chromedp.CSS("#new-key")),
				chromedp.Click(chromedp.CSS("#copy-key")))
			key := evaluate[string](t, chrome, `document.getElementById("new-key").textContent.trim()`)
			waitFor(t, chrome, "the copy button answers", `document.getElementById("copy-done").textContent !== ""`)
			req, _ := http.NewRequest(http.MethodGet, f.srv.URL+"/api/v1/status-events?limit=1", nil)
			req.Header.Set("Authorization", "Bearer "+key)
			res, err := f.srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Errorf("the new key %q against /api/v1/status-events: got %d, want 200", key, res.StatusCode)
			}
		})
		t.Run("a form without its CSRF token is refused", func(t *testing.T) {
			within(t, chrome, "sending the sign-out form without its token",
				chromedp.Navigate(f.srv.URL+"/wallboard"),
				chromedp.WaitVisible(chromedp.CSS("#wallboard")),
				chromedp.Evaluate[chromedp.Void](`document.querySelector('form[action="/logout"] input[name="csrf"]').remove()`),
				chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
				chromedp.WaitVisible(chromedp.CSS("p.error")))
			if msg := evaluate[string](t, chrome, `document.querySelector("p.error").textContent`); !strings.Contains(msg, "security token") {
				t.Errorf("the refusal: got %q, want it to name the security token", msg)
			}
			within(t, chrome, "still signed in", chromedp.Navigate(f.srv.URL+"/wallboard"), chromedp.WaitVisible(chromedp.CSS("#wallboard")))
		})
		within(t, chrome, "signing out", chromedp.Navigate(f.srv.URL+"/wallboard"), chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)),
			chromedp.WaitVisible(chromedp.CSS("#email")))
		t.Run("a viewer cannot reach administration", func(t *testing.T) {
			signInWith(t, chrome, f.srv.URL, "viewer@acme.test", testPassword)
			if evaluate[bool](t, chrome, `!!document.querySelector('a[href="/admin/users"]')`) {
				t.Error("the viewer's menu shows administration")
			}
			within(t, chrome, "opening administration as a viewer", chromedp.Navigate(f.srv.URL+"/admin/keys"), chromedp.WaitVisible(chromedp.CSS("p.error")))
			if msg := evaluate[string](t, chrome, `document.querySelector("p.error").textContent`); !strings.Contains(msg, "admin role") {
				t.Errorf("the viewer on /admin/keys: got %q, want the refusal", msg)
			}
			if evaluate[bool](t, chrome, `!!document.getElementById("new-key-form")`) {
				t.Error("the viewer sees the key form")
			}
			within(t, chrome, "signing the viewer out", chromedp.Click(chromedp.CSS(`form[action="/logout"] button`)), chromedp.WaitVisible(chromedp.CSS("#email")))
		})
	})
}
