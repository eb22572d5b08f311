package export_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// TestPeriodAndUserFilters selects by the half-open period [from, to) and
// by user, in every form the list routes accept.
func TestPeriodAndUserFilters(t *testing.T) {
	cases := []struct{ path, want string }{
		{"status-events?from=2024-03-01T09:00:00.500Z&to=2024-03-02T09:00:00Z", "e2 e3 e4"},
		{"status-events?from=2024-03-01T10:00:00%2B01:00", "e2 e3 e4 e5 e6"},
		{"status-events?to=2024-03-01T09:00:00.501Z", "e1 e2"},
		{"status-events?from=2024-03-02&to=2024-03-02", ""},
		{"status-events?userIds=" + bobID, "e2 e4 e6"},
		{"status-events?userIds=" + annID + "," + bobID + "&from=2024-03-02", "e4 e5 e6"},
		{"status-events?userIds[]=" + annID + "&to=2024-03-02", "e1 e3"},
		{"status-events?userId=" + strings.ToUpper(bobID) + "&format=ndjson", "e2 e4 e6"},
		{"status-events?userIds=00000000-0000-4000-8000-000000000000", ""},
		{"session-events?from=2024-03-01T08:00:00Z&to=2024-03-02&userIds=" + annID, "s3"},
		{"calls?from=2024-03-02", "6a1e3b0f-2c8e-4b8e-8eac-4d7b4d3a2b22"},
		{"calls?userIds=" + annID + "&to=2024-03-02", "5f0d2a9e-1b7e-4a7d-9d9b-3c6a3c2f1a11"},
		{"calls?userIds=" + bobID, ""},
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		fill(t, db, tenant.ID)
		key := storetest.MustKey(t, db, tenant, "*")
		srv := servertest.Start(t, db)
		for _, c := range cases {
			got := strings.Join(ids(t, mustGet(t, srv, "/api/v1/export/"+c.path, key).Body), " ")
			if got != c.want {
				t.Errorf("%s: got ids %q, want %q", c.path, got, c.want)
			}
		}
		// CSV selects the same rows: the header and one record each.
		body := string(mustGet(t, srv, "/api/v1/export/session-events?format=csv&userIds="+bobID, key).Body)
		if got, want := strings.Count(body, "\r\n"), 3; got != want || !strings.Contains(body, "\r\ns2,") || !strings.Contains(body, "\r\ns4,") {
			t.Errorf("CSV of bob's session events: got %q, want the header, s2 and s4", body)
		}
	})
}

// TestBadParameters answers 400, in the API's error format and before any
// export byte: no attachment.
func TestBadParameters(t *testing.T) {
	cases := []struct{ query, want string }{
		{"from=yesterday", `from \"yesterday\" is not a time`},
		{"to=2024-13-01", `to \"2024-13-01\" is not a time`},
		{"from=2024-03-02&to=2024-03-01", "to is before from"},
		{"from=2024-03-01T10:00:00", `is not a time: accepted are ISO 8601`},
		{"userIds=ann", `userIds: \"ann\" is not a UUID`},
		{"userIds=" + annID + ",", `userIds: \"\" is not a UUID`},
		{"format=xml", `format \"xml\" is not valid: use ndjson or csv`},
		{"format=CSV", `format \"CSV\" is not valid`},
		{"limit=10", `parameter \"limit\" is not accepted by the export: use from, to, userIds and format`},
		{"status=Lunch", `parameter \"status\" is not accepted`},
		{"cursor=abc", `parameter \"cursor\" is not accepted`},
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		fill(t, db, tenant.ID)
		key := storetest.MustKey(t, db, tenant, "*")
		srv := servertest.Start(t, db)
		for _, c := range cases {
			r := get(t, srv, "/api/v1/export/status-events?"+c.query, key)
			wantError(t, r, http.StatusBadRequest, "invalid", c.want)
		}
	})
}

// wantError checks an error answer of the API: its status, JSON with the
// code and a message holding want, and no attachment.
func wantError(t *testing.T, r servertest.Response, status int, code, want string) {
	t.Helper()
	if r.Status != status || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		t.Errorf("got %d %s, want %d with a JSON error; body %s", r.Status, r.Header.Get("Content-Type"), status, r.Body)
	}
	var e struct{ Code, Error string }
	if err := json.Unmarshal(r.Body, &e); err != nil || e.Code != code || !strings.Contains(string(r.Body), want) {
		t.Errorf("body: got %s, want code %q and a message with %s", r.Body, code, want)
	}
	if d := r.Header.Get("Content-Disposition"); d != "" {
		t.Errorf("an error answer came with Content-Disposition %q", d)
	}
}

