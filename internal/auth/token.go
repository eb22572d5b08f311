package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// TokenLifetime is how long an access token is good for; /connect/token
// says so as expires_in.
const TokenLifetime = time.Hour

// tokenPrefix tells an access token from an API key ("al_...") at a glance.
const tokenPrefix = "alt_"

// signingSecret names the installation secret that signs access tokens.
const signingSecret = "access-token-signing"

// tokenClaims is what a token carries: the key it was issued for and when
// it expires. Nothing secret: the signature makes it trustworthy.
type tokenClaims struct {
	KeyID   string `json:"kid"`
	Expires int64  `json:"exp"` // unix seconds
}

// IssueToken makes an access token for a principal's key. Tokens are
// stateless: any instance over the same database checks them with the
// shared signing secret, and a restart does not invalidate them.
func (a *Authenticator) IssueToken(ctx context.Context, p Principal) (string, error) {
	secret, err := a.DB.Secret(ctx, signingSecret)
	if err != nil {
		return "", err
	}
	claims, _ := json.Marshal(tokenClaims{KeyID: p.Key.ID, Expires: a.DB.Now().Add(TokenLifetime).Unix()})
	payload := base64.RawURLEncoding.EncodeToString(claims)
	return tokenPrefix + payload + "." + sign(secret, payload), nil
}

// IsToken reports whether s has the form of an access token rather than an
// API key.
func IsToken(s string) bool { return strings.HasPrefix(s, tokenPrefix) }

// VerifyToken checks an access token and returns the principal of its key.
// The key is looked up again, so a token dies with its key's revocation.
func (a *Authenticator) VerifyToken(ctx context.Context, token string) (Principal, error) {
	bad := activity.Errorf(activity.EUnauthorized, "the access token is invalid or expired: get a new one at /connect/token")
	payload, sig, ok := strings.Cut(strings.TrimPrefix(token, tokenPrefix), ".")
	if !ok || !IsToken(token) {
		return Principal{}, bad
	}
	secret, err := a.DB.Secret(ctx, signingSecret)
	if err != nil {
		return Principal{}, err
	}
	if !hmac.Equal([]byte(sig), []byte(sign(secret, payload))) {
		return Principal{}, bad
	}
	var claims tokenClaims
	raw, err := base64.RawURLEncoding.DecodeString(payload)
	if err != nil || json.Unmarshal(raw, &claims) != nil || a.DB.Now().Unix() >= claims.Expires {
		return Principal{}, bad
	}
	p, err := a.principalOfKey(ctx, claims.KeyID)
	if activity.ErrorCode(err) == activity.EUnauthorized {
		return p, bad
	}
	return p, err
}

func sign(secret []byte, payload string) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(payload))
	return base64.RawURLEncoding.EncodeToString(mac.Sum(nil))
}
