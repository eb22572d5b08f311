package store_test

import (
	"testing"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

func TestCreateUser(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a := mustTenant(t, db, "acme")
		u := activity.User{Login: "alice", Name: "Alice A.", Extension: "201", Email: ptr("alice@example.com"),
			Groups: []string{"ops", "Team-A", "Zeta", "ops"}}
		must(t, db.CreateUser(t.Context(), a.ID, &u))
		if !activity.IsUUID(u.ID) {
			t.Fatalf("ID: got %q, want a UUID", u.ID)
		}
		got, err := db.User(t.Context(), a.ID, u.ID)
		must(t, err)
		mustUserEqual(t, got, activity.User{ID: u.ID, Login: "alice", Name: "Alice A.", Extension: "201",
			Email: ptr("alice@example.com"), Groups: []string{"Team-A", "Zeta", "ops"}})
		mustUserEqual(t, u, got) // what CreateUser left in u is what is stored

		// An upper-case id is stored, and found, in canonical form.
		id := "ABCDEF01-2345-4678-9ABC-DEF012345678"
		b := activity.User{ID: id, Login: "bob"}
		must(t, db.CreateUser(t.Context(), a.ID, &b))
		got, err = db.User(t.Context(), a.ID, id)
		must(t, err)
		mustUserEqual(t, got, activity.User{ID: activity.CanonicalUUID(id), Login: "bob", Groups: []string{}})
	})
}

func TestCreateUserConflictAndInvalid(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "acme"), mustTenant(t, db, "beta")
		alice := mustUser(t, db, a.ID, "alice")

		mustCode(t, db.CreateUser(t.Context(), a.ID, &activity.User{Login: "alice"}), activity.EConflict)
		mustCode(t, db.CreateUser(t.Context(), a.ID, &activity.User{ID: alice.ID, Login: "alice2"}), activity.EConflict)
		mustCode(t, db.CreateUser(t.Context(), a.ID, &activity.User{Login: " alice"}), activity.EInvalid)
		mustCode(t, db.CreateUser(t.Context(), a.ID, &activity.User{ID: "not-a-uuid", Login: "x"}), activity.EInvalid)
		mustCode(t, db.CreateUser(t.Context(), a.ID, &activity.User{Login: "x", Groups: []string{"no spaces"}}), activity.EInvalid)
		mustEqualSlice(t, "users of A", logins(users(t, db, a.ID)), []string{"alice"})

		// Logins and ids are per tenant.
		must(t, db.CreateUser(t.Context(), b.ID, &activity.User{ID: alice.ID, Login: "alice"}))
		mustEqualSlice(t, "users of B", logins(users(t, db, b.ID)), []string{"alice"})
	})
}

func TestUpdateUser(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a := mustTenant(t, db, "acme")
		u := activity.User{Login: "alice", Name: "Alice", Extension: "201", Email: ptr("a@example.com"), Groups: []string{"g1", "g2"}}
		must(t, db.CreateUser(t.Context(), a.ID, &u))
		mustUser(t, db, a.ID, "bob")

		// Only the fields of the patch change.
		got, err := db.UpdateUser(t.Context(), a.ID, u.ID, activity.UserPatch{Name: ptr("Alice B.")})
		must(t, err)
		want := activity.User{ID: u.ID, Login: "alice", Name: "Alice B.", Extension: "201", Email: ptr("a@example.com"), Groups: []string{"g1", "g2"}}
		mustUserEqual(t, got, want)
		stored, err := db.User(t.Context(), a.ID, u.ID)
		must(t, err)
		mustUserEqual(t, stored, want)

		// Groups are replaced, not merged.
		groups := []string{"g3", "G0", "g3"}
		got, err = db.UpdateUser(t.Context(), a.ID, u.ID, activity.UserPatch{Extension: ptr("202"), Groups: &groups})
		must(t, err)
		want.Extension, want.Groups = "202", []string{"G0", "g3"}
		mustUserEqual(t, got, want)
		stored, err = db.User(t.Context(), a.ID, u.ID)
		must(t, err)
		mustUserEqual(t, stored, want)

		// A login in use is a conflict, and changes nothing.
		_, err = db.UpdateUser(t.Context(), a.ID, u.ID, activity.UserPatch{Login: ptr("bob"), Name: ptr("Bobbed")})
		mustCode(t, err, activity.EConflict)
		stored, err = db.User(t.Context(), a.ID, u.ID)
		must(t, err)
		mustUserEqual(t, stored, want)

		// A free login, and the user's own, are fine.
		got, err = db.UpdateUser(t.Context(), a.ID, u.ID, activity.UserPatch{Login: ptr("alice.b"), Groups: &[]string{}})
		must(t, err)
		want.Login, want.Groups = "alice.b", []string{}
		mustUserEqual(t, got, want)
		_, err = db.UpdateUser(t.Context(), a.ID, u.ID, activity.UserPatch{Login: ptr("alice.b")})
		must(t, err)
		mustEqualSlice(t, "logins", logins(users(t, db, a.ID)), []string{"alice.b", "bob"})

		_, err = db.UpdateUser(t.Context(), a.ID, u.ID, activity.UserPatch{Email: ptr("no address")})
		mustCode(t, err, activity.EInvalid)
	})
}

