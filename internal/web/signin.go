package web

import (
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"net/http"
	"strings"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/store"
)

// loginCookie carries the sign-in form's CSRF token before there is a
// session: the form must send back the same value (a double-submit token),
// which a page of another site can neither read nor set.
const loginCookie = "agentlog_login"

type signInData struct {
	Email, Next, Error string
	CSRF               string
}

// SignInForm serves GET /login.
func (w *Web) SignInForm(rw http.ResponseWriter, r *http.Request) {
	pageHeaders(rw)
	w.showSignIn(rw, r, http.StatusOK, signInData{Next: safeNext(r.URL.Query().Get("next"))})
}

func (w *Web) showSignIn(rw http.ResponseWriter, r *http.Request, status int, d signInData) {
	d.CSRF = newToken()
	setCookie(rw, r, loginCookie, d.CSRF, w.DB.Now().Add(w.SessionTTL))
	w.render(rw, r, status, "signin.html", view{Title: "Sign in", Data: d})
}

// SignIn serves POST /login: it checks the email and password, starts a
// session and sends the operator where they were going. Repeated failures
// for one email make it wait longer and longer (see backoff).
func (w *Web) SignIn(rw http.ResponseWriter, r *http.Request) {
	pageHeaders(rw)
	r.Body = http.MaxBytesReader(rw, r.Body, maxFormBytes)
	email, password := strings.ToLower(strings.TrimSpace(r.PostFormValue("email"))), r.PostFormValue("password")
	d := signInData{Email: email, Next: safeNext(r.PostFormValue("next"))}
	c, err := r.Cookie(loginCookie)
	if err != nil || r.PostFormValue("csrf") == "" || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostFormValue("csrf"))) != 1 {
		d.Error = "The form's security token is missing or stale: please sign in again."
		w.showSignIn(rw, r, http.StatusForbidden, d)
		return
	}
	if wait := w.guesses.wait(email, w.DB.Now()); wait > 0 {
		d.Error = fmt.Sprintf("Too many failed attempts for this email: wait %d seconds and try again.", int(wait.Seconds()+0.999))
		rw.Header().Set("Retry-After", fmt.Sprint(int(wait.Seconds()+0.999)))
		w.showSignIn(rw, r, http.StatusTooManyRequests, d)
		return
	}
	o, ok, err := w.checkPassword(r, email, password)
	if err != nil {
		w.fail(rw, r, nil, err)
		return
	}
	if !ok {
		w.guesses.failed(email, w.DB.Now())
		d.Error = "The email or the password is wrong."
		w.showSignIn(rw, r, http.StatusUnauthorized, d)
		return
	}
	w.guesses.succeeded(email)
	if err := w.startSession(rw, r, o); err != nil {
		w.fail(rw, r, nil, err)
		return
	}
	setCookie(rw, r, loginCookie, "", timeZero)
	http.Redirect(rw, r, d.Next, http.StatusSeeOther)
}

// checkPassword finds the operator and checks the password; an unknown
// email costs as much time as a wrong password.
func (w *Web) checkPassword(r *http.Request, email, password string) (activity.Operator, bool, error) {
	o, hash, err := w.DB.OperatorByEmail(r.Context(), email)
	if activity.ErrorCode(err) == activity.EUnauthorized {
		auth.DummyPasswordCheck(password)
		return o, false, nil
	}
	if err != nil {
		return o, false, err
	}
	return o, auth.PasswordMatches(password, hash), nil
}

func (w *Web) startSession(rw http.ResponseWriter, r *http.Request, o activity.Operator) error {
	token := newToken()
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return err
	}
	s := store.WebSession{TokenHash: hashToken(token), Operator: o, TenantID: o.TenantID, CSRFSecret: secret,
		ExpiresAt: w.DB.Now().Add(w.SessionTTL)}
	if err := w.DB.CreateWebSession(r.Context(), &s); err != nil {
		return err
	}
	setCookie(rw, r, sessionCookie, token, s.ExpiresAt)
	return nil
}

// SignOut serves POST /logout: the session ends on the server, not only in
// the browser.
func (w *Web) SignOut(rw http.ResponseWriter, r *http.Request, v *Visit) {
	if err := w.DB.DeleteWebSession(r.Context(), v.session.TokenHash); err != nil {
		w.fail(rw, r, v, err)
		return
	}
	setCookie(rw, r, sessionCookie, "", timeZero)
	http.Redirect(rw, r, "/login", http.StatusSeeOther)
}

// safeNext keeps a redirect target on this site: a path, never another
// host ("//evil" or "/\evil" included).
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") || strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}
