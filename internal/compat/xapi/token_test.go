package xapi_test

// POST /connect/token, and the tokens and keys /xapi/v1 accepts.

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

const unauthorizedBody = `{"error":"unauthorized","error_description":"The request requires valid user authentication."}`

// postForm posts an application/x-www-form-urlencoded token request.
func postForm(t testing.TB, srv *servertest.Server, form string) answer {
	t.Helper()
	return send(t, srv, "POST", "/connect/token", [][2]string{{"Content-Type", "application/x-www-form-urlencoded"}}, []byte(form))
}

// wantExact checks a token error: status and body (a trailing new line is
// allowed), and that it is JSON.
func wantExact(t *testing.T, what string, a answer, status int, body string) {
	t.Helper()
	if got := string(bytes.TrimSuffix(a.body, []byte("\n"))); a.status != status || got != body {
		t.Errorf("%s: got %d %s, want %d %s", what, a.status, a.body, status, body)
	}
	if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type: got %q, want application/json", what, ct)
	}
}

// anyCall is a valid GetUserActivity call.
var anyCall = dayQuery("Europe/Berlin", "2025-05-05T22:00:00.000Z", "2025-05-06T22:00:00.000Z").target("GetUserActivity", "")

// wantStatus checks the status of a call with bearer; get validates errors
// against the OData error schema.
func wantStatus(t *testing.T, e *env, what, bearer string, status int) {
	t.Helper()
	if a := e.get(t, anyCall, bearer); a.status != status {
		t.Errorf("%s: got %d %s, want %d", what, a.status, clip(string(a.body)), status)
	}
}

func TestToken(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		id, secret, _ := strings.Cut(e.key, ".")
		form := func(id, secret, grant string) string {
			return url.Values{"client_id": {id}, "client_secret": {secret}, "grant_type": {grant}}.Encode()
		}

		wantStatus(t, e, "a token from a multipart request (newEnv)", e.token, 200)
		wantStatus(t, e, "a token from a form", wantToken(t, postForm(t, e.srv, form(id, secret, "client_credentials"))), 200)
		wantStatus(t, e, "the whole key as the secret, form", wantToken(t, postForm(t, e.srv, form(id, e.key, "client_credentials"))), 200)
		wantStatus(t, e, "the whole key as the secret, multipart", wantToken(t, postToken(t, e.srv,
			[2]string{"client_id", id}, [2]string{"client_secret", e.key}, [2]string{"grant_type", "client_credentials"})), 200)
		wantStatus(t, e, "a plain API key as the bearer", e.key, 200)

		other := storetest.MustKey(t, db, e.tenant, activity.ScopeReportsRead)
		_, otherSecret, _ := strings.Cut(other, ".")
		wantExact(t, "wrong secret", postToken(t, e.srv, credentials(id+"."+otherSecret)...), 401, unauthorizedBody)
		wantExact(t, "wrong secret, form", postForm(t, e.srv, form(id, "nope", "client_credentials")), 401, unauthorizedBody)
		wantExact(t, "unknown id", postToken(t, e.srv, credentials("al_aaaaaaaaaaaaaaaa."+secret)...), 401, unauthorizedBody)
		wantExact(t, "another key's id", postForm(t, e.srv, form(strings.Split(other, ".")[0], secret, "client_credentials")), 401, unauthorizedBody)
		wantExact(t, "grant password", postForm(t, e.srv, form(id, secret, "password")), 400, `{"error":"unsupported_grant_type"}`)
		wantExact(t, "grant authorization_code, multipart", postToken(t, e.srv,
			[2]string{"client_id", id}, [2]string{"client_secret", secret}, [2]string{"grant_type", "authorization_code"}),
			400, `{"error":"unsupported_grant_type"}`)

		for i, field := range []string{"client_id", "client_secret", "grant_type"} {
			fields := credentials(e.key)
			a := postToken(t, e.srv, append(fields[:i:i], fields[i+1:]...)...)
			var got map[string]string
			if err := json.Unmarshal(a.body, &got); err != nil || a.status != 400 || len(got) != 2 ||
				got["error"] != "invalid_request" || !strings.Contains(got["error_description"], field) {
				t.Errorf("without %s: got %d %s, want 400 {\"error\":\"invalid_request\",\"error_description\":\"<naming %s>\"}",
					field, a.status, a.body, field)
			}
		}

		statuses := storetest.MustKey(t, db, e.tenant, activity.ScopeStatusesRead, activity.ScopeCallsRead)
		wantExact(t, "a key without reports:read", postToken(t, e.srv, credentials(statuses)...), 401, unauthorizedBody)
		wantStatus(t, e, "a key without reports:read as the bearer", statuses, 403)

		all := storetest.MustKey(t, db, e.tenant, activity.ScopeAll)
		wantStatus(t, e, "a token of a key with every scope", mustToken(t, e.srv, all), 200)
		admin := storetest.MustKey(t, db, e.tenant, activity.ScopeAdmin, activity.ScopeIngest)
		wantExact(t, "an admin key without reports:read", postToken(t, e.srv, credentials(admin)...), 401, unauthorizedBody)
		wantStatus(t, e, "an admin key without reports:read as the bearer", admin, 403)
		k, expired, hash := auth.NewKey("expired", []string{activity.ScopeReportsRead}, time.Hour, db.Now().Add(-2*time.Hour))
		if err := db.CreateKey(context.Background(), e.tenant.ID, &k, hash); err != nil {
			t.Fatal(err)
		}
		wantExact(t, "an expired key", postToken(t, e.srv, credentials(expired)...), 401, unauthorizedBody)
		wantStatus(t, e, "an expired key as the bearer", expired, 401)

		wantStatus(t, e, "no bearer", "", 401)
		wantStatus(t, e, "a bearer that is no key", "letmein", 401)
		wantStatus(t, e, "a token with another signature", e.token[:len(e.token)-2]+flip(e.token[len(e.token)-2:]), 401)
		wantStatus(t, e, "a token with another key id", forge(t, e.token, "al_aaaaaaaaaaaaaaaa"), 401)
		wantStatus(t, e, "a key as the token's secret", "alt_"+e.key, 401)
	})
}

