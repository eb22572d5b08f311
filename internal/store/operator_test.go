package store_test

import (
	"context"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

func TestOperatorsAndSessions(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		setNow(db, t0)
		acme, other := mustTenant(t, db, "acme"), mustTenant(t, db, "other")
		o := activity.Operator{Email: " Ann@Acme.Test", Role: activity.RoleAdmin}
		must(t, db.CreateOperator(ctx, acme.ID, &o, "hash-a"))
		mustEqual(t, "email", o.Email, "ann@acme.test")
		dup := activity.Operator{Email: "ann@acme.test"}
		mustCode(t, db.CreateOperator(ctx, other.ID, &dup, "hash-b"), activity.EConflict)
		bad := activity.Operator{Email: "ann", Role: "root"}
		mustCode(t, db.CreateOperator(ctx, acme.ID, &bad, "x"), activity.EInvalid)
		global := activity.Operator{Email: "root@example.test", Role: activity.RoleAdmin}
		must(t, db.CreateOperator(ctx, 0, &global, "hash-g"))

		got, hash, err := db.OperatorByEmail(ctx, "ANN@acme.test")
		must(t, err)
		mustEqual(t, "tenant", got.TenantID, acme.ID)
		mustEqual(t, "hash", hash, "hash-a")
		_, _, err = db.OperatorByEmail(ctx, "nobody@acme.test")
		mustCode(t, err, activity.EUnauthorized)

		list, err := db.Operators(ctx, other.ID)
		must(t, err)
		mustEqual(t, "operators of other", len(list), 0)
		mustCode(t, db.DeleteOperator(ctx, other.ID, o.ID), activity.ENotFound) // not other's to delete

		s := store.WebSession{TokenHash: []byte("token-1"), Operator: o, CSRFSecret: []byte("secret"), ExpiresAt: t0.Add(time.Hour)}
		must(t, db.CreateWebSession(ctx, &s))
		back, err := db.WebSessionByToken(ctx, []byte("token-1"))
		must(t, err)
		mustEqual(t, "session's operator", back.Operator.Email, "ann@acme.test")
		mustEqual(t, "session's tenant", back.TenantID, acme.ID)
		must(t, db.SetWebSessionTenant(ctx, []byte("token-1"), other.ID))
		back, _ = db.WebSessionByToken(ctx, []byte("token-1"))
		mustEqual(t, "a tenant operator's session stays on its tenant", back.TenantID, acme.ID)

		setNow(db, t0.Add(time.Hour))
		_, err = db.WebSessionByToken(ctx, []byte("token-1"))
		mustCode(t, err, activity.EUnauthorized)

		setNow(db, t0)
		s2 := store.WebSession{TokenHash: []byte("token-2"), Operator: o, CSRFSecret: []byte("s"), ExpiresAt: t0.Add(time.Hour)}
		must(t, db.CreateWebSession(ctx, &s2))
		must(t, db.DeleteOperator(ctx, acme.ID, o.ID))
		_, err = db.WebSessionByToken(ctx, []byte("token-2"))
		mustCode(t, err, activity.EUnauthorized)
	})
}

func TestDisabledUsers(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		acme, other := mustTenant(t, db, "acme"), mustTenant(t, db, "other")
		u := mustUser(t, db, acme.ID, "ann")
		mustCode(t, db.SetUserDisabled(ctx, other.ID, u.ID, true), activity.ENotFound)
		must(t, db.SetUserDisabled(ctx, acme.ID, u.ID, true))
		got, err := db.DisabledUsers(ctx, acme.ID)
		must(t, err)
		mustEqual(t, "disabled", got[u.ID], true)
		must(t, db.SetUserDisabled(ctx, acme.ID, u.ID, false))
		got, _ = db.DisabledUsers(ctx, acme.ID)
		mustEqual(t, "disabled after enabling", len(got), 0)
	})
}

// Names no row can have (a NUL, invalid UTF-8) are not found, on
// PostgreSQL too, which refuses such text outright.
func TestDeletingImpossibleNamesFindsNothing(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		tn := mustTenant(t, db, "acme")
		for _, name := range []string{"\x00", "a\x00b", "\xff\xfe"} {
			mustCode(t, db.RevokeKey(t.Context(), tn.ID, name), activity.ENotFound)
			mustCode(t, db.DeleteStatusDefinition(t.Context(), tn.ID, name), activity.ENotFound)
		}
	})
}
