package auth

import (
	"strings"
	"testing"
)

func TestPasswordHashRoundTrip(t *testing.T) {
	h := HashPassword("correct horse battery")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash: got %q, want an argon2id PHC string", h)
	}
	if !PasswordMatches("correct horse battery", h) {
		t.Error("the right password: got no match, want a match")
	}
	for _, wrong := range []string{"", "correct horse batter", "Correct horse battery"} {
		if PasswordMatches(wrong, h) {
			t.Errorf("password %q: got a match, want none", wrong)
		}
	}
	if h == HashPassword("correct horse battery") {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}

func TestMalformedHashMatchesNothing(t *testing.T) {
	for _, h := range []string{"", "$argon2id$", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$a2V5",
		"$argon2id$v=19$m=99999999,t=2,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=19456,t=2,p=1$!!$a2V5"} {
		if PasswordMatches("x", h) {
			t.Errorf("hash %q: got a match, want none", h)
		}
	}
}
