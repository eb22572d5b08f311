package activity

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2024, 5, 6, 7, 8, 9, 123_000_000, time.UTC)

func ptr[T any](v T) *T { return &v }

// wantInvalid requires an invalid error whose message holds want.
func wantInvalid(t *testing.T, err error, want string) {
	t.Helper()
	if ErrorCode(err) != EInvalid || !strings.Contains(ErrorMessage(err), want) {
		t.Errorf("got %v, want an invalid error containing %q", err, want)
	}
}

func TestStatusEventValidate(t *testing.T) {
	ok := StatusEvent{User: UserRef{Login: "ann"}, Status: "", Time: t0}
	if err := ok.Validate(); err != nil {
		t.Fatalf("a cleared status is valid, got %v", err)
	}
	e := StatusEvent{User: UserRef{ID: "0D00AE63-5B5D-45B9-A7C0-88F9CFB26B5E"}, Status: "Lunch", Time: t0}
	if err := e.Validate(); err != nil || e.User.ID != "0d00ae63-5b5d-45b9-a7c0-88f9cfb26b5e" {
		t.Fatalf("got %v, id %s; want a valid event with the id in lower case", err, e.User.ID)
	}
	wantInvalid(t, (&StatusEvent{Status: "x", Time: t0}).Validate(), "the user is missing")
	wantInvalid(t, (&StatusEvent{User: UserRef{ID: "nope"}, Time: t0}).Validate(), `userId "nope" is not a UUID`)
	wantInvalid(t, (&StatusEvent{User: UserRef{Login: "ann"}}).Validate(), "time is missing")
	wantInvalid(t, (&StatusEvent{User: UserRef{Login: "ann"}, Time: time.Date(1960, 1, 1, 0, 0, 0, 0, time.UTC)}).Validate(), "out of range")
	wantInvalid(t, (&StatusEvent{User: UserRef{Login: " ann"}, Time: t0}).Validate(), "login")
	wantInvalid(t, (&StatusEvent{ID: "a\nb", User: UserRef{Login: "ann"}, Time: t0}).Validate(), "control character")
	wantInvalid(t, (&StatusEvent{User: UserRef{Login: "ann"}, Status: strings.Repeat("x", 201), Time: t0}).Validate(), "longer than 200")
}

func TestSessionEventValidate(t *testing.T) {
	e := SessionEvent{User: UserRef{Login: "ann"}, Action: Login, Queue: "800", Time: t0}
	if err := e.Validate(); err != nil {
		t.Fatal(err)
	}
	wantInvalid(t, (&SessionEvent{User: UserRef{Login: "ann"}, Action: "signin", Time: t0}).Validate(), `action "signin" is not valid`)
}

func TestDerivedIDsDependOnContent(t *testing.T) {
	a := StatusEvent{Status: "Lunch", Time: t0}
	b := a
	if a.DerivedID("u1") != b.DerivedID("u1") {
		t.Fatal("the same content must give the same id")
	}
	b.Status = "Break"
	if a.DerivedID("u1") == b.DerivedID("u1") || a.DerivedID("u1") == a.DerivedID("u2") {
		t.Fatal("different content must give different ids")
	}
	s := SessionEvent{Action: Login, Time: t0}
	if s.DerivedID("u1") == (&SessionEvent{Action: Logout, Time: t0}).DerivedID("u1") {
		t.Fatal("login and logout at the same time must differ")
	}
}

func validCall() Call {
	return Call{Direction: Inbound, FromNumber: "+1555", ToNumber: "101", StartedAt: ptr(t0),
		AnsweredAt: ptr(t0.Add(5 * time.Second)), EndedAt: ptr(t0.Add(time.Minute))}
}

func TestCallValidateFillsDefaults(t *testing.T) {
	now := t0.Add(time.Hour)
	c := validCall()
	if err := c.Validate(now); err != nil {
		t.Fatal(err)
	}
	if c.Outcome != Answered || !c.UpdatedAt.Equal(now) || !c.CreatedAt.Equal(t0) || c.ID != "" {
		t.Fatalf("got outcome %q, updatedAt %s, createdAt %s, id %q", c.Outcome, c.UpdatedAt, c.CreatedAt, c.ID)
	}
	again := validCall()
	_ = again.Validate(now.Add(time.Hour))
	if again.DerivedID() != c.DerivedID() || !IsUUID(c.DerivedID()) {
		t.Fatal("a call without an id must get the same derived id when sent again")
	}
	again.User.ID = NewUUID()
	if again.DerivedID() == c.DerivedID() {
		t.Fatal("calls of different agents must get different ids")
	}
	unanswered := Call{Direction: Outbound, ID: NewUUID()}
	if err := unanswered.Validate(now); err != nil || unanswered.Outcome != Unanswered || !unanswered.CreatedAt.Equal(now) {
		t.Fatalf("got %v, outcome %q, createdAt %s; want unanswered created at arrival", err, unanswered.Outcome, unanswered.CreatedAt)
	}
}