func TestUserNotFound(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "acme"), mustTenant(t, db, "beta")
		alice := mustUser(t, db, a.ID, "alice")

		_, err := db.User(t.Context(), b.ID, alice.ID)
		mustCode(t, err, activity.ENotFound)
		_, err = db.User(t.Context(), a.ID, uuidN(404))
		mustCode(t, err, activity.ENotFound)
		_, err = db.User(t.Context(), a.ID, "alice")
		mustCode(t, err, activity.EInvalid)
		_, err = db.UpdateUser(t.Context(), b.ID, alice.ID, activity.UserPatch{Name: ptr("taken over")})
		mustCode(t, err, activity.ENotFound)
		_, err = db.UpdateUser(t.Context(), a.ID, uuidN(404), activity.UserPatch{Name: ptr("x")})
		mustCode(t, err, activity.ENotFound)

		got, err := db.User(t.Context(), a.ID, alice.ID)
		must(t, err)
		mustEqual(t, "name after another tenant's update", got.Name, alice.Name)
	})
}

func TestUsersSortedByLoginWithGroups(t *testing.T) {
	forEachDB(t, func(t *testing.T, db *store.DB) {
		a, b := mustTenant(t, db, "acme"), mustTenant(t, db, "beta")
		mustEqual(t, "users of an empty tenant", len(users(t, db, a.ID)), 0)

		mustUser(t, db, a.ID, "bob", "night", "Day")
		mustUser(t, db, a.ID, "Carol")
		mustUser(t, db, a.ID, "alice", "day")
		mustUser(t, db, a.ID, "Dave", "night")
		mustUser(t, db, b.ID, "aaron", "day")

		list := users(t, db, a.ID)
		// Byte order, the same on every database.
		mustEqualSlice(t, "logins", logins(list), []string{"Carol", "Dave", "alice", "bob"})
		mustEqualSlice(t, "groups of Carol", list[0].Groups, []string{})
		mustEqualSlice(t, "groups of Dave", list[1].Groups, []string{"night"})
		mustEqualSlice(t, "groups of alice", list[2].Groups, []string{"day"})
		mustEqualSlice(t, "groups of bob", list[3].Groups, []string{"Day", "night"})
		mustEqual(t, "name of bob", list[3].Name, "Name of bob")
	})
}

func mustUserEqual(t *testing.T, got, want activity.User) {
	t.Helper()
	mustEqual(t, "user ID", got.ID, want.ID)
	mustEqual(t, "user Login", got.Login, want.Login)
	mustEqual(t, "user Name", got.Name, want.Name)
	mustEqual(t, "user Extension", got.Extension, want.Extension)
	if (got.Email == nil) != (want.Email == nil) || got.Email != nil && *got.Email != *want.Email {
		t.Fatalf("user Email: got %v, want %v", fmtStrPtr(got.Email), fmtStrPtr(want.Email))
	}
	if got.Groups == nil {
		t.Fatalf("user Groups: got nil, want %v", want.Groups)
	}
	mustEqualSlice(t, "user Groups", got.Groups, want.Groups)
}

func fmtStrPtr(p *string) string {
	if p == nil {
		return "nil"
	}
	return "\"" + *p + "\""
}
