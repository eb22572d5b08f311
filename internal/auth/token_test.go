package auth

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

func openDB(t *testing.T, path string, now *time.Time) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return *now }
	return db
}

func TestTokens(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "a.db")
	db := openDB(t, path, &now)
	tenant := activity.Tenant{Slug: "acme"}
	if err := db.CreateTenant(ctx, &tenant); err != nil {
		t.Fatal(err)
	}
	k, whole, hash := NewKey("", []string{activity.ScopeReportsRead}, 0, now)
	if err := db.CreateKey(ctx, tenant.ID, &k, hash); err != nil {
		t.Fatal(err)
	}
	a := &Authenticator{DB: db}
	p, err := a.Authenticate(ctx, whole)
	if err != nil {
		t.Fatal(err)
	}
	token, err := a.IssueToken(ctx, p)
	if err != nil || !IsToken(token) || IsToken(whole) {
		t.Fatalf("token %q, %v", token, err)
	}

	// Another instance over the same database, started later, accepts it.
	other := &Authenticator{DB: openDB(t, path, &now)}
	got, err := other.VerifyToken(ctx, token)
	if err != nil || got.Key.ID != k.ID || got.Tenant.Slug != "acme" {
		t.Fatalf("the second instance got %+v, %v", got, err)
	}

	payload, sig, _ := strings.Cut(strings.TrimPrefix(token, tokenPrefix), ".")
	for name, bad := range map[string]string{
		"tampered payload": tokenPrefix + payload + "x." + sig,
		"tampered sig":     token[:len(token)-2] + "AA",
		"no prefix":        strings.TrimPrefix(token, tokenPrefix),
		"an API key":       whole,
		"empty":            "",
	} {
		if _, err := a.VerifyToken(ctx, bad); activity.ErrorCode(err) != activity.EUnauthorized {
			t.Errorf("%s: got %v, want unauthorized", name, err)
		}
	}

	now = now.Add(TokenLifetime - time.Second)
	if _, err := a.VerifyToken(ctx, token); err != nil {
		t.Fatalf("a token one second before expiry: %v", err)
	}
	now = now.Add(time.Second)
	if _, err := a.VerifyToken(ctx, token); activity.ErrorCode(err) != activity.EUnauthorized {
		t.Fatalf("an expired token: got %v, want unauthorized", err)
	}

	now = now.Add(-time.Minute)
	if err := db.RevokeKey(ctx, tenant.ID, k.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := a.VerifyToken(ctx, token); activity.ErrorCode(err) != activity.EUnauthorized {
		t.Fatalf("the token of a revoked key: got %v, want unauthorized", err)
	}
}