func TestCallValidateRefuses(t *testing.T) {
	cases := []struct {
		change func(*Call)
		want   string
	}{
		{func(c *Call) { c.Direction = "sideways" }, `direction "sideways"`},
		{func(c *Call) { c.ID = "call-1" }, `call id "call-1" is not a UUID`},
		{func(c *Call) { c.StartedAt = nil }, "needs startedAt"},
		{func(c *Call) { c.AnsweredAt = ptr(t0.Add(-time.Second)) }, "answeredAt is before startedAt"},
		{func(c *Call) { c.EndedAt = ptr(t0.Add(time.Second)) }, "endedAt is before answeredAt"},
		{func(c *Call) { c.Outcome = Busy }, "contradicts answeredAt"},
		{func(c *Call) { c.AnsweredAt = nil; c.Outcome = "dropped" }, `outcome "dropped"`},
		{func(c *Call) { c.AnsweredAt = nil; c.Outcome = Answered }, "needs answeredAt"},
		{func(c *Call) { c.CostCents = -1 }, "costCents is negative"},
		{func(c *Call) { c.CallData = json.RawMessage(`[1]`) }, "callData is not a JSON object"},
		{func(c *Call) { c.Links = map[string]string{"pager": NewUUID()} }, "links.pager is unknown"},
		{func(c *Call) { c.Links = map[string]string{"incident": "x"} }, `links.incident "x" is not a UUID`},
		{func(c *Call) { c.User = UserRef{ID: "x"} }, "not a UUID"},
	}
	for _, c := range cases {
		call := validCall()
		c.change(&call)
		wantInvalid(t, call.Validate(t0), c.want)
	}
}

func TestTextThatNoDatabaseCanStoreIsRefused(t *testing.T) {
	wantInvalid(t, (&StatusEvent{User: UserRef{Login: "a\x00b"}, Time: t0}).Validate(), "login holds a NUL")
	wantInvalid(t, (&StatusEvent{User: UserRef{Login: "ann"}, Status: "\xff", Time: t0}).Validate(), "status is not valid UTF-8")
	wantInvalid(t, (&SessionEvent{User: UserRef{Login: "ann"}, Action: Login, Queue: "8\x000", Time: t0}).Validate(), "queue holds a NUL")
	c := validCall()
	c.CallData = json.RawMessage(`{"a":{"b":["x\u0000"]}}`)
	wantInvalid(t, c.Validate(t0), "callData.a.b holds a NUL")
	c = validCall()
	c.StatusMessage = ptr("\x00")
	wantInvalid(t, c.Validate(t0), "statusMessage holds a NUL")
	wantInvalid(t, (&User{Login: "ann", Name: "\xc3"}).Validate(), "name is not valid UTF-8")
}

func TestUserValidate(t *testing.T) {
	u := User{Login: "ann", Groups: []string{"10"}}
	if err := u.Validate(); err != nil || !IsUUID(u.ID) {
		t.Fatalf("got %v, id %q", err, u.ID)
	}
	wantInvalid(t, (&User{Login: ""}).Validate(), "login")
	wantInvalid(t, (&User{Login: "ann", Email: ptr("nope")}).Validate(), `email "nope"`)
	wantInvalid(t, (&User{Login: "ann", Groups: []string{"a b"}}).Validate(), `group "a b"`)
	if err := u.Apply(UserPatch{Name: ptr("Ann Smith"), Groups: &[]string{}}); err != nil || u.Name != "Ann Smith" || len(u.Groups) != 0 || u.Login != "ann" {
		t.Fatalf("Apply gave %+v, %v", u, err)
	}
}

