package activity

import (
	"sort"
	"strings"
	"time"
)

// Scopes an API key may hold.
const (
	ScopeStatusesRead = "statuses:read"
	ScopeSessionsRead = "sessions:read" // Cention's "Access to logio API"
	ScopeCallsRead    = "calls:read"
	ScopeReportsRead  = "reports:read"
	ScopeIngest       = "ingest"
	ScopeAdmin        = "admin"
	ScopeAll          = "*"
)

// AllScopes lists every scope, in the order shown to people.
var AllScopes = []string{ScopeStatusesRead, ScopeSessionsRead, ScopeCallsRead, ScopeReportsRead, ScopeIngest, ScopeAdmin, ScopeAll}

// ReadScopes are the scopes that allow reading something; any of them
// allows reading users and status definitions.
var ReadScopes = []string{ScopeStatusesRead, ScopeSessionsRead, ScopeCallsRead, ScopeReportsRead, ScopeAdmin}

// APIKey is a tenant's key. Its secret is never kept: only a hash of it.
type APIKey struct {
	ID         string // public id, shown in lists and logs; holds no dot
	TenantID   int64
	Name       string
	Scopes     []string
	CreatedAt  time.Time
	ExpiresAt  *time.Time
	RevokedAt  *time.Time
	LastUsedAt *time.Time
}

// ParseScopes reads a comma-separated list of scopes.
func ParseScopes(s string) ([]string, error) {
	var scopes []string
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !isScope(p) {
			return nil, Errorf(EInvalid, "scope %q is unknown: accepted are %s", p, strings.Join(AllScopes, ", "))
		}
		scopes = append(scopes, p)
	}
	if len(scopes) == 0 {
		return nil, Errorf(EInvalid, "no scope given: accepted are %s", strings.Join(AllScopes, ", "))
	}
	sort.Strings(scopes)
	return dedupe(scopes), nil
}

// Allows reports whether the key holds one of the wanted scopes ("*" holds
// them all).
func (k *APIKey) Allows(wanted ...string) bool {
	for _, have := range k.Scopes {
		if have == ScopeAll {
			return true
		}
		for _, w := range wanted {
			if have == w {
				return true
			}
		}
	}
	return false
}

// Usable reports whether the key may be used at now: not revoked, not expired.
func (k *APIKey) Usable(now time.Time) bool {
	if k.RevokedAt != nil {
		return false
	}
	return k.ExpiresAt == nil || now.Before(*k.ExpiresAt)
}

func isScope(s string) bool {
	for _, a := range AllScopes {
		if a == s {
			return true
		}
	}
	return false
}

func dedupe(sorted []string) []string {
	out := sorted[:0]
	for i, s := range sorted {
		if i == 0 || s != sorted[i-1] {
			out = append(out, s)
		}
	}
	return out
}
