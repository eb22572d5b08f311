package activity

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Call directions.
const (
	Inbound  = "inbound"
	Outbound = "outbound"
	Internal = "internal" // both ends are extensions
)

// Call outcomes. A call with an answer time is answered whatever its sender
// said; otherwise the sender may say why it was not.
const (
	Answered   = "answered"
	Unanswered = "unanswered"
	Abandoned  = "abandoned" // the caller hung up while waiting
	Busy       = "busy"
	Failed     = "failed"
)

// LinkNames are the relations a call may point to, as OneUptime names them
// (without the "Id" suffix).
var LinkNames = []string{
	"incident", "user", "alert", "monitor", "scheduledMaintenance", "statusPage",
	"statusPageAnnouncement", "onCallDutyPolicy", "onCallDutyPolicyEscalationRule",
	"onCallDutyPolicySchedule", "team",
}

// Call is one call with its parties, times, outcome, cost and free-form
// data. Unlike status and session events a call may change after the fact:
// the same id sent again replaces it, unless the stored one is newer.
type Call struct {
	ID            string
	Direction     string
	FromNumber    string
	ToNumber      string
	User          UserRef // the agent who handled it; may be empty
	Extension     string
	Queue         string
	StartedAt     *time.Time
	AnsweredAt    *time.Time
	EndedAt       *time.Time
	UpdatedAt     time.Time // when its sender last changed it
	CreatedAt     time.Time // StartedAt, or when it arrived
	Status        string
	StatusMessage *string
	Outcome       string
	CostCents     int64
	CallData      json.RawMessage   // a JSON object, or nil
	Links         map[string]string // LinkNames → UUID
}

// Validate checks a call and puts it in canonical form. now is when it
// arrived: the default of UpdatedAt and CreatedAt.
func (c *Call) Validate(now time.Time) error {
	if err := c.validateParties(); err != nil {
		return err
	}
	if err := c.validateTimes(now); err != nil {
		return err
	}
	if err := c.validateOutcome(); err != nil {
		return err
	}
	if err := c.validateData(); err != nil {
		return err
	}
	return c.validateID()
}

// DerivedID is the id of a call sent without one, from its parties and
// start time, so that a call re-sent without an id is still recognised.
// The user is named by its resolved id, so naming the agent by login one
// time and by id the next gives the same call.
func (c *Call) DerivedID() string {
	name := strings.Join([]string{"call", c.Direction, c.FromNumber, c.ToNumber, c.Extension,
		c.User.ID, strconv.FormatInt(c.StartedAt.UnixMilli(), 10)}, "\x00")
	return NameUUID(name)
}

func (c *Call) validateParties() error {
	switch c.Direction {
	case Inbound, Outbound, Internal:
	default:
		return Errorf(EInvalid, "direction %q is not valid: use inbound, outbound or internal", c.Direction)
	}
	if err := checkText("fromNumber", c.FromNumber, "toNumber", c.ToNumber, "extension", c.Extension,
		"queue", c.Queue, "status", c.Status); err != nil {
		return err
	}
	if c.StatusMessage != nil {
		if err := checkText("statusMessage", *c.StatusMessage); err != nil {
			return err
		}
	}
	if len(c.FromNumber) > 64 || len(c.ToNumber) > 64 || len(c.Extension) > 64 {
		return Errorf(EInvalid, "fromNumber, toNumber and extension are limited to 64 characters")
	}
	if len(c.Queue) > maxQueueLen || len(c.Status) > maxStatusLen {
		return Errorf(EInvalid, "queue is limited to %d characters and status to %d", maxQueueLen, maxStatusLen)
	}
	if c.StatusMessage != nil && len(*c.StatusMessage) > 2000 {
		return Errorf(EInvalid, "statusMessage is longer than 2000 characters")
	}
	if c.User.ID != "" || c.User.Login != "" {
		return c.User.validate()
	}
	return nil
}

