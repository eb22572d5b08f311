package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base32"
	"encoding/base64"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// NewKey makes a key with the given name, scopes and optional lifetime. It
// returns the key, the whole key string "<public id>.<secret>" to show once,
// and the hash of the secret to store.
func NewKey(name string, scopes []string, lifetime time.Duration, now time.Time) (activity.APIKey, string, []byte) {
	k := activity.APIKey{ID: newPublicID(), Name: name, Scopes: scopes}
	if lifetime > 0 {
		exp := now.Add(lifetime).UTC().Truncate(time.Millisecond)
		k.ExpiresAt = &exp
	}
	secret := newSecret()
	return k, k.ID + "." + secret, HashSecret(secret)
}

// SplitKey splits a key string into its public id and secret.
func SplitKey(key string) (id, secret string, ok bool) {
	id, secret, ok = strings.Cut(key, ".")
	return id, secret, ok && id != "" && secret != ""
}

// HashSecret hashes a key's secret for storage. Secrets are 256 random bits,
// so a fast hash is as safe as a slow one and keeps each request cheap.
func HashSecret(secret string) []byte {
	sum := sha256.Sum256([]byte(secret))
	return sum[:]
}

// secretMatches compares a presented secret with a stored hash in constant
// time.
func secretMatches(secret string, hash []byte) bool {
	return subtle.ConstantTimeCompare(HashSecret(secret), hash) == 1
}

var lowerBase32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newPublicID returns "al_" and 16 random base32 characters (80 bits): no
// dot, so the first dot of a key string always ends the id.
func newPublicID() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	return "al_" + lowerBase32.EncodeToString(b)
}

func newSecret() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
