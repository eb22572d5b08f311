package auth

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

func TestKeyFromRequestAcceptsEveryHeaderStyle(t *testing.T) {
	for _, h := range [][2]string{{"Key", "k1.s"}, {"ApiKey", "k1.s"}, {"APIKEY", "k1.s"}, {"Authorization", "Bearer k1.s"}, {"authorization", "bearer  k1.s "}} {
		r, _ := http.NewRequest("GET", "/", nil)
		r.Header.Set(h[0], h[1])
		if got := KeyFromRequest(r); got != "k1.s" {
			t.Errorf("%s: %s gave %q, want k1.s", h[0], h[1], got)
		}
	}
	r, _ := http.NewRequest("GET", "/", nil)
	r.Header.Set("Authorization", "Basic azE6cw==")
	if got := KeyFromRequest(r); got != "" {
		t.Errorf("Basic auth gave %q, want no key", got)
	}
}

func TestNewKeyShape(t *testing.T) {
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	k, whole, hash := NewKey("n", []string{"ingest"}, time.Hour, now)
	id, secret, ok := SplitKey(whole)
	if !ok || id != k.ID || strings.Contains(id, ".") || !strings.HasPrefix(id, "al_") || len(secret) < 40 {
		t.Fatalf("key %q: id %q, secret %q", whole, id, secret)
	}
	if !secretMatches(secret, hash) || secretMatches(secret+"x", hash) {
		t.Fatal("the hash must match the secret and nothing else")
	}
	if k.ExpiresAt == nil || !k.ExpiresAt.Equal(now.Add(time.Hour)) {
		t.Fatalf("expiry %v, want %v", k.ExpiresAt, now.Add(time.Hour))
	}
	for _, bad := range []string{"", "nodot", ".secret", "id."} {
		if _, _, ok := SplitKey(bad); ok {
			t.Errorf("SplitKey(%q) accepted", bad)
		}
	}
}

func TestAuthenticate(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	tenant := activity.Tenant{Slug: "acme"}
	if err := db.CreateTenant(ctx, &tenant); err != nil {
		t.Fatal(err)
	}
	mint := func(lifetime time.Duration) (activity.APIKey, string) {
		k, whole, hash := NewKey("", []string{activity.ScopeIngest}, lifetime, now)
		if err := db.CreateKey(ctx, tenant.ID, &k, hash); err != nil {
			t.Fatal(err)
		}
		return k, whole
	}
	a := &Authenticator{DB: db}
	k, whole := mint(0)
	p, err := a.Authenticate(ctx, whole)
	if err != nil || p.Tenant.Slug != "acme" || !p.Allows(activity.ScopeIngest) || p.Allows(activity.ScopeAdmin) {
		t.Fatalf("got %+v, %v", p, err)
	}
	id, _, _ := SplitKey(whole)
	_, expiring := mint(time.Minute)
	revokedKey, revoked := mint(0)
	if err := db.RevokeKey(ctx, tenant.ID, revokedKey.ID); err != nil {
		t.Fatal(err)
	}
	now = now.Add(time.Minute)
	for _, bad := range []string{id + ".wrong", "al_unknown.secret", "garbage", expiring, revoked} {
		if _, err := a.Authenticate(ctx, bad); activity.ErrorCode(err) != activity.EUnauthorized {
			t.Errorf("%q: got %v, want unauthorized", bad, err)
		}
	}
	keys, _ := db.Keys(ctx, tenant.ID)
	for _, got := range keys {
		if got.ID == k.ID && (got.LastUsedAt == nil || !got.LastUsedAt.Equal(now.Add(-time.Minute))) {
			t.Fatalf("last use %v, want %v", got.LastUsedAt, now.Add(-time.Minute))
		}
	}
}
