package web_test

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// These tests drive a real headless Chromium with chromedp. Without a
// browser they are skipped with the reason, unless AGENTLOG_REQUIRE_BROWSER=1
// (CI), which makes a missing browser a failure. AGENTLOG_CHROMIUM names
// the browser when it is not on the PATH.

func chromiumPath() string {
	if p := os.Getenv("AGENTLOG_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newChrome starts a headless browser for the test, 1280 px wide, and
// returns a context whose tab it drives. The browser stops when the test
// ends.
func newChrome(t *testing.T) context.Context {
	t.Helper()
	path := chromiumPath()
	if path == "" {
		if os.Getenv("AGENTLOG_REQUIRE_BROWSER") == "1" {
			t.Fatal("AGENTLOG_REQUIRE_BROWSER=1 but no Chromium found: install Debian's chromium package or set AGENTLOG_CHROMIUM")
		}
		t.Skip("no Chromium found (install Debian's chromium package, or set AGENTLOG_CHROMIUM): browser tests skipped")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.Flag("no-sandbox", true), // CI runs as root, where Chromium's sandbox cannot start
		chromedp.Flag("disable-gpu", true),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // starts the browser, without a deadline
		t.Fatalf("starting Chromium at %s: %v", path, err)
	}
	return ctx
}

// within runs the steps with a deadline, so that a page that never shows
// what a test waits for fails the test instead of hanging it.
func within(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// evaluate returns the value of a JavaScript expression in the page.
func evaluate[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// signInWith fills the sign-in form as a person would.
func signInWith(t *testing.T, ctx context.Context, base, email, password string) {
	t.Helper()
	within(t, ctx, "signing in as "+email,
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(chromedp.CSS("#email")),
		chromedp.SendKeys(chromedp.CSS("#email"), email),
		chromedp.SendKeys(chromedp.CSS("#password"), password),
		chromedp.Click(chromedp.CSS(".signin button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#wallboard")),
	)
}

// waitFor checks a JavaScript condition every 100 ms until it holds. An
// evaluation that fails (the page is navigating, say) counts as not yet.
func waitFor(t *testing.T, ctx context.Context, what, condition string) {
	t.Helper()
	var err error
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var ok bool
		step, cancel := context.WithTimeout(ctx, 5*time.Second)
		ok, err = chromedp.Run(step, chromedp.Evaluate[bool](condition))
		cancel()
		if err == nil && ok {
			return
		}
	}
	t.Fatalf("%s: %s did not hold within 15 s (last error: %v)", what, condition, err)
}
