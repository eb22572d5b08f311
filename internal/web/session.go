package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// sessionCookie holds the session's token; only its SHA-256 is stored.
const sessionCookie = "agentlog_session"

// Visit is one signed-in request: who, looking at which tenant, and the
// CSRF token its forms carry.
type Visit struct {
	Operator activity.Operator
	Tenant   activity.Tenant
	Zone     *time.Location
	CSRF     string
	Tenants  []activity.Tenant // a global operator's choice; nil for the others
	session  store.WebSession
}

// IsAdmin reports whether the visit may see administration.
func (v *Visit) IsAdmin() bool { return v != nil && v.Operator.IsAdmin() }

// Handler is a page handler of a signed-in visit.
type Handler func(rw http.ResponseWriter, r *http.Request, v *Visit)

// Page lets a request through only with a valid session: without one it is
// sent to sign in. A POST must carry the session's CSRF token in the form
// field csrf, or it is refused with 403.
func (w *Web) Page(h Handler) http.Handler {
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		pageHeaders(rw)
		v, err := w.visit(r)
		if activity.ErrorCode(err) == activity.EUnauthorized {
			w.toSignIn(rw, r)
			return
		}
		if err != nil {
			w.fail(rw, r, nil, err)
			return
		}
		if r.Method == http.MethodPost && !w.csrfOK(r, v) {
			w.fail(rw, r, v, activity.Errorf(activity.EForbidden, "the form lacks its security token or it is stale: reload the page and send the form again"))
			return
		}
		h(rw, r, v)
	})
}

// Admin is Page for the admin role only: a viewer gets 403.
func (w *Web) Admin(h Handler) http.Handler {
	return w.Page(func(rw http.ResponseWriter, r *http.Request, v *Visit) {
		if !v.IsAdmin() {
			w.fail(rw, r, v, activity.Errorf(activity.EForbidden, "administration is for operators with the admin role"))
			return
		}
		h(rw, r, v)
	})
}

// toSignIn sends a request without a session to the sign-in page, which
// brings a GET back where it was going.
func (w *Web) toSignIn(rw http.ResponseWriter, r *http.Request) {
	target := "/login"
	if r.Method == http.MethodGet {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	http.Redirect(rw, r, target, http.StatusSeeOther)
}

// visit finds the request's session, its operator and tenant.
func (w *Web) visit(r *http.Request) (*Visit, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return nil, activity.Errorf(activity.EUnauthorized, "not signed in")
	}
	s, err := w.DB.WebSessionByToken(r.Context(), hashToken(c.Value))
	if err != nil {
		return nil, err
	}
	v := &Visit{Operator: s.Operator, session: s, CSRF: csrfToken(s.CSRFSecret)}
	if err := w.pickTenant(r.Context(), v); err != nil {
		return nil, err
	}
	return v, nil
}

// pickTenant sets the visit's tenant: the operator's own, or for a global
// operator the one the session chose (the first tenant until then).
func (w *Web) pickTenant(ctx context.Context, v *Visit) error {
	if v.Operator.Global() {
		all, err := w.DB.Tenants(ctx)
		if err != nil {
			return err
		}
		if len(all) == 0 {
			return activity.Errorf(activity.ENotFound, "there is no tenant yet: create one with agentlog tenant create")
		}
		v.Tenants, v.Tenant = all, all[0]
		for _, t := range all {
			if t.ID == v.session.TenantID {
				v.Tenant = t
			}
		}
	} else {
		t, err := w.DB.TenantByID(ctx, v.Operator.TenantID)
		if err != nil {
			return err
		}
		v.Tenant = t
	}
	zone, err := activity.ParseZone(v.Tenant.TimeZone)
	if err != nil {
		zone = time.UTC
	}
	v.Zone = zone
	return nil
}

// stillSignedIn reports whether the visit's session still stands (for the
// wallboard's stream, which outlives a request).
func (w *Web) stillSignedIn(v *Visit) func(context.Context) bool {
	return func(ctx context.Context) bool {
		_, err := w.DB.WebSessionByToken(ctx, v.session.TokenHash)
		return err == nil
	}
}

// csrfToken is the session's CSRF token: an HMAC of a fixed text under the
// session's secret, so that it needs no storage of its own and a token of
// one session is worthless in another.
func csrfToken(secret []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("agentlog form"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func (w *Web) csrfOK(r *http.Request, v *Visit) bool {
	r.Body = http.MaxBytesReader(nil, r.Body, maxFormBytes)
	got := r.PostFormValue("csrf")
	return got != "" && subtle.ConstantTimeCompare([]byte(got), []byte(v.CSRF)) == 1
}

// maxFormBytes bounds a form's body.
const maxFormBytes = 64 << 10

func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// setCookie sets a cookie that scripts cannot read, that is not sent with
// cross-site POSTs, and that travels only over TLS when the request came so:
// directly, or through a proxy that says so in X-Forwarded-Proto. Trusting
// that header is safe here: a client that claims https over plain HTTP only
// makes its own browser keep the cookie back.
func setCookie(rw http.ResponseWriter, r *http.Request, name, value string, expires time.Time) {
	secure := r.TLS != nil || strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https")
	c := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: secure}
	if expires.IsZero() {
		c.MaxAge = -1
	} else {
		c.Expires = expires
	}
	http.SetCookie(rw, c)
}
