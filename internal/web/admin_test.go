package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

var adminPaths = []string{"/admin/", "/admin/users", "/admin/statuses", "/admin/keys", "/admin/operators", "/admin/users/" + annID}

func TestViewersCannotReachAdministration(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.fillDay(t)
		b := newBrowser(t, f.srv)
		b.signIn("viewer@acme.test", testPassword)
		if strings.Contains(b.get("/wallboard").Body, `href="/admin/users"`) {
			t.Error("a viewer's menu shows administration")
		}
		for _, path := range adminPaths {
			if p := b.get(path); p.Status != http.StatusForbidden {
				t.Errorf("viewer GET %s: got %d, want 403", path, p.Status)
			}
		}
		csrf := b.csrf("/wallboard")
		for path, form := range map[string]url.Values{
			"/admin/users":     {"login": {"mallory"}},
			"/admin/keys":      {"scope": {"*"}},
			"/admin/operators": {"email": {"m@acme.test"}, "role": {"admin"}, "password": {"0123456789ab"}},
		} {
			form.Set("csrf", csrf)
			if p := b.post(path, form); p.Status != http.StatusForbidden {
				t.Errorf("viewer POST %s: got %d, want 403", path, p.Status)
			}
		}
		if keys, _ := db.Keys(t.Context(), f.acme.ID); len(keys) != 1 {
			t.Errorf("a viewer's POST created a key: %d keys", len(keys))
		}
	})
}

func TestAdministration(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		f := newFixture(t, db)
		f.fillDay(t)
		b := newBrowser(t, f.srv)
		b.signIn("admin@acme.test", testPassword)
		csrf := b.csrf("/admin/users")
		post := func(path string, form url.Values) page {
			form.Set("csrf", csrf)
			return b.post(path, form)
		}
		if p := post("/admin/users", url.Values{"login": {"bob"}, "name": {"Bob B"}, "extension": {"102"}, "groups": {"10, 20"}}); p.Status != http.StatusOK || !strings.Contains(p.Body, "User bob created.") {
			t.Fatalf("create user: got %d; %.300s", p.Status, p.Body)
		}
		if p := post("/admin/users", url.Values{"login": {"bob"}}); p.Status != http.StatusConflict {
			t.Errorf("create a second bob: got %d, want 409", p.Status)
		}
		if p := post("/admin/users/"+annID, url.Values{"login": {"ann"}, "name": {"Ann A"}, "extension": {"101"}, "groups": {"10"}}); p.Status != http.StatusOK || !strings.Contains(p.Body, `value="Ann A"`) {
			t.Errorf("edit ann: got %d", p.Status)
		}
		if p := post("/admin/users/"+annID, url.Values{"login": {""}}); p.Status != http.StatusBadRequest {
			t.Errorf("edit ann with an empty login: got %d, want 400", p.Status)
		}
		post("/admin/users/"+annID+"/disable", url.Values{"disabled": {"1"}})
		if strings.Contains(b.get("/wallboard").Body, "u-"+annID) {
			t.Error("a disabled user is still on the wallboard")
		}
		post("/admin/users/"+annID+"/disable", url.Values{"disabled": {"0"}})
		if !strings.Contains(b.get("/wallboard").Body, "u-"+annID) {
			t.Error("an enabled user is not back on the wallboard")
		}

		if p := post("/admin/statuses", url.Values{"name": {"Lunch"}, "category": {"away"}, "color": {"#c9a400"}}); !strings.Contains(p.Body, "Status Lunch saved.") {
			t.Errorf("define Lunch: got %d", p.Status)
		}
		if p := post("/admin/statuses", url.Values{"name": {"X"}, "category": {"napping"}}); p.Status != http.StatusBadRequest {
			t.Errorf("a bad category: got %d, want 400", p.Status)
		}
		if defs, _ := db.StatusDefinitions(t.Context(), f.acme.ID); len(defs) != 1 || defs[0].Category != "away" {
			t.Errorf("definitions: got %+v", defs)
		}
		post("/admin/statuses/delete", url.Values{"name": {"Lunch"}})
		if defs, _ := db.StatusDefinitions(t.Context(), f.acme.ID); len(defs) != 0 {
			t.Errorf("definitions after delete: got %+v", defs)
		}

		p := post("/admin/keys", url.Values{"name": {"wallboard"}, "scope": {"statuses:read", "ingest"}, "expires": {"30d"}})
		key := regexp.MustCompile(`<output id="new-key">([^<]+)</output>`).FindStringSubmatch(p.Body)
		if key == nil {
			t.Fatalf("create key: got %d, no key shown; %.300s", p.Status, p.Body)
		}
		if strings.Contains(b.get("/admin/keys").Body, key[1]) {
			t.Error("the key is shown again after its creation")
		}
		if p := post("/admin/keys", url.Values{"scope": {"root"}}); p.Status != http.StatusBadRequest {
			t.Errorf("a bad scope: got %d, want 400", p.Status)
		}
		id := strings.SplitN(key[1], ".", 2)[0]
		if p := post("/admin/keys/"+id+"/revoke", url.Values{}); !strings.Contains(p.Body, "revoked") {
			t.Errorf("revoke: got %d", p.Status)
		}
		if p := post("/admin/keys/al_nope/revoke", url.Values{}); p.Status != http.StatusNotFound {
			t.Errorf("revoke an unknown key: got %d, want 404", p.Status)
		}

		if p := post("/admin/operators", url.Values{"email": {"new@acme.test"}, "role": {"viewer"}, "password": {"short"}}); p.Status != http.StatusBadRequest {
			t.Errorf("an operator with a short password: got %d, want 400", p.Status)
		}
		if p := post("/admin/operators", url.Values{"email": {"new@acme.test"}, "role": {"viewer"}, "password": {"long enough password"}}); !strings.Contains(p.Body, "Operator new@acme.test created.") {
			t.Errorf("create operator: got %d", p.Status)
		}
		nb := newBrowser(t, f.srv)
		nb.signIn("new@acme.test", "long enough password")
		ops, _ := db.Operators(t.Context(), f.acme.ID)
		for _, o := range ops {
			if o.Email == "new@acme.test" {
				post("/admin/operators/"+itoa(o.ID)+"/delete", url.Values{})
			}
		}
		if p := nb.get("/wallboard"); p.Status != http.StatusSeeOther {
			t.Errorf("a deleted operator's session: got %d, want 303 to sign in", p.Status)
		}
		// administration acts on the admin's own tenant only
		o := newBrowser(t, f.srv)
		o.signIn("admin@other.test", testPassword)
		oc := o.csrf("/admin/users")
		if p := o.post("/admin/users/"+annID, url.Values{"csrf": {oc}, "login": {"pwned"}}); p.Status != http.StatusNotFound {
			t.Errorf("another tenant's admin editing ann: got %d, want 404", p.Status)
		}
		if p := o.post("/admin/users/"+annID+"/disable", url.Values{"csrf": {oc}, "disabled": {"1"}}); p.Status != http.StatusNotFound {
			t.Errorf("another tenant's admin disabling ann: got %d, want 404", p.Status)
		}
		if u, _ := db.User(t.Context(), f.acme.ID, annID); u.Login != "ann" {
			t.Errorf("ann's login: got %q", u.Login)
		}
	})
}
