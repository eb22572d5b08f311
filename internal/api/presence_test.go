package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

type presenceAnswer struct {
	AsOf  string
	Users []presenceUser
}

type presenceUser struct {
	UserID, Login, Name, Extension string
	Status, StatusSince            *string
	Category, Color                *string
	LoggedIn                       bool
	LoggedInSince                  *string
	Queues                         []string
}

// line writes a user as "login status@since category color in@since [queues]".
func (u presenceUser) line() string {
	opt := func(s *string) string {
		if s == nil {
			return "null"
		}
		return fmt.Sprintf("%q", *s)
	}
	session := "out"
	if u.LoggedIn {
		session = "in@" + opt(u.LoggedInSince)
	}
	return fmt.Sprintf("%s %s@%s %s %s %s %v", u.Login, opt(u.Status), opt(u.StatusSince), opt(u.Category), opt(u.Color), session, u.Queues)
}

func getPresence(t *testing.T, srv *servertest.Server, key string) presenceAnswer {
	t.Helper()
	r := srv.Do(t, http.MethodGet, "/api/v1/presence", map[string]string{"Authorization": "Bearer " + key})
	if r.Status != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/v1/presence: got %d %s, want 200 JSON", r.Status, r.Body)
	}
	return decode[presenceAnswer](t, r.Body)
}