// flip changes a base64url text.
func flip(s string) string {
	if s[0] == 'A' {
		return "B" + s[1:]
	}
	return "A" + s[1:]
}

// forge swaps the key id inside a token, keeping its signature.
func forge(t *testing.T, token, keyID string) string {
	payload, sig, _ := strings.Cut(strings.TrimPrefix(token, "alt_"), ".")
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil {
		t.Fatalf("token %s: %v", token, err)
	}
	var claims map[string]any
	_ = json.Unmarshal(raw, &claims)
	claims["kid"] = keyID
	raw, _ = json.Marshal(claims)
	return "alt_" + base64.RawURLEncoding.EncodeToString(raw) + "." + sig
}

func TestTokenLifetime(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		var ahead atomic.Int64 // seconds the clock is moved forward
		db.Now = func() time.Time { return time.Now().Add(time.Duration(ahead.Load()) * time.Second) }
		e := newEnv(t, db)
		ahead.Store(3590)
		wantStatus(t, e, "a token 3590 s old", e.token, 200)
		ahead.Store(3601)
		a := e.get(t, anyCall, e.token)
		if code, _, _ := odataError(t, a.body); a.status != 401 || code == "" {
			t.Errorf("a token 3601 s old: got %d %s, want a 401 OData error", a.status, a.body)
		}
		wantStatus(t, e, "the key itself, later", e.key, 200)
		wantStatus(t, e, "a new token, later", mustToken(t, e.srv, e.key), 200)
	})
}

func TestRevokedKeysToken(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newEnv(t, db)
		wantStatus(t, e, "before revocation", e.token, 200)
		id, _, _ := auth.SplitKey(e.key)
		if err := db.RevokeKey(context.Background(), e.tenant.ID, id); err != nil {
			t.Fatal(err)
		}
		wantStatus(t, e, "a revoked key's token", e.token, 401)
		wantStatus(t, e, "a revoked key", e.key, 401)
		wantExact(t, "a token for a revoked key", postToken(t, e.srv, credentials(e.key)...), 401, unauthorizedBody)
	})
}

// TestTokenOnAnotherInstance: a token issued by one instance is good on
// another over the same database, and after a restart.
func TestTokenOnAnotherInstance(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		first, second := openDB(t, dsn), openDB(t, dsn)
		e := newEnv(t, first)
		srv2 := servertest.Start(t, second)
		for _, c := range []struct {
			what  string
			token string
			srv   *servertest.Server
		}{
			{"the first instance's token on the second", e.token, srv2},
			{"the second instance's token on the first", mustToken(t, srv2, e.key), e.srv},
		} {
			if a := get(t, c.srv, anyCall, c.token); a.status != 200 {
				t.Errorf("%s: got %d %s, want 200", c.what, a.status, a.body)
			}
		}
		third := openDB(t, dsn) // a restart: a new handle, a new server
		if a := get(t, servertest.Start(t, third), anyCall, e.token); a.status != 200 {
			t.Errorf("a token after a restart: got %d %s, want 200", a.status, a.body)
		}
	})
}

// openDB opens and migrates dsn; the handle is closed when the test ends.
func openDB(t *testing.T, dsn string) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("opening %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatalf("migrating: %v", err)
	}
	return db
}
