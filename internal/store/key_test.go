package store_test

import (
	"bytes"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

func TestCreateKeyAndFindIt(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a := mustTenant(t, db, "acme")
		expires := t0.Add(30 * 24 * time.Hour)
		k := activity.APIKey{ID: "kA1", Name: "collector", Scopes: []string{"ingest", "statuses:read"}, ExpiresAt: &expires}
		hash := []byte{0, 1, 2, 0xfe, 0xff}
		must(t, db.CreateKey(t.Context(), a.ID, &k, hash))
		mustEqual(t, "TenantID", k.TenantID, a.ID)
		mustTime(t, "CreatedAt", k.CreatedAt, t0)

		got, gotHash, err := db.KeyByPublicID(t.Context(), "kA1")
		must(t, err)
		if !bytes.Equal(gotHash, hash) {
			t.Fatalf("hash: got %x, want %x", gotHash, hash)
		}
		mustKeyEqual(t, got, k)

		_, _, err = db.KeyByPublicID(t.Context(), "unknown")
		mustCode(t, err, activity.EUnauthorized)
	})
}

func TestKeysListsOnlyTheTenantsKeys(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "acme"), mustTenant(t, db, "beta")
		list, err := db.Keys(t.Context(), a.ID)
		must(t, err)
		if list == nil || len(list) != 0 {
			t.Fatalf("keys of a tenant without keys: got %v, want an empty list", list)
		}

		mustKey(t, db, a.ID, "kA1", t0)
		mustKey(t, db, b.ID, "kB1", t0.Add(time.Minute))
		mustKey(t, db, a.ID, "kA2", t0.Add(2*time.Minute))

		list, err = db.Keys(t.Context(), a.ID)
		must(t, err)
		mustEqualSlice(t, "keys of A, newest first", keyIDs(list), []string{"kA2", "kA1"})
		for _, k := range list {
			mustEqual(t, "TenantID of "+k.ID, k.TenantID, a.ID)
		}
		list, err = db.Keys(t.Context(), b.ID)
		must(t, err)
		mustEqualSlice(t, "keys of B", keyIDs(list), []string{"kB1"})

		k, _, err := db.KeyByPublicID(t.Context(), "kB1")
		must(t, err)
		mustEqual(t, "tenant of kB1", k.TenantID, b.ID)
	})
}

func TestRevokeKey(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "acme"), mustTenant(t, db, "beta")
		mustKey(t, db, a.ID, "kA1", t0)

		// Another tenant cannot revoke it, nor learn that it exists.
		mustCode(t, db.RevokeKey(t.Context(), b.ID, "kA1"), activity.ENotFound)
		k, _, err := db.KeyByPublicID(t.Context(), "kA1")
		must(t, err)
		mustTimePtr(t, "RevokedAt after another tenant tried", k.RevokedAt, nil)
		mustCode(t, db.RevokeKey(t.Context(), a.ID, "nope"), activity.ENotFound)

		revoked := t0.Add(time.Hour)
		setNow(db, revoked)
		must(t, db.RevokeKey(t.Context(), a.ID, "kA1"))
		k, _, err = db.KeyByPublicID(t.Context(), "kA1")
		must(t, err)
		mustTimePtr(t, "RevokedAt", k.RevokedAt, &revoked)
		if k.Usable(revoked) {
			t.Fatalf("Usable after revoking: got true, want false")
		}

		// Revoking again keeps the first time.
		setNow(db, revoked.Add(time.Hour))
		must(t, db.RevokeKey(t.Context(), a.ID, "kA1"))
		list, err := db.Keys(t.Context(), a.ID)
		must(t, err)
		mustTimePtr(t, "RevokedAt after revoking twice", list[0].RevokedAt, &revoked)
	})
}

func TestTouchKey(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "acme"), mustTenant(t, db, "beta")
		mustKey(t, db, a.ID, "kA1", t0)
		used := t0.Add(90 * time.Minute).Add(123 * time.Millisecond)

		// Touching through another tenant changes nothing.
		must(t, db.TouchKey(t.Context(), b.ID, "kA1", used))
		k, _, err := db.KeyByPublicID(t.Context(), "kA1")
		must(t, err)
		mustTimePtr(t, "LastUsedAt after another tenant touched it", k.LastUsedAt, nil)

		must(t, db.TouchKey(t.Context(), a.ID, "kA1", used))
		k, _, err = db.KeyByPublicID(t.Context(), "kA1")
		must(t, err)
		mustTimePtr(t, "LastUsedAt", k.LastUsedAt, &used)
		mustTimePtr(t, "RevokedAt", k.RevokedAt, nil)

		later := used.Add(time.Hour)
		must(t, db.TouchKey(t.Context(), a.ID, "kA1", later))
		list, err := db.Keys(t.Context(), a.ID)
		must(t, err)
		mustTimePtr(t, "LastUsedAt after a second use", list[0].LastUsedAt, &later)
	})
}

func mustKey(t *testing.T, db *store.DB, tenantID int64, id string, now time.Time) activity.APIKey {
	t.Helper()
	setNow(db, now)
	k := activity.APIKey{ID: id, Name: "key " + id, Scopes: []string{"*"}}
	must(t, db.CreateKey(t.Context(), tenantID, &k, []byte("hash of "+id)))
	return k
}

func mustKeyEqual(t *testing.T, got, want activity.APIKey) {
	t.Helper()
	mustEqual(t, "key ID", got.ID, want.ID)
	mustEqual(t, "key TenantID", got.TenantID, want.TenantID)
	mustEqual(t, "key Name", got.Name, want.Name)
	mustEqualSlice(t, "key Scopes", got.Scopes, want.Scopes)
	mustTime(t, "key CreatedAt", got.CreatedAt, want.CreatedAt)
	mustTimePtr(t, "key ExpiresAt", got.ExpiresAt, want.ExpiresAt)
	mustTimePtr(t, "key RevokedAt", got.RevokedAt, want.RevokedAt)
	mustTimePtr(t, "key LastUsedAt", got.LastUsedAt, want.LastUsedAt)
}

func keyIDs(list []activity.APIKey) []string {
	ids := make([]string, len(list))
	for i, k := range list {
		ids[i] = k.ID
	}
	return ids
}
