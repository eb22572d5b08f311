package connector

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// threeCX reads 3CX's XAPI: the call history (entity set CallHistoryView)
// into calls, and the agent login history (ReportAgentLoginHistory) into
// session events, with a bearer token from POST /connect/token (OAuth
// client credentials: the key's id and secret). Windows are a week at a
// time; a day's logins are read once the day is over, its calls as they
// come.
type threeCX struct {
	s       *syncer
	token   string
	expires time.Time
}

const (
	threeCXWindow = 7 * 24 * time.Hour
	day           = 24 * time.Hour
	// threeCXTop is the page of the call history: the most 3CX answers at
	// once.
	threeCXTop = 1000
)

func newThreeCX(s *syncer) *threeCX { return &threeCX{s: s} }

func (x *threeCX) span(pos, end time.Time) (time.Time, time.Time) {
	return pos, earliest(pos.Add(x.s.windowOr(threeCXWindow, 3*365*day)), end)
}

// read reads the calls that started in the window, and the login history
// of the UTC days that ended in it: the login history is a report per day,
// and a day cut at a window's edge would show a login or logout there.
func (x *threeCX) read(ctx context.Context, from, to time.Time) error {
	ag, err := x.loadAgents(ctx)
	if err != nil {
		return err
	}
	if err := x.readCalls(ctx, ag, from, to); err != nil {
		return err
	}
	firstEnd, lastEnd := from.Truncate(day).Add(day), to.Truncate(day) // the midnights in (from, to]
	if lastEnd.Before(firstEnd) {
		return nil
	}
	return x.readLogins(ctx, ag, firstEnd.Add(-day), lastEnd)
}

// get sends an XAPI GET with the token, fetching a new token when there is
// none, it has expired, or the server refused it.
func (x *threeCX) get(ctx context.Context, path string, read func(io.Reader) error) error {
	for attempt := 0; ; attempt++ {
		if err := x.authorize(ctx); err != nil {
			return err
		}
		err := x.s.get(ctx, x.s.cfg.URL+path, func(h http.Header) { h.Set("Authorization", "Bearer "+x.token) }, read)
		var status *StatusError
		if attempt == 0 && errors.As(err, &status) && status.Status == http.StatusUnauthorized {
			x.token = "" // revoked or expired early: one new token, then give up
			continue
		}
		return err
	}
}

// authorize gets a token by client credentials unless the one held is good
// for another minute.
func (x *threeCX) authorize(ctx context.Context) error {
	now := x.s.cfg.Now()
	if x.token != "" && now.Before(x.expires) {
		return nil
	}
	id, secret, ok := strings.Cut(x.s.cfg.Key, ".")
	if !ok {
		return fmt.Errorf("a 3CX key is <client id>.<client secret>: the key has no dot")
	}
	form := url.Values{"client_id": {id}, "client_secret": {secret}, "grant_type": {"client_credentials"}}
	var answer struct {
		AccessToken string `json:"access_token"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	err := x.s.post(ctx, x.s.cfg.URL+"/connect/token", "application/x-www-form-urlencoded", form.Encode(),
		func(http.Header) {}, func(r io.Reader) error { return json.NewDecoder(r).Decode(&answer) })
	if err != nil {
		return err
	}
	if answer.AccessToken == "" {
		return badAnswer{errors.New("POST /connect/token answered no access_token")}
	}
	x.token = answer.AccessToken
	x.expires = now.Add(time.Duration(answer.ExpiresIn)*time.Second - time.Minute)
	return nil
}

// literal writes a DateTimeOffset for a function call, escaped for the
// path as 3CX's clients send it.
func literal(t time.Time) string {
	return strings.ReplaceAll(t.UTC().Format("2006-01-02T15:04:05.000Z"), ":", "%3A")
}
