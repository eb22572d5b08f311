package activity

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"strings"
)

// agentlog writes UUIDs by hand rather than import a module: the domain
// package is standard library only, and it needs just these three
// operations.

// NewUUID returns a random (version 4) UUID in its canonical form.
func NewUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return formatUUID(b)
}

// NameUUID returns the name-based (version 5, SHA-1) UUID of name, so the
// same content always gets the same id.
func NameUUID(name string) string {
	sum := sha1.Sum([]byte("agentlog:" + name))
	var b [16]byte
	copy(b[:], sum[:16])
	b[6] = b[6]&0x0f | 0x50
	b[8] = b[8]&0x3f | 0x80
	return formatUUID(b)
}

// IsUUID reports whether s is a UUID in the 8-4-4-4-12 hex form.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i, c := range s {
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !isHex(c) {
				return false
			}
		}
	}
	return true
}

// CanonicalUUID lower-cases a UUID so that ids compare and index as one.
func CanonicalUUID(s string) string { return strings.ToLower(s) }

func isHex(c rune) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func formatUUID(b [16]byte) string {
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}
