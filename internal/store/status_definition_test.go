package store_test

import (
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

func TestStatusDefinitions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a := mustTenant(t, db, "acme")
		list, err := db.StatusDefinitions(t.Context(), a.ID)
		must(t, err)
		if list == nil || len(list) != 0 {
			t.Fatalf("definitions of a new tenant: got %v, want an empty list", list)
		}

		for _, d := range []activity.StatusDefinition{
			{Name: "ready", Category: activity.CategoryAvailable, Color: "#00ff00"},
			{Name: "Lunch", Category: activity.CategoryAway, Color: "#AABBCC"},
			{Name: "wrap-up"},
			{Name: "break", Category: activity.CategoryAway},
		} {
			must(t, db.PutStatusDefinition(t.Context(), a.ID, &d))
		}
		// Byte order, the same on every database.
		mustDefinitions(t, db, a.ID, []activity.StatusDefinition{
			{Name: "Lunch", Category: activity.CategoryAway, Color: "#AABBCC"},
			{Name: "break", Category: activity.CategoryAway, Color: "#888888"},
			{Name: "ready", Category: activity.CategoryAvailable, Color: "#00ff00"},
			{Name: "wrap-up", Category: activity.CategoryOther, Color: "#888888"},
		})

		// Put again replaces.
		must(t, db.PutStatusDefinition(t.Context(), a.ID, &activity.StatusDefinition{Name: "ready", Category: activity.CategoryBusy, Color: "#123456"}))
		mustDefinitions(t, db, a.ID, []activity.StatusDefinition{
			{Name: "Lunch", Category: activity.CategoryAway, Color: "#AABBCC"},
			{Name: "break", Category: activity.CategoryAway, Color: "#888888"},
			{Name: "ready", Category: activity.CategoryBusy, Color: "#123456"},
			{Name: "wrap-up", Category: activity.CategoryOther, Color: "#888888"},
		})

		mustCode(t, db.PutStatusDefinition(t.Context(), a.ID, &activity.StatusDefinition{Name: "x", Category: "sleepy"}), activity.EInvalid)
		mustCode(t, db.PutStatusDefinition(t.Context(), a.ID, &activity.StatusDefinition{Name: "x", Color: "red"}), activity.EInvalid)
		mustCode(t, db.PutStatusDefinition(t.Context(), a.ID, &activity.StatusDefinition{}), activity.EInvalid)

		must(t, db.DeleteStatusDefinition(t.Context(), a.ID, "Lunch"))
		mustDefinitions(t, db, a.ID, []activity.StatusDefinition{
			{Name: "break", Category: activity.CategoryAway, Color: "#888888"},
			{Name: "ready", Category: activity.CategoryBusy, Color: "#123456"},
			{Name: "wrap-up", Category: activity.CategoryOther, Color: "#888888"},
		})
		mustCode(t, db.DeleteStatusDefinition(t.Context(), a.ID, "Lunch"), activity.ENotFound)
		mustCode(t, db.DeleteStatusDefinition(t.Context(), a.ID, "lunch"), activity.ENotFound)
	})
}

func TestStatusDefinitionsPerTenant(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "acme"), mustTenant(t, db, "beta")
		must(t, db.PutStatusDefinition(t.Context(), a.ID, &activity.StatusDefinition{Name: "ready", Color: "#111111"}))
		must(t, db.PutStatusDefinition(t.Context(), b.ID, &activity.StatusDefinition{Name: "ready", Color: "#222222"}))
		must(t, db.PutStatusDefinition(t.Context(), b.ID, &activity.StatusDefinition{Name: "gone"}))

		mustCode(t, db.DeleteStatusDefinition(t.Context(), a.ID, "gone"), activity.ENotFound)
		must(t, db.DeleteStatusDefinition(t.Context(), b.ID, "ready"))
		mustDefinitions(t, db, a.ID, []activity.StatusDefinition{{Name: "ready", Category: activity.CategoryOther, Color: "#111111"}})
		mustDefinitions(t, db, b.ID, []activity.StatusDefinition{{Name: "gone", Category: activity.CategoryOther, Color: "#888888"}})
	})
}

func mustDefinitions(t *testing.T, db *store.DB, tenantID int64, want []activity.StatusDefinition) {
	t.Helper()
	got, err := db.StatusDefinitions(t.Context(), tenantID)
	must(t, err)
	mustEqualSlice(t, "status definitions", got, want)
}
