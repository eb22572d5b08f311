package auth

import (
	"context"
	"net/http"
	"strings"

	"agentlog/internal/activity"
)

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal the middleware put in ctx.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}

// KeyFromRequest finds a key in any of the header styles the vendors use:
// "Key: K" (VoIPcube), "ApiKey: K" (OneUptime), "Authorization: Bearer K".
// Header names are case-insensitive.
func KeyFromRequest(r *http.Request) string {
	if k := r.Header.Get("Key"); k != "" {
		return strings.TrimSpace(k)
	}
	if k := r.Header.Get("ApiKey"); k != "" {
		return strings.TrimSpace(k)
	}
	return BearerToken(r)
}

// BearerToken returns the token of an "Authorization: Bearer" header.
func BearerToken(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// Check authenticates a whole key string and requires one of scopes. It
// fails with EUnauthorized without a usable key and EForbidden without the
// scope: each API surface's own auth adapter renders them its way.
func (a *Authenticator) Check(ctx context.Context, key string, scopes ...string) (Principal, error) {
	p, err := a.Authenticate(ctx, key)
	if err != nil {
		return p, err
	}
	if !p.Allows(scopes...) {
		return p, activity.Errorf(activity.EForbidden, "this key lacks the scope for this request: it needs one of %s", strings.Join(scopes, ", "))
	}
	return p, nil
}

// ErrorWriter writes an error in an API surface's own format.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, err error)

// Require returns middleware that lets a request through only with a valid
// key holding one of scopes, and puts its principal in the request's
// context. Failures go to writeError: unauthorized without a valid key,
// forbidden with a key that lacks the scope.
func (a *Authenticator) Require(writeError ErrorWriter, scopes ...string) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			key := KeyFromRequest(r)
			if key == "" {
				writeError(w, r, activity.Errorf(activity.EUnauthorized, "an API key is needed: send it as \"Authorization: Bearer <key>\", \"Key: <key>\" or \"ApiKey: <key>\""))
				return
			}
			p, err := a.Check(r.Context(), key, scopes...)
			if err != nil {
				writeError(w, r, err)
				return
			}
			next.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
		})
	}
}
