package activity

import (
	"strconv"
	"strings"
	"time"
)

// StatusEvent records that a user picked a status at a time. The status ""
// means the user cleared it.
type StatusEvent struct {
	ID     string
	User   UserRef
	Status string
	Time   time.Time
}

// Session actions.
const (
	Login  = "login"
	Logout = "logout"
)

// SessionEvent records that a user logged in or out, optionally to a queue.
type SessionEvent struct {
	ID     string
	User   UserRef
	Action string // Login or Logout
	Time   time.Time
	Queue  string
}

// Limits on event fields, generous for every telephony system seen, small
// enough that one row stays small.
const (
	maxIDLen     = 200
	maxStatusLen = 200
	maxQueueLen  = 64
)

// earliest and latest bound accepted event times: far enough to import any
// history, near enough to catch a seconds-vs-milliseconds mix-up.
var (
	earliest = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	latest   = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// Validate checks a status event and puts it in canonical form.
func (e *StatusEvent) Validate() error {
	if err := validateEventID(e.ID); err != nil {
		return err
	}
	if err := e.User.validate(); err != nil {
		return err
	}
	if err := checkText("status", e.Status); err != nil {
		return err
	}
	if len(e.Status) > maxStatusLen {
		return Errorf(EInvalid, "status is longer than %d characters", maxStatusLen)
	}
	return validateEventTime("time", &e.Time)
}

// DerivedID is the id of an event sent without one: the same content always
// gets the same id, so a re-sent event is recognised.
func (e *StatusEvent) DerivedID(userID string) string {
	return derivedID("st", userID, e.Status, e.Time)
}

// Validate checks a session event and puts it in canonical form.
func (e *SessionEvent) Validate() error {
	if err := validateEventID(e.ID); err != nil {
		return err
	}
	if err := e.User.validate(); err != nil {
		return err
	}
	if e.Action != Login && e.Action != Logout {
		return Errorf(EInvalid, "action %q is not valid: use \"login\" or \"logout\"", e.Action)
	}
	if err := checkText("queue", e.Queue); err != nil {
		return err
	}
	if len(e.Queue) > maxQueueLen {
		return Errorf(EInvalid, "queue is longer than %d characters", maxQueueLen)
	}
	return validateEventTime("time", &e.Time)
}

// DerivedID is the id of a session event sent without one.
func (e *SessionEvent) DerivedID(userID string) string {
	return derivedID("se", userID, e.Action+"\x00"+e.Queue, e.Time)
}

func derivedID(kind, userID, content string, t time.Time) string {
	name := strings.Join([]string{kind, userID, content, strconv.FormatInt(t.UnixMilli(), 10)}, "\x00")
	return NameUUID(name)
}

func validateEventID(id string) error {
	if err := checkText("id", id); err != nil {
		return err
	}
	if len(id) > maxIDLen {
		return Errorf(EInvalid, "id is longer than %d characters", maxIDLen)
	}
	for _, c := range id {
		if c < 0x20 || c == 0x7f {
			return Errorf(EInvalid, "id %q holds a control character", id)
		}
	}
	return nil
}

func validateEventTime(field string, t *time.Time) error {
	if t.IsZero() {
		return Errorf(EInvalid, "%s is missing: give it as %s", field, TimeForms)
	}
	*t = t.UTC().Truncate(time.Millisecond)
	if t.Before(earliest) || !t.Before(latest) {
		return Errorf(EInvalid, "%s %s is out of range: accepted are times from 1970 to 2199", field, FormatTime(*t))
	}
	return nil
}
