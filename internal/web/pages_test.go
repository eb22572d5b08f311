package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// day is a fixed day in the past, so that the tests do not depend on the
// clock: 2024-03-01 in UTC (the fixture's tenants' zone).
var day = time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)

func stamp(h, m int) string {
	return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute).Format(time.RFC3339)
}

// fillDay gives ann of acme a day: statuses, a session and two calls.
func (f *fixture) fillDay(t *testing.T) {
	f.ingest(t, f.acmeKey, "status-events", fmt.Sprintf(`[
		{"userId":%q,"login":"ann","status":"Available","time":%q},
		{"userId":%q,"status":"Lunch","time":%q},
		{"userId":%q,"status":"Available","time":%q}]`, annID, stamp(8, 0), annID, stamp(12, 0), annID, stamp(12, 45)))
	f.ingest(t, f.acmeKey, "session-events", fmt.Sprintf(`[
		{"userId":%q,"action":"login","time":%q,"queue":"800"},
		{"userId":%q,"action":"logout","time":%q,"queue":"800"}]`, annID, stamp(8, 0), annID, stamp(17, 0)))
	f.ingest(t, f.acmeKey, "calls", fmt.Sprintf(`[
		{"id":"5f0d2a9e-1b7e-4a7d-9d9b-3c6a3c2f1a11","direction":"inbound","fromNumber":"+15559998888","toNumber":"+15551234567","userId":%q,
		 "startedAt":%q,"answeredAt":%q,"endedAt":%q,"status":"Completed"},
		{"id":"5f0d2a9e-1b7e-4a7d-9d9b-3c6a3c2f1a12","direction":"inbound","fromNumber":"+15550001111","toNumber":"+15551234567",
		 "startedAt":%q,"endedAt":%q,"outcome":"abandoned","status":"Missed"}]`,
		annID, stamp(9, 0), stamp(9, 1), stamp(9, 10), stamp(10, 0), stamp(10, 1)))
}

func TestAgentDayShowsTheDay(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.fillDay(t)
		b := newBrowser(t, f.srv)
		b.signIn("viewer@acme.test", testPassword)
		p := b.get("/agents/" + annID + "?date=2024-03-01")
		if p.Status != http.StatusOK {
			t.Fatalf("agent day: got %d; %.300s", p.Status, p.Body)
		}
		for _, want := range []string{"Lunch", "12:00:00", "12:45:00", "Logged in, 08:00:00–17:00:00 (9h 00m)", "+15559998888", `href="/agents/` + annID + `?date=2024-02-29"`,
			`href="/agents/` + annID + `?date=2024-03-02"`, "<svg", "Lunch, 12:00:00–12:45:00 (45m 00s)"} {
			if !strings.Contains(p.Body, want) {
				t.Errorf("agent day: want %q in the page", want)
			}
		}
		berlin := b.get("/agents/" + annID + "?date=2024-03-01&tz=Europe/Berlin")
		for _, want := range []string{"Lunch, 13:00:00–13:45:00", `?date=2024-02-29&tz=Europe%2fBerlin"`, `value="Europe/Berlin"`} {
			if !strings.Contains(berlin.Body, want) {
				t.Errorf("agent day in Berlin: want %q in the page", want)
			}
		}
		for path, want := range map[string]int{
			"/agents/" + annID + "?date=2024-03-01&tz=Mars/Base": http.StatusBadRequest,
			"/agents/" + annID + "?date=2024-13-01":              http.StatusBadRequest,
			"/agents/not-a-uuid":                                 http.StatusBadRequest,
			"/agents/1b4e28ba-2fa1-11d2-883f-0016d3cca427":       http.StatusNotFound,
		} {
			if got := b.get(path).Status; got != want {
				t.Errorf("GET %s: got %d, want %d", path, got, want)
			}
		}
		// another tenant's operator does not see ann
		o := newBrowser(t, f.srv)
		o.signIn("admin@other.test", testPassword)
		if p := o.get("/agents/" + annID + "?date=2024-03-01"); p.Status != http.StatusNotFound || strings.Contains(p.Body, "Lunch") {
			t.Errorf("another tenant's operator on ann's day: got %d, want 404 without her data", p.Status)
		}
	})
}

func TestReportsRenderAndDownload(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.fillDay(t)
		b := newBrowser(t, f.srv)
		b.signIn("viewer@acme.test", testPassword)
		period := "from=2024-03-01&to=2024-03-01&tz=UTC"
		p := b.get("/reports/status-time?" + period)
		if p.Status != http.StatusOK || !strings.Contains(p.Body, "<svg") || !strings.Contains(p.Body, "ann · Lunch: 0.8 h") {
			t.Fatalf("time in status: got %d; want a chart with ann's 45 minutes of Lunch; %.500s", p.Status, p.Body)
		}
		csv := b.get("/reports/status-time?" + period + "&format=csv")
		want := "Agent,Available (seconds),Lunch (seconds),Total (seconds)\nann,54900,2700,57600\n"
		if csv.Status != http.StatusOK || csv.Body != want || !strings.HasPrefix(csv.Header.Get("Content-Type"), "text/csv") {
			t.Errorf("time in status CSV: got %d %q, want %q", csv.Status, csv.Body, want)
		}
		if got := b.get("/reports/sessions?" + period + "&format=csv").Body; got != "Agent,Logged in (seconds),Total (seconds)\nann,32400,32400\n" {
			t.Errorf("login hours CSV: got %q", got)
		}
		calls := b.get("/reports/calls?" + period + "&bucket=1h&format=csv")
		if !strings.Contains(calls.Body, "09:00,1,0,1\n") || !strings.Contains(calls.Body, "10:00,0,1,1\n") || strings.Count(calls.Body, "\n") != 25 {
			t.Errorf("calls CSV: want 24 hourly rows, one answered call at 9 and one missed at 10; got %q", calls.Body)
		}
		if got := b.get("/reports/calls?" + period + "&view=user&format=csv").Body; got != "Agent,answered,unanswered,Total\nann,1,0,1\n(no agent),0,1,1\n" {
			t.Errorf("calls per agent CSV: got %q", got)
		}
		if got := b.get("/reports/calls?" + period + "&bucket=all&format=csv").Body; got != "Bucket,answered,unanswered,Total\n2024-03-01 – 2024-03-01,1,1,2\n" {
			t.Errorf("calls over the whole period CSV: got %q", got)
		}
		if p := b.get("/reports/calls?" + period + "&view=bucket"); !strings.Contains(p.Body, "09:00 · answered: 1") {
			t.Errorf("calls chart: want a titled column at 09:00")
		}
		for _, q := range []string{"from=yesterday", "bucket=7m", "tz=Mars/Base", "from=2024-03-02&to=2024-03-01", "view=pie", "from=2020-01-01&to=2024-01-01",
			"from=2024-01-01&to=2024-03-01&bucket=15m"} {
			if p := b.get("/reports/status-time?" + q); p.Status != http.StatusBadRequest || !strings.Contains(p.Body, `class="error"`) {
				t.Errorf("report with %s: got %d, want 400 with the error on the page", q, p.Status)
			}
		}
		// the other tenant's report holds nothing of acme
		o := newBrowser(t, f.srv)
		o.signIn("admin@other.test", testPassword)
		if got := o.get("/reports/status-time?" + period + "&format=csv").Body; strings.Contains(got, "ann") {
			t.Errorf("another tenant's report shows ann: %q", got)
		}
	})
}
