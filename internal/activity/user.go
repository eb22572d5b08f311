package activity

import (
	"regexp"
	"strings"
)

// User is an agent: a person whose statuses, sessions and calls agentlog
// records.
type User struct {
	ID        string
	Login     string
	Name      string
	Extension string
	Email     *string
	Groups    []string
}

// UserRef names the user of an event: by id, by login, or both.
type UserRef struct {
	ID    string
	Login string
}

// UserPatch holds the fields a PATCH changes; nil fields stay as they are.
type UserPatch struct {
	Login     *string
	Name      *string
	Extension *string
	Email     *string // "" removes the email
	Groups    *[]string
}

var groupPattern = regexp.MustCompile(`^[0-9A-Za-z_.-]{1,64}$`)

// Validate checks a user's fields and puts them in canonical form.
func (u *User) Validate() error {
	if u.ID == "" {
		u.ID = NewUUID()
	}
	if !IsUUID(u.ID) {
		return Errorf(EInvalid, "user id %q is not a UUID", u.ID)
	}
	u.ID = CanonicalUUID(u.ID)
	if err := validateLogin(u.Login); err != nil {
		return err
	}
	if err := checkText("name", u.Name, "extension", u.Extension); err != nil {
		return err
	}
	if len(u.Name) > 200 || len(u.Extension) > 64 {
		return Errorf(EInvalid, "user name is limited to 200 characters and extension to 64")
	}
	if u.Email != nil {
		if err := checkText("email", *u.Email); err != nil {
			return err
		}
	}
	if u.Email != nil && (*u.Email == "" || !strings.Contains(*u.Email, "@") || len(*u.Email) > 320) {
		return Errorf(EInvalid, "email %q is not an address: use name@domain, or null", *u.Email)
	}
	if u.Groups == nil {
		u.Groups = []string{}
	}
	for _, g := range u.Groups {
		if !groupPattern.MatchString(g) {
			return Errorf(EInvalid, "group %q is not valid: use 1 to 64 letters, digits, '.', '_' or '-'", g)
		}
	}
	return nil
}

// Apply changes u by p and validates the result.
func (u *User) Apply(p UserPatch) error {
	if p.Login != nil {
		u.Login = *p.Login
	}
	if p.Name != nil {
		u.Name = *p.Name
	}
	if p.Extension != nil {
		u.Extension = *p.Extension
	}
	if p.Email != nil {
		u.Email = p.Email
		if *p.Email == "" {
			u.Email = nil
		}
	}
	if p.Groups != nil {
		u.Groups = *p.Groups
	}
	return u.Validate()
}

func validateLogin(login string) error {
	if err := checkText("login", login); err != nil {
		return err
	}
	if login == "" || len(login) > 200 || strings.TrimSpace(login) != login {
		return Errorf(EInvalid, "login %q is not valid: use 1 to 200 characters without leading or trailing spaces", login)
	}
	return nil
}

// validate checks a reference to a user inside an event.
func (r *UserRef) validate() error {
	if r.ID == "" && r.Login == "" {
		return Errorf(EInvalid, "the user is missing: give userId (a UUID) or login")
	}
	if r.ID != "" {
		if !IsUUID(r.ID) {
			return Errorf(EInvalid, "userId %q is not a UUID", r.ID)
		}
		r.ID = CanonicalUUID(r.ID)
	}
	if r.Login != "" {
		return validateLogin(r.Login)
	}
	return nil
}
