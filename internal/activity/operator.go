package activity

import (
	"strings"
	"time"
)

// Operator roles: a viewer sees the pages; an admin also manages users,
// statuses, keys and operators.
const (
	RoleAdmin  = "admin"
	RoleViewer = "viewer"
)

// Operator is a person who signs in to the web pages. TenantID 0 makes a
// global operator, who may look at every tenant.
type Operator struct {
	ID        int64
	TenantID  int64 // 0: every tenant
	Email     string
	Role      string
	CreatedAt time.Time
}

// MinPasswordLength is the shortest password an operator may have.
const MinPasswordLength = 10

// Validate checks an operator and puts its email in canonical (lower-case)
// form, so that sign-in does not depend on how the address was typed.
func (o *Operator) Validate() error {
	o.Email = strings.ToLower(strings.TrimSpace(o.Email))
	if err := checkText("email", o.Email); err != nil {
		return err
	}
	at := strings.Index(o.Email, "@")
	if at < 1 || at == len(o.Email)-1 || len(o.Email) > 320 || strings.ContainsAny(o.Email, " \t\r\n") {
		return Errorf(EInvalid, "email %q is not an address: use name@domain", o.Email)
	}
	switch o.Role {
	case "":
		o.Role = RoleViewer
	case RoleAdmin, RoleViewer:
	default:
		return Errorf(EInvalid, "role %q is not valid: use admin or viewer", o.Role)
	}
	return nil
}

// ValidatePassword checks a new password's length: at least
// MinPasswordLength characters, at most 1024 bytes.
func ValidatePassword(p string) error {
	if len([]rune(p)) < MinPasswordLength || len(p) > 1024 {
		return Errorf(EInvalid, "the password must have %d to 1024 characters", MinPasswordLength)
	}
	return checkText("password", p)
}

// IsAdmin reports whether the operator may manage the tenant.
func (o Operator) IsAdmin() bool { return o.Role == RoleAdmin }

// Global reports whether the operator may look at every tenant.
func (o Operator) Global() bool { return o.TenantID == 0 }
