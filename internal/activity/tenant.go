package activity

import (
	"regexp"
	"time"
)

// Tenant is one customer, workspace, project or PBX. Every row agentlog
// stores belongs to exactly one tenant.
type Tenant struct {
	ID        int64
	UUID      string // the tenant's public id (OneUptime's projectId)
	Slug      string // in URLs, e.g. Cention's /s/{workspace}/
	Name      string
	TimeZone  string // IANA name, the default zone of reports
	CreatedAt time.Time
	// SessionTimeout closes a session whose logout never came
	// (DefaultSessionTimeout when zero).
	SessionTimeout time.Duration
	// RetentionDays is how many days of events are kept; the server deletes
	// older ones in the background. 0 keeps them forever.
	RetentionDays int
}

// MaxRetentionDays bounds RetentionDays: a century, beyond which "keep
// forever" (0) is what is meant.
const MaxRetentionDays = 36500

// ValidateRetention checks a number of days to keep events.
func ValidateRetention(days int) error {
	if days < 0 || days > MaxRetentionDays {
		return Errorf(EInvalid, "retention of %d days is out of range: use 0 (keep forever) to %d", days, MaxRetentionDays)
	}
	return nil
}

var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,62}$`)

// Validate checks a tenant before it is created.
func (t *Tenant) Validate() error {
	if !slugPattern.MatchString(t.Slug) {
		return Errorf(EInvalid, "tenant slug %q is not valid: use 1 to 63 lower-case letters, digits and dashes, starting with a letter or digit", t.Slug)
	}
	if err := checkText("tenant name", t.Name); err != nil {
		return err
	}
	if len(t.Name) > 200 {
		return Errorf(EInvalid, "tenant name is longer than 200 characters")
	}
	if t.TimeZone == "" {
		t.TimeZone = "UTC"
	}
	if _, err := time.LoadLocation(t.TimeZone); err != nil {
		return Errorf(EInvalid, "time zone %q is unknown: use an IANA name such as Europe/Berlin", t.TimeZone)
	}
	if t.Name == "" {
		t.Name = t.Slug
	}
	if t.SessionTimeout == 0 {
		t.SessionTimeout = DefaultSessionTimeout
	}
	if t.SessionTimeout < time.Minute || t.SessionTimeout > 30*24*time.Hour {
		return Errorf(EInvalid, "session timeout %s is out of range: use from 1m to 720h", t.SessionTimeout)
	}
	return ValidateRetention(t.RetentionDays)
}
