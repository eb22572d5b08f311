package auth

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// Principal is who a request acts as: an API key of one tenant.
type Principal struct {
	Key    activity.APIKey
	Tenant activity.Tenant
}

// Allows reports whether the principal holds one of the scopes.
func (p Principal) Allows(scopes ...string) bool { return p.Key.Allows(scopes...) }

// Authenticator checks keys against the store.
type Authenticator struct {
	DB  *store.DB
	Log *slog.Logger
	// Limiter, when set, limits each key's rate of requests.
	Limiter *RateLimiter
}

// touchEvery limits how often a key's last use is written: once a minute is
// precise enough for people and spares the database a write per request.
const touchEvery = time.Minute

// errBadKey is the one answer for every wrong key, so that a caller cannot
// tell an unknown id from a wrong secret.
var errBadKey = activity.Errorf(activity.EUnauthorized, "the API key is unknown, revoked or expired")

// Authenticate checks a whole key string and returns its principal.
func (a *Authenticator) Authenticate(ctx context.Context, key string) (Principal, error) {
	id, secret, ok := SplitKey(key)
	if !ok {
		return Principal{}, errBadKey
	}
	return a.AuthenticateParts(ctx, id, secret)
}

// AuthenticateParts checks a key given as its public id and secret (as OAuth
// client credentials carry it).
func (a *Authenticator) AuthenticateParts(ctx context.Context, id, secret string) (Principal, error) {
	k, hash, err := a.DB.KeyByPublicID(ctx, id)
	if activity.ErrorCode(err) == activity.EUnauthorized {
		return Principal{}, errBadKey
	}
	if err != nil {
		return Principal{}, err
	}
	if !secretMatches(secret, hash) {
		return Principal{}, errBadKey
	}
	return a.principal(ctx, k)
}

// principalOfKey is the principal of a key known by its public id alone, as
// an access token names it.
func (a *Authenticator) principalOfKey(ctx context.Context, id string) (Principal, error) {
	k, _, err := a.DB.KeyByPublicID(ctx, id)
	if activity.ErrorCode(err) == activity.EUnauthorized {
		return Principal{}, errBadKey
	}
	if err != nil {
		return Principal{}, err
	}
	return a.principal(ctx, k)
}

// principal checks that k may be used now and finds its tenant.
func (a *Authenticator) principal(ctx context.Context, k activity.APIKey) (Principal, error) {
	now := a.DB.Now()
	if !k.Usable(now) {
		return Principal{}, errBadKey
	}
	if err := a.Limiter.allow(k); err != nil {
		return Principal{}, err
	}
	t, err := a.DB.TenantByID(ctx, k.TenantID)
	if err != nil {
		return Principal{}, err
	}
	a.touch(ctx, k, now)
	return Principal{Key: k, Tenant: t}, nil
}

func (a *Authenticator) touch(ctx context.Context, k activity.APIKey, now time.Time) {
	if k.LastUsedAt != nil && now.Sub(*k.LastUsedAt) < touchEvery {
		return
	}
	if err := a.DB.TouchKey(ctx, k.TenantID, k.ID, now); err != nil && !errors.Is(err, context.Canceled) && a.Log != nil {
		a.Log.Warn("recording key use failed", "key", k.ID, "err", err)
	}
}