func (c *Call) validateTimes(now time.Time) error {
	for _, f := range []struct {
		name string
		t    *time.Time
	}{{"startedAt", c.StartedAt}, {"answeredAt", c.AnsweredAt}, {"endedAt", c.EndedAt}} {
		if f.t != nil {
			if err := validateEventTime(f.name, f.t); err != nil {
				return err
			}
		}
	}
	if c.StartedAt != nil {
		if c.AnsweredAt != nil && c.AnsweredAt.Before(*c.StartedAt) {
			return Errorf(EInvalid, "answeredAt is before startedAt")
		}
		if c.EndedAt != nil && c.EndedAt.Before(*c.StartedAt) {
			return Errorf(EInvalid, "endedAt is before startedAt")
		}
	}
	if c.AnsweredAt != nil && c.EndedAt != nil && c.EndedAt.Before(*c.AnsweredAt) {
		return Errorf(EInvalid, "endedAt is before answeredAt")
	}
	now = now.UTC().Truncate(time.Millisecond)
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = now
	} else if err := validateEventTime("updatedAt", &c.UpdatedAt); err != nil {
		return err
	}
	c.CreatedAt = now
	if c.StartedAt != nil {
		c.CreatedAt = *c.StartedAt
	}
	return nil
}

func (c *Call) validateOutcome() error {
	if c.AnsweredAt != nil {
		if c.Outcome != "" && c.Outcome != Answered {
			return Errorf(EInvalid, "outcome %q contradicts answeredAt: a call with an answer time is answered", c.Outcome)
		}
		c.Outcome = Answered
		return nil
	}
	switch c.Outcome {
	case "":
		c.Outcome = Unanswered
	case Unanswered, Abandoned, Busy, Failed:
	case Answered:
		return Errorf(EInvalid, "outcome \"answered\" needs answeredAt")
	default:
		return Errorf(EInvalid, "outcome %q is not valid: use answered, unanswered, abandoned, busy or failed", c.Outcome)
	}
	return nil
}

func (c *Call) validateData() error {
	if c.CostCents < 0 {
		return Errorf(EInvalid, "costCents is negative")
	}
	if len(c.CallData) > 0 && string(c.CallData) != "null" {
		var obj map[string]any
		if json.Unmarshal(c.CallData, &obj) != nil {
			return Errorf(EInvalid, "callData is not a JSON object")
		}
		if err := checkJSONText("callData", obj); err != nil {
			return err
		}
		canonical, err := CanonicalJSON(c.CallData)
		if err != nil {
			return Errorf(EInvalid, "callData is not a JSON object")
		}
		c.CallData = canonical
		if len(c.CallData) > 16<<10 {
			return Errorf(EInvalid, "callData is larger than 16 KiB")
		}
	} else {
		c.CallData = nil
	}
	for name, id := range c.Links {
		if !isLinkName(name) {
			return Errorf(EInvalid, "links.%s is unknown: accepted are %s", name, strings.Join(LinkNames, ", "))
		}
		if id == "" {
			delete(c.Links, name)
			continue
		}
		if !IsUUID(id) {
			return Errorf(EInvalid, "links.%s %q is not a UUID", name, id)
		}
		c.Links[name] = CanonicalUUID(id)
	}
	return nil
}

// validateID checks the id; a call without one needs the start time its
// DerivedID is made from.
func (c *Call) validateID() error {
	if c.ID != "" {
		if !IsUUID(c.ID) {
			return Errorf(EInvalid, "call id %q is not a UUID", c.ID)
		}
		c.ID = CanonicalUUID(c.ID)
		return nil
	}
	if c.StartedAt == nil {
		return Errorf(EInvalid, "a call without an id needs startedAt, from which its id is derived")
	}
	return nil
}

func isLinkName(name string) bool {
	for _, n := range LinkNames {
		if n == name {
			return true
		}
	}
	return false
}
