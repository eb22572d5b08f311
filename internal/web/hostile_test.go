package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// Every page, asked without a session, sends to sign-in; asked by another
// tenant's operator, with hostile input too, it answers without a 5xx and
// without acme's data.
func TestPagesRefuseStrangersAndHostileInput(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.fillDay(t)
		hostile := []string{"%00", "'%3B%20DROP%20TABLE%20users%3B--", "..%2F..%2Fetc", strings.Repeat("9", 300), "%E2%80%AE", annID}
		var gets []string
		for _, h := range hostile {
			gets = append(gets, "/agents/"+h, "/agents/"+annID+"?date="+h, "/calls/"+h, "/calls?cursor="+h+"&number="+h+"&user="+h,
				"/reports/status-time?from="+h+"&tz="+h, "/reports/calls?bucket="+h+"&direction="+h+"&group="+h, "/reports/sessions?view="+h,
				"/admin/users/"+h, "/wallboard?x="+h)
		}
		anon := newBrowser(t, f.srv)
		for _, path := range gets {
			if p := anon.get(path); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Header.Get("Location"), "/login") {
				t.Errorf("GET %s without a session: got %d to %q, want 303 to /login", path, p.Status, p.Header.Get("Location"))
			}
		}
		o := newBrowser(t, f.srv)
		o.signIn("admin@other.test", testPassword)
		for _, path := range gets {
			p := o.get(path)
			if strings.Contains(p.Body, "Lunch") || strings.Contains(p.Body, "15559998888") || strings.Contains(p.Body, ">ann<") {
				t.Errorf("GET %s as other's admin: the answer (%d) shows acme's data", path, p.Status)
			}
		}
		csrf := o.csrf("/wallboard")
		for _, h := range hostile {
			for _, path := range []string{"/admin/users/" + h, "/admin/users/" + h + "/disable", "/admin/keys/" + h + "/revoke", "/admin/operators/" + h + "/delete", "/tenant"} {
				p := o.post(path, url.Values{"csrf": {csrf}, "login": {h}, "disabled": {"1"}, "tenant": {h}, "name": {h}})
				if p.Status < 400 && path != "/tenant" {
					t.Errorf("POST %s as other's admin: got %d, want a 4xx", path, p.Status)
				}
			}
			o.post("/admin/statuses/delete", url.Values{"csrf": {csrf}, "name": {h}})
		}
		for _, bad := range []string{"\x00", "a\x00b", "\xff\xfe", strings.Repeat("x", 70_000)} {
			for _, path := range []string{"/admin/statuses", "/admin/statuses/delete", "/admin/users", "/admin/keys", "/admin/operators"} {
				p := o.post(path, url.Values{"csrf": {csrf}, "name": {bad}, "login": {bad}, "email": {bad}, "scope": {bad}, "password": {bad},
					"category": {bad}, "color": {bad}, "groups": {bad}, "expires": {bad}, "role": {bad}})
				if p.Status != http.StatusBadRequest && p.Status != http.StatusNotFound && p.Status != http.StatusForbidden {
					t.Errorf("POST %s with %.10q: got %d, want 400, 403 or 404", path, bad, p.Status)
				}
			}
			anonForm := newBrowser(t, f.srv)
			if p := anonForm.post("/login", url.Values{"csrf": {anonForm.csrf("/login")}, "email": {bad}, "password": {bad}}); p.Status != http.StatusUnauthorized && p.Status != http.StatusForbidden {
				t.Errorf("sign in with %.10q: got %d, want 401", bad, p.Status)
			}
		}
		if u, err := db.User(t.Context(), f.acme.ID, annID); err != nil || u.Login != "ann" {
			t.Errorf("ann after the hostile requests: %+v, %v", u, err)
		}
		if d, _ := db.DisabledUsers(t.Context(), f.acme.ID); len(d) != 0 {
			t.Error("another tenant's admin disabled an acme user")
		}
	})
}