// TestScopes requires each kind's own read scope: another kind's is a 403,
// no key a 401; an unknown kind is a 404 naming the kinds.
func TestScopes(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		fill(t, db, tenant.ID)
		srv := servertest.Start(t, db)
		keys := map[string]string{}
		for _, s := range []string{"statuses:read", "sessions:read", "calls:read", "reports:read", "admin", "ingest", "*"} {
			keys[s] = storetest.MustKey(t, db, tenant, s)
		}
		allowed := map[string][]string{
			"status-events":  {"statuses:read", "*"},
			"session-events": {"sessions:read", "*"},
			"calls":          {"calls:read", "*"},
		}
		for kind, scopes := range allowed {
			for scope, key := range keys {
				r := get(t, srv, "/api/v1/export/"+kind, key)
				if slices.Contains(scopes, scope) {
					if r.Status != http.StatusOK || len(ids(t, r.Body)) == 0 {
						t.Errorf("%s with %s: got %d %s, want 200 with rows", kind, scope, r.Status, r.Body)
					}
					continue
				}
				wantError(t, r, http.StatusForbidden, "forbidden", "lacks the scope")
			}
			wantError(t, get(t, srv, "/api/v1/export/"+kind, ""), http.StatusUnauthorized, "unauthorized", "an API key is needed")
		}
		r := get(t, srv, "/api/v1/export/users", keys["*"])
		wantError(t, r, http.StatusNotFound, "not found", `kind \"users\" is unknown: use status-events, session-events or calls`)
		r = get(t, srv, "/api/v1/export/status-events", keys["sessions:read"])
		wantError(t, r, http.StatusForbidden, "forbidden", "exporting status-events needs statuses:read")
	})
}

// TestTenantIsolation: a key exports its own tenant's events only, even
// when it names another tenant's users.
func TestTenantIsolation(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		a := storetest.MustTenant(t, db, "tenant-a")
		fill(t, db, a.ID)
		b := storetest.MustTenant(t, db, "tenant-b")
		_, err := db.IngestStatusEvents(context.Background(), b.ID, []activity.StatusEvent{
			{ID: "b1", User: activity.UserRef{Login: "ann"}, Status: "B only", Time: at("2024-03-01T12:00:00Z")}})
		if err != nil {
			t.Fatal(err)
		}
		keyB := storetest.MustKey(t, db, b, "*")
		srv := servertest.Start(t, db)
		for path, want := range map[string]string{
			"status-events":                  "b1",
			"status-events?userIds=" + annID: "",
			"session-events":                 "",
			"calls":                          "",
			"calls?userIds=" + annID:         "",
		} {
			if got := strings.Join(ids(t, mustGet(t, srv, "/api/v1/export/"+path, keyB).Body), " "); got != want {
				t.Errorf("tenant B: %s: got ids %q, want %q", path, got, want)
			}
		}
		body := string(mustGet(t, srv, "/api/v1/export/status-events?format=csv", keyB).Body)
		if strings.Contains(body, annID) || strings.Contains(body, "Available") {
			t.Errorf("tenant B's CSV holds tenant A's rows: %q", body)
		}
	})
}

// TestAcceptPicksCSV: Accept: text/csv picks CSV unless format says
// otherwise; q=0 refuses it.
func TestAcceptPicksCSV(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tenant := storetest.MustTenant(t, db, "acme")
		fill(t, db, tenant.ID)
		key := storetest.MustKey(t, db, tenant, "*")
		srv := servertest.Start(t, db)
		for _, c := range []struct{ query, accept, want string }{
			{"", "text/csv", "csv"},
			{"", "application/json, Text/CSV; charset=utf-8; q=0.5", "csv"},
			{"", "text/csv;q=0", "ndjson"},
			{"", "*/*", "ndjson"},
			{"", "", "ndjson"},
			{"?format=ndjson", "text/csv", "ndjson"},
			{"?format=csv", "application/x-ndjson", "csv"},
		} {
			r := mustGet(t, srv, "/api/v1/export/status-events"+c.query, key, "Accept", c.accept)
			got := "ndjson"
			if strings.HasPrefix(string(r.Body), "id,userId,login,status,time\r\n") {
				got = "csv"
			}
			if got != c.want || !strings.HasSuffix(r.Header.Get("Content-Disposition"), "."+c.want+`"`) {
				t.Errorf("%q with Accept %q: got %s (%s), want %s", c.query, c.accept, got, r.Header.Get("Content-Disposition"), c.want)
			}
		}
	})
}
