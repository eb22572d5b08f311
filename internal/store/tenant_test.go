package store_test

import (
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

func TestCreateTenant(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := activity.Tenant{Slug: "acme", Name: "Acme Corp", TimeZone: "Europe/Berlin"}
		must(t, db.CreateTenant(t.Context(), &tn))
		if tn.ID == 0 {
			t.Fatalf("ID: got 0, want an id")
		}
		if !activity.IsUUID(tn.UUID) {
			t.Fatalf("UUID: got %q, want a UUID", tn.UUID)
		}
		mustTime(t, "CreatedAt", tn.CreatedAt, t0)

		bySlug, err := db.TenantBySlug(t.Context(), "acme")
		must(t, err)
		mustTenantEqual(t, bySlug, tn)
		byID, err := db.TenantByID(t.Context(), tn.ID)
		must(t, err)
		mustTenantEqual(t, byID, tn)

		// Defaults: the name is the slug, the zone UTC.
		other := activity.Tenant{Slug: "other"}
		must(t, db.CreateTenant(t.Context(), &other))
		got, err := db.TenantByID(t.Context(), other.ID)
		must(t, err)
		mustEqual(t, "default name", got.Name, "other")
		mustEqual(t, "default zone", got.TimeZone, "UTC")
		if other.ID == tn.ID || other.UUID == tn.UUID {
			t.Fatalf("second tenant: got id %d uuid %s, want other than %d %s", other.ID, other.UUID, tn.ID, tn.UUID)
		}
	})
}

func TestCreateTenantConflict(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		first := mustTenant(t, db, "acme")
		dup := activity.Tenant{Slug: "acme", Name: "Impostor"}
		mustCode(t, db.CreateTenant(t.Context(), &dup), activity.EConflict)

		list, err := db.Tenants(t.Context())
		must(t, err)
		mustEqual(t, "tenants after the conflict", len(list), 1)
		mustEqual(t, "name kept", list[0].Name, first.Name)
	})
}

func TestCreateTenantInvalid(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		for _, tn := range []activity.Tenant{
			{Slug: ""},
			{Slug: "Acme"},
			{Slug: "-acme"},
			{Slug: "acme corp"},
			{Slug: "acme", TimeZone: "Mars/Olympus"},
		} {
			mustCode(t, db.CreateTenant(t.Context(), &tn), activity.EInvalid)
		}
		list, err := db.Tenants(t.Context())
		must(t, err)
		mustEqual(t, "tenants after invalid ones", len(list), 0)
	})
}

func TestTenantNotFound(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		_, err := db.TenantBySlug(t.Context(), "nobody")
		mustCode(t, err, activity.ENotFound)
		_, err = db.TenantByID(t.Context(), tn.ID+1000)
		mustCode(t, err, activity.ENotFound)
	})
}

func TestTenantsSortedBySlug(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		list, err := db.Tenants(t.Context())
		must(t, err)
		mustEqual(t, "tenants of an empty database", len(list), 0)

		for i, slug := range []string{"zeta", "ab", "a-c", "acme", "9lives"} {
			setNow(db, t0.Add(time.Duration(i)*time.Minute))
			mustTenant(t, db, slug)
		}
		list, err = db.Tenants(t.Context())
		must(t, err)
		slugs := make([]string, len(list))
		for i, tn := range list {
			slugs[i] = tn.Slug
		}
		mustEqualSlice(t, "slugs", slugs, []string{"9lives", "a-c", "ab", "acme", "zeta"})
		mustTime(t, "CreatedAt of zeta", list[4].CreatedAt, t0)
	})
}

func mustTenantEqual(t *testing.T, got, want activity.Tenant) {
	t.Helper()
	if got.ID != want.ID || got.UUID != want.UUID || got.Slug != want.Slug || got.Name != want.Name ||
		got.TimeZone != want.TimeZone || !got.CreatedAt.Equal(want.CreatedAt) {
		t.Fatalf("tenant: got %+v, want %+v", got, want)
	}
}
