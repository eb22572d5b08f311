package connector

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Retry says how requests that failed for a passing reason (a network
// error, 429, 5xx, a cut-off answer) are tried again.
type Retry struct {
	Attempts int           // tries in all, default 8
	Base     time.Duration // first back-off, doubled on each retry; default 1 s
	Max      time.Duration // longest back-off; default 5 min (a Retry-After is honoured up to an hour)
	// Wait waits d or until ctx ends; nil is a timer. Tests record the
	// waits asked for here instead of sleeping.
	Wait func(ctx context.Context, d time.Duration) error
}

func (r Retry) withDefaults() Retry {
	if r.Attempts <= 0 {
		r.Attempts = 8
	}
	if r.Base <= 0 {
		r.Base = time.Second
	}
	if r.Max <= 0 {
		r.Max = 5 * time.Minute
	}
	if r.Wait == nil {
		r.Wait = sleep
	}
	return r
}

// StatusError is an answer other than 2xx: what was asked, the status and
// the vendor's own message.
type StatusError struct {
	Method, URL string
	Status      int
	Message     string
	RetryAfter  time.Duration // from a Retry-After header; 0 when absent
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("%s %s: %d %s", e.Method, e.URL, e.Status, http.StatusText(e.Status))
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// retryable: too many requests, or the server's trouble.
func (e *StatusError) retryable() bool {
	return e.Status == http.StatusTooManyRequests || e.Status >= 500
}

// storeError is a failure of the local database: the sync stops there,
// its checkpoint at the last window stored.
type storeError struct{ err error }

func (e storeError) Error() string { return "storing into the database: " + e.err.Error() }
func (e storeError) Unwrap() error { return e.err }

// badAnswer is a 2xx answer that is not what the vendor sends: trying
// again would give the same.
type badAnswer struct{ err error }

func (e badAnswer) Error() string { return e.err.Error() }
func (e badAnswer) Unwrap() error { return e.err }

// client sends requests with retries.
type client struct {
	http  *http.Client
	retry Retry
	stats *Stats
	say   func(string)
}

// do sends the request newReq makes and hands a 2xx answer's body to read,
// trying again after a passing failure with exponential back-off, or after
// the time a Retry-After header asks. Another 4xx stops at once. read may
// be run more than once, so what it stores must be idempotent.
func (c *client) do(ctx context.Context, newReq func(ctx context.Context) (*http.Request, error), read func(io.Reader) error) error {
	for attempt := 1; ; attempt++ {
		req, err := newReq(ctx)
		if err != nil {
			return err
		}
		err = c.try(req, read)
		switch {
		case err == nil:
			return nil
		case ctx.Err() != nil:
			return ctx.Err()
		}
		var status *StatusError
		if errors.As(err, &status) && !status.retryable() || errors.As(err, new(badAnswer)) || errors.As(err, new(storeError)) {
			return err
		}
		if attempt >= c.retry.Attempts {
			return fmt.Errorf("%w (gave up after %d attempts)", err, attempt)
		}
		d := c.backoff(attempt, status)
		c.stats.Retries++
		c.say(fmt.Sprintf("%s; trying again in %s", err, d))
		if err := c.retry.Wait(ctx, d); err != nil {
			return err
		}
	}
}

// try sends req once.
func (c *client) try(req *http.Request, read func(io.Reader) error) error {
	c.stats.Requests++
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return statusError(req, res)
	}
	if err := read(res.Body); err != nil {
		var syntax *json.SyntaxError
		var typ *json.UnmarshalTypeError
		if errors.As(err, new(storeError)) {
			return err
		}
		if errors.As(err, &syntax) || errors.As(err, &typ) || errors.As(err, new(badAnswer)) {
			return badAnswer{fmt.Errorf("%s %s: the answer is not what the vendor sends: %v", req.Method, shownURL(req), err)}
		}
		return fmt.Errorf("%s %s: reading the answer: %w", req.Method, shownURL(req), err)
	}
	return nil
}

// maxRetryAfter bounds the wait a Retry-After may ask for, against a
// misread date.
const maxRetryAfter = time.Hour

// backoff is what Retry-After asks, or Base doubled per retry (with a
// little jitter) up to Max.
func (c *client) backoff(attempt int, status *StatusError) time.Duration {
	if status != nil && status.RetryAfter > 0 {
		return min(status.RetryAfter, maxRetryAfter)
	}
	d := c.retry.Base << min(attempt-1, 20)
	d += rand.N(d/10 + 1)
	return min(d, c.retry.Max)
}

func statusError(req *http.Request, res *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(res.Body, 4<<10))
	return &StatusError{Method: req.Method, URL: shownURL(req), Status: res.StatusCode,
		Message: vendorMessage(body), RetryAfter: retryAfter(res.Header.Get("Retry-After"))}
}

// shownURL is the request's URL with its query unescaped, for a readable
// error line. Keys travel in headers and bodies, never in URLs.
func shownURL(req *http.Request) string {
	u := req.URL.Scheme + "://" + req.URL.Host + req.URL.Path
	q, err := url.QueryUnescape(req.URL.RawQuery)
	if err != nil {
		q = req.URL.RawQuery
	}
	if q != "" {
		u += "?" + q
	}
	return u
}

// vendorMessage finds the message in an error body: {"error": "..."}
// (VoIPcube, Cention, OneUptime), {"error": {"message": "..."}} (OData),
// {"error_description": "..."} (OAuth); else the text itself, shortened.
func vendorMessage(body []byte) string {
	var m struct {
		Error       json.RawMessage `json:"error"`
		Description string          `json:"error_description"`
	}
	if json.Unmarshal(body, &m) == nil {
		var text string
		var odata struct{ Message string }
		switch {
		case m.Description != "":
			return m.Description
		case json.Unmarshal(m.Error, &text) == nil && text != "":
			return text
		case json.Unmarshal(m.Error, &odata) == nil && odata.Message != "":
			return odata.Message
		}
	}
	s := strings.Join(strings.Fields(string(body)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// retryAfter reads Retry-After: seconds, or an HTTP date.
func retryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0)
	}
	return 0
}
