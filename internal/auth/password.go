package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"

	"golang.org/x/crypto/argon2"
)

// Operators' passwords are hashed with Argon2id, the memory-hard KDF that
// won the Password Hashing Competition and that OWASP recommends first. It
// comes from golang.org/x/crypto, maintained by the Go team beside the
// standard library (whose own crypto packages it feeds), so it is as
// well kept as a dependency gets. The parameters are OWASP's minimum for
// Argon2id (19 MiB, 2 passes, 1 lane): a sign-in costs tens of
// milliseconds, and a guess as much, on the small machines agentlog runs on.
const (
	argonMemoryKiB = 19 * 1024
	argonTime      = 2
	argonThreads   = 1
	argonKeyLen    = 32
	argonSaltLen   = 16
)

var b64 = base64.RawStdEncoding

// HashPassword returns the password's Argon2id hash in the PHC string
// format ($argon2id$v=19$m=...,t=...,p=...$salt$hash), which carries its
// parameters so that they can be raised later without breaking old hashes.
func HashPassword(password string) string {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		panic(err) // crypto/rand does not fail on supported systems
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemoryKiB, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemoryKiB, argonTime, argonThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// PasswordMatches reports whether password hashes to encoded, comparing in
// constant time. A malformed hash matches nothing.
func PasswordMatches(password, encoded string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" || parts[2] != fmt.Sprintf("v=%d", argon2.Version) {
		return false
	}
	var memory, passes uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads); err != nil {
		return false
	}
	if memory == 0 || memory > 1<<20 || passes == 0 || passes > 16 || threads == 0 {
		return false // a hash that would cost more than a GiB or many passes is not ours
	}
	salt, err1 := b64.DecodeString(parts[4])
	want, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, passes, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// DummyPasswordCheck spends the time of one password check, for a sign-in
// with an unknown email: the answer then takes as long as for a known one,
// so timing tells no one which emails exist.
func DummyPasswordCheck(password string) {
	PasswordMatches(password, dummyHash())
}

// dummyHash is made on first use, so that commands that never check a
// password do not pay for it at start.
var dummyHash = sync.OnceValue(func() string { return HashPassword("agentlog dummy password") })
