package activity

import (
	"net/url"
	"slices"
	"strings"
	"time"
)

// The kinds of event a webhook may subscribe to, named as the API's routes.
const (
	KindStatusEvents  = "status-events"
	KindSessionEvents = "session-events"
	KindCalls         = "calls"
)

// WebhookKinds lists the kinds a webhook may subscribe to, in the order the
// feed hands them out.
var WebhookKinds = []string{KindStatusEvents, KindSessionEvents, KindCalls}

// maxWebhookURL bounds a webhook's target URL.
const maxWebhookURL = 2000

// Webhook is a tenant's subscription: agentlog POSTs the events of Kinds to
// URL, signed with a secret only the subscriber and agentlog know. The
// secret is not part of this type: it is shown once, when it is made.
type Webhook struct {
	ID        string // a UUID
	TenantID  int64
	URL       string
	Kinds     []string // a non-empty subset of WebhookKinds, in their order
	Enabled   bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// WebhookPatch changes some fields of a webhook; nil fields stay.
type WebhookPatch struct {
	URL     *string
	Kinds   *[]string
	Enabled *bool
}

// Validate checks the URL and kinds and puts the kinds in canonical order.
func (w *Webhook) Validate() error {
	if err := ValidateWebhookURL(w.URL); err != nil {
		return err
	}
	kinds, err := ParseWebhookKinds(w.Kinds)
	w.Kinds = kinds
	return err
}

// ValidateWebhookURL accepts an absolute http or https URL with a host and
// without credentials or a fragment.
func ValidateWebhookURL(s string) error {
	if s == "" {
		return Errorf(EInvalid, "url is missing: give the http or https URL to POST events to")
	}
	if len(s) > maxWebhookURL {
		return Errorf(EInvalid, "url is longer than %d characters", maxWebhookURL)
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return Errorf(EInvalid, "url %q is not a URL: give an absolute http or https URL such as https://example.com/hooks/agentlog", s)
	case u.Scheme != "http" && u.Scheme != "https":
		return Errorf(EInvalid, "url %q is not valid: the scheme must be http or https", s)
	case u.Hostname() == "":
		return Errorf(EInvalid, "url %q has no host: give an absolute URL such as https://example.com/hooks/agentlog", s)
	case u.User != nil:
		return Errorf(EInvalid, "url %q holds credentials: leave them out (URLs are listed to every admin) and check the signature instead", s)
	case u.Fragment != "" || strings.Contains(s, "#"):
		return Errorf(EInvalid, "url %q has a fragment (#...): leave it out, it is never sent", s)
	}
	return nil
}

// ParseWebhookKinds checks a list of kinds and returns it without
// duplicates, in the order of WebhookKinds.
func ParseWebhookKinds(kinds []string) ([]string, error) {
	if len(kinds) == 0 {
		return nil, Errorf(EInvalid, "kinds is missing or empty: give one or more of %s", strings.Join(WebhookKinds, ", "))
	}
	for _, k := range kinds {
		if !slices.Contains(WebhookKinds, k) {
			return nil, Errorf(EInvalid, "kind %q is unknown: accepted are %s", k, strings.Join(WebhookKinds, ", "))
		}
	}
	var out []string
	for _, k := range WebhookKinds {
		if slices.Contains(kinds, k) {
			out = append(out, k)
		}
	}
	return out, nil
}

// WebhookAttempt is one try at delivering a batch of events to a webhook:
// what was sent and how the receiver answered.
type WebhookAttempt struct {
	Seq        int64  // the attempt's place in the webhook's log
	DeliveryID string // the same on every attempt of one batch
	EventIDs   []string
	Attempt    int // 1 for the first try of a batch
	Time       time.Time
	Duration   time.Duration
	StatusCode int    // 0: no answer (see Error)
	Error      string // "" when the receiver answered 2xx
}

// Succeeded reports whether the receiver acknowledged the batch.
func (a WebhookAttempt) Succeeded() bool { return a.StatusCode >= 200 && a.StatusCode < 300 }