func TestTenantAndStatusDefinitionValidate(t *testing.T) {
	tn := Tenant{Slug: "acme"}
	if err := tn.Validate(); err != nil || tn.Name != "acme" || tn.TimeZone != "UTC" {
		t.Fatalf("got %+v, %v", tn, err)
	}
	wantInvalid(t, (&Tenant{Slug: "Acme"}).Validate(), "slug")
	wantInvalid(t, (&Tenant{Slug: "acme", TimeZone: "Mars/Olympus"}).Validate(), "time zone")
	d := StatusDefinition{Name: "Lunch"}
	if err := d.Validate(); err != nil || d.Category != CategoryOther || d.Color != "#888888" {
		t.Fatalf("got %+v, %v", d, err)
	}
	wantInvalid(t, (&StatusDefinition{Name: "x", Category: "gone"}).Validate(), "category")
	wantInvalid(t, (&StatusDefinition{Name: "x", Color: "red"}).Validate(), "color")
}

func TestScopes(t *testing.T) {
	got, err := ParseScopes(" ingest, statuses:read,ingest ")
	if err != nil || strings.Join(got, ",") != "ingest,statuses:read" {
		t.Fatalf("got %v, %v", got, err)
	}
	wantInvalid(t, func() error { _, err := ParseScopes("root"); return err }(), `scope "root" is unknown`)
	wantInvalid(t, func() error { _, err := ParseScopes(" , "); return err }(), "no scope given")
	k := APIKey{Scopes: []string{ScopeIngest}}
	if !k.Allows(ScopeIngest) || k.Allows(ScopeAdmin) || !(&APIKey{Scopes: []string{ScopeAll}}).Allows(ScopeAdmin) {
		t.Fatal("Allows is wrong")
	}
	if !k.Usable(t0) {
		t.Fatal("a key without expiry or revocation is usable")
	}
	k.ExpiresAt = ptr(t0)
	if k.Usable(t0) || !k.Usable(t0.Add(-time.Millisecond)) {
		t.Fatal("a key is usable strictly before its expiry")
	}
	k.ExpiresAt, k.RevokedAt = nil, ptr(t0)
	if k.Usable(t0.Add(-time.Hour)) {
		t.Fatal("a revoked key is not usable")
	}
}

func TestUUID(t *testing.T) {
	if !IsUUID(NewUUID()) || !IsUUID(NameUUID("x")) || NameUUID("x") != NameUUID("x") || NewUUID() == NewUUID() {
		t.Fatal("UUID helpers are wrong")
	}
	for _, bad := range []string{"", "0d00ae63-5b5d-45b9-a7c0-88f9cfb26b5", "0d00ae63x5b5d-45b9-a7c0-88f9cfb26b5e", "gd00ae63-5b5d-45b9-a7c0-88f9cfb26b5e"} {
		if IsUUID(bad) {
			t.Errorf("IsUUID(%q) = true", bad)
		}
	}
}

func TestErrors(t *testing.T) {
	if ErrorCode(nil) != "" || ErrorCode(json.Unmarshal([]byte("x"), new(int))) != EInternal {
		t.Fatal("ErrorCode is wrong")
	}
	if ErrorMessage(json.Unmarshal([]byte("x"), new(int))) != "internal error" {
		t.Fatal("internal errors must not show their text")
	}
}

func TestCanonicalJSON(t *testing.T) {
	for in, want := range map[string]string{
		`{"b":1, "a":{"d":"\u0041","c":[1, 2.50, 1.0, 1e3, 12345678901234567890]}}`: `{"a":{"c":[1,2.5,1,1000,1.2345678901234567e+19],"d":"A"},"b":1}`,
		`{"n":9007199254740993}`: `{"n":9007199254740993}`,
		`{"html":"<&>"}`:         `{"html":"<&>"}`,
		`"x"`:                    `"x"`,
	} {
		got, err := CanonicalJSON([]byte(in))
		if err != nil || string(got) != want {
			t.Errorf("CanonicalJSON(%s) = %s, %v; want %s", in, got, err, want)
		}
	}
	if _, err := CanonicalJSON([]byte(`{"a":`)); err == nil {
		t.Error("broken JSON was accepted")
	}
	c := validCall()
	c.CallData = json.RawMessage(`{ "z": 1, "a": "b" }`)
	if err := c.Validate(t0); err != nil || string(c.CallData) != `{"a":"b","z":1}` {
		t.Errorf("a call's data is stored canonical: %s, %v", c.CallData, err)
	}
}