func TestPresence(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv := servertest.Start(t, db)
		a, b := storetest.MustTenant(t, db, "a"), storetest.MustTenant(t, db, "b")
		ingest, admin := storetest.MustKey(t, db, a, activity.ScopeIngest), storetest.MustKey(t, db, a, activity.ScopeAdmin)
		now := time.Now().UTC().Truncate(time.Millisecond)
		ago := func(d time.Duration) string { return activity.FormatTime(now.Add(-d)) }
		status := func(login, status string, d time.Duration) string {
			return fmt.Sprintf(`{"login":%q,"status":%q,"time":%q}`, login, status, ago(d))
		}
		session := func(login, action, queue string, d time.Duration) string {
			return fmt.Sprintf(`{"login":%q,"action":%q,"queue":%q,"time":%q}`, login, action, queue, ago(d))
		}
		h := time.Hour

		put(t, srv.URL, admin, "/api/v1/status-definitions/Available", `{"category":"available","color":"#00AA00"}`)
		post(t, srv.URL, admin, "/api/v1/users", `{"login":"cat","name":"Cat Stevens","extension":"103"}`)
		post(t, srv.URL, ingest, "/api/v1/status-events", "["+strings.Join([]string{
			status("ann", "Break", 2*h), status("ann", "Available", h/2),
			status("ann", "Later", -h), // stamped in the future: not in effect yet
			status("bob", "Lunch", h),  // defined nowhere
			status("dan", "Busy", 3*h), status("dan", "", 5*time.Minute),
		}, ",")+"]")
		post(t, srv.URL, ingest, "/api/v1/session-events", "["+strings.Join([]string{
			session("ann", "login", "900", 2*h), session("ann", "login", "800", 3*h),
			session("bob", "login", "", 4*h), session("bob", "logout", "", 3*h),
			session("dan", "login", "800", 13*h), // never logged out: timed out
			session("eve", "login", "800", 2*h), session("eve", "login", "900", h), session("eve", "logout", "800", h/2),
			// 800's logout ends 800, not the session without queue, though
			// 800's login is older than the timeout.
			session("fay", "login", "800", 13*h), session("fay", "login", "", 11*h), session("fay", "logout", "800", 10*h),
		}, ",")+"]")
		bIngest := storetest.MustKey(t, db, b, activity.ScopeIngest)
		post(t, srv.URL, bIngest, "/api/v1/status-events", "["+status("zed", "Available", h)+"]")
		post(t, srv.URL, bIngest, "/api/v1/session-events", "["+session("zed", "login", "700", h)+"]")

		before := time.Now()
		got := getPresence(t, srv, storetest.MustKey(t, db, a, activity.ScopeReportsRead))
		after := time.Now()
		var lines []string
		for _, u := range got.Users {
			lines = append(lines, u.line())
		}
		q := func(d time.Duration) string { return fmt.Sprintf("%q", ago(d)) }
		want := []string{
			`ann "Available"@` + q(h/2) + ` "available" "#00AA00" in@` + q(3*h) + ` [800 900]`,
			`bob "Lunch"@` + q(h) + ` "other" "#888888" out []`,
			`cat null@null null null out []`,
			`dan ""@` + q(5*time.Minute) + ` "other" "#888888" out []`,
			`eve null@null null null in@` + q(2*h) + ` [900]`,
			`fay null@null null null in@` + q(13*h) + ` []`,
		}
		if !slices.Equal(lines, want) {
			t.Errorf("presence:\ngot  %s\nwant %s", strings.Join(lines, "\n     "), strings.Join(want, "\n     "))
		}
		if len(got.Users) > 2 && (got.Users[2].Name != "Cat Stevens" || got.Users[2].Extension != "103" || !activity.IsUUID(got.Users[2].UserID)) {
			t.Errorf("cat: got %+v, want its id, name and extension", got.Users[2])
		}
		asOf, ok := activity.ParseTime(got.AsOf)
		if !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`).MatchString(got.AsOf) || !ok ||
			asOf.Before(before.Truncate(time.Millisecond)) || asOf.After(after) {
			t.Errorf("asOf: got %q, want the time of the request, in UTC with milliseconds", got.AsOf)
		}

		// Tenant b sees its own user alone.
		gotB := getPresence(t, srv, storetest.MustKey(t, db, b, activity.ScopeStatusesRead))
		if len(gotB.Users) != 1 || gotB.Users[0].line() != `zed "Available"@`+q(h)+` "other" "#888888" in@`+q(h)+` [700]` {
			t.Errorf("tenant b: got %+v, want zed alone, without a's definition of Available", gotB.Users)
		}
	})
}

func TestPresenceAnswer(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv := servertest.Start(t, db)
		tn := storetest.MustTenant(t, db, "a")
		empty := storetest.MustTenant(t, db, "empty")
		post(t, srv.URL, storetest.MustKey(t, db, tn, activity.ScopeAdmin), "/api/v1/users", `{"login":"cat"}`)
		auth := func(tenant activity.Tenant, scopes ...string) map[string]string {
			return map[string]string{"Authorization": "Bearer " + storetest.MustKey(t, db, tenant, scopes...)}
		}
		servertest.Run(t, srv, []servertest.Scenario{
			{Name: "a user without events", Path: "/api/v1/presence", Headers: auth(tn, activity.ScopeCallsRead),
				Status: http.StatusOK, ContentType: "application/json", Check: func(t *testing.T, body []byte, _ http.Header) {
					var v struct{ Users []map[string]json.RawMessage }
					if err := json.Unmarshal(body, &v); err != nil || len(v.Users) != 1 {
						t.Fatalf("body %s: want one user (%v)", body, err)
					}
					var keys []string
					for k := range v.Users[0] {
						keys = append(keys, k)
					}
					slices.Sort(keys)
					want := []string{"category", "color", "extension", "loggedIn", "loggedInSince", "login", "name", "queues", "status", "statusSince", "userId"}
					if !slices.Equal(keys, want) {
						t.Errorf("keys: got %v, want %v", keys, want)
					}
					for k, want := range map[string]string{"status": "null", "statusSince": "null", "category": "null", "color": "null",
						"loggedIn": "false", "loggedInSince": "null", "queues": "[]"} {
						if got := string(v.Users[0][k]); got != want {
							t.Errorf("%s: got %s, want %s", k, got, want)
						}
					}
				}},
			{Name: "no users", Path: "/api/v1/presence", Headers: auth(empty, activity.ScopeAdmin), Status: http.StatusOK,
				Contains: []string{`"users":[]`}},
			{Name: "no key", Path: "/api/v1/presence", Status: http.StatusUnauthorized, ContentType: "application/json"},
			{Name: "ingest reads nothing", Path: "/api/v1/presence", Headers: auth(tn, activity.ScopeIngest), Status: http.StatusForbidden},
		})
	})
}

// put sends a JSON body with PUT and requires a 200.
func put(t *testing.T, base, key, path, body string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPut, base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("PUT %s: %v", path, err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("PUT %s: got %d, want 200", path, res.StatusCode)
	}
}
