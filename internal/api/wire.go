package api

import (
	"encoding/json"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// The JSON shapes of /api/v1. Items read back look like the items sent in,
// so a client can re-send what it listed.

type statusEventJSON struct {
	ID     string  `json:"id"`
	UserID string  `json:"userId,omitempty"`
	Login  string  `json:"login,omitempty"`
	Status *string `json:"status"`
	Time   string  `json:"time"`
}

type sessionEventJSON struct {
	ID     string `json:"id"`
	UserID string `json:"userId,omitempty"`
	Login  string `json:"login,omitempty"`
	Action string `json:"action"`
	Time   string `json:"time"`
	Queue  string `json:"queue"`
}

type callJSON struct {
	ID            string             `json:"id"`
	Direction     string             `json:"direction"`
	FromNumber    string             `json:"fromNumber"`
	ToNumber      string             `json:"toNumber"`
	UserID        string             `json:"userId,omitempty"`
	Login         string             `json:"login,omitempty"`
	Extension     string             `json:"extension"`
	Queue         string             `json:"queue"`
	StartedAt     *string            `json:"startedAt"`
	AnsweredAt    *string            `json:"answeredAt"`
	EndedAt       *string            `json:"endedAt"`
	UpdatedAt     *string            `json:"updatedAt"`
	CreatedAt     string             `json:"createdAt,omitempty"`
	Status        string             `json:"status"`
	StatusMessage *string            `json:"statusMessage"`
	Outcome       string             `json:"outcome,omitempty"`
	CostCents     int64              `json:"costCents"`
	CallData      json.RawMessage    `json:"callData"`
	Links         map[string]*string `json:"links"`
}

type userJSON struct {
	ID        string   `json:"id"`
	Login     string   `json:"login"`
	Name      string   `json:"name"`
	Extension string   `json:"extension"`
	Email     *string  `json:"email"`
	Groups    []string `json:"groups"`
}

type statusDefinitionJSON struct {
	Name     string `json:"name"`
	Category string `json:"category"`
	Color    string `json:"color"`
}

type keyJSON struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Scopes     []string `json:"scopes"`
	CreatedAt  string   `json:"createdAt"`
	ExpiresAt  *string  `json:"expiresAt"`
	RevokedAt  *string  `json:"revokedAt"`
	LastUsedAt *string  `json:"lastUsedAt"`
	Key        string   `json:"key,omitempty"` // only in the answer that creates it
}

func (j statusEventJSON) domain() (activity.StatusEvent, error) {
	e := activity.StatusEvent{ID: j.ID, User: activity.UserRef{ID: j.UserID, Login: j.Login}}
	if j.Status == nil {
		return e, activity.Errorf(activity.EInvalid, "status is missing: give the status picked, or \"\" for a cleared status")
	}
	e.Status = *j.Status
	var err error
	e.Time, err = parseField("time", j.Time)
	return e, err
}

func (j sessionEventJSON) domain() (activity.SessionEvent, error) {
	e := activity.SessionEvent{ID: j.ID, User: activity.UserRef{ID: j.UserID, Login: j.Login}, Action: j.Action, Queue: j.Queue}
	var err error
	e.Time, err = parseField("time", j.Time)
	return e, err
}

func (j callJSON) domain() (activity.Call, error) {
	c := activity.Call{ID: j.ID, Direction: j.Direction, FromNumber: j.FromNumber, ToNumber: j.ToNumber,
		User: activity.UserRef{ID: j.UserID, Login: j.Login}, Extension: j.Extension, Queue: j.Queue,
		Status: j.Status, StatusMessage: j.StatusMessage, Outcome: j.Outcome, CostCents: j.CostCents, CallData: j.CallData}
	var err error
	for _, f := range []struct {
		name string
		in   *string
		out  **time.Time
	}{{"startedAt", j.StartedAt, &c.StartedAt}, {"answeredAt", j.AnsweredAt, &c.AnsweredAt}, {"endedAt", j.EndedAt, &c.EndedAt}} {
		if *f.out, err = parseOptional(f.name, f.in); err != nil {
			return c, err
		}
	}
	if updated, err := parseOptional("updatedAt", j.UpdatedAt); err != nil {
		return c, err
	} else if updated != nil {
		c.UpdatedAt = *updated
	}
	c.Links, err = linksDomain(j.Links)
	return c, err
}

// linksDomain reads links keyed as OneUptime names them ("incidentId").
func linksDomain(in map[string]*string) (map[string]string, error) {
	out := map[string]string{}
	for key, id := range in {
		name, ok := strings.CutSuffix(key, "Id")
		if !ok {
			return nil, activity.Errorf(activity.EInvalid, "links.%s is unknown: link keys end in Id, such as incidentId", key)
		}
		out[name] = "" // null: no link, but the name must still be a known one
		if id != nil {
			out[name] = *id
		}
	}
	return out, nil
}

func parseField(name, value string) (time.Time, error) {
	if value == "" {
		return time.Time{}, activity.Errorf(activity.EInvalid, "%s is missing: give it as %s", name, activity.TimeForms)
	}
	t, ok := activity.ParseTime(value)
	if !ok {
		return t, activity.Errorf(activity.EInvalid, "%s %q is not a time: accepted are %s", name, value, activity.TimeForms)
	}
	return t, nil
}

func parseOptional(name string, value *string) (*time.Time, error) {
	if value == nil {
		return nil, nil
	}
	t, err := parseField(name, *value)
	return &t, err
}

func statusEventOut(e activity.StatusEvent) statusEventJSON {
	status := e.Status
	return statusEventJSON{ID: e.ID, UserID: e.User.ID, Login: e.User.Login, Status: &status, Time: activity.FormatTime(e.Time)}
}

func sessionEventOut(e activity.SessionEvent) sessionEventJSON {
	return sessionEventJSON{ID: e.ID, UserID: e.User.ID, Login: e.User.Login, Action: e.Action, Time: activity.FormatTime(e.Time), Queue: e.Queue}
}

func callOut(c activity.Call) callJSON {
	j := callJSON{ID: c.ID, Direction: c.Direction, FromNumber: c.FromNumber, ToNumber: c.ToNumber,
		UserID: c.User.ID, Login: c.User.Login, Extension: c.Extension, Queue: c.Queue,
		StartedAt: formatOptional(c.StartedAt), AnsweredAt: formatOptional(c.AnsweredAt), EndedAt: formatOptional(c.EndedAt),
		UpdatedAt: formatOptional(&c.UpdatedAt), CreatedAt: activity.FormatTime(c.CreatedAt),
		Status: c.Status, StatusMessage: c.StatusMessage, Outcome: c.Outcome, CostCents: c.CostCents,
		CallData: c.CallData, Links: map[string]*string{}}
	if j.CallData == nil {
		j.CallData = json.RawMessage("null")
	}
	for _, name := range activity.LinkNames {
		var id *string
		if v, ok := c.Links[name]; ok {
			id = &v
		}
		j.Links[name+"Id"] = id
	}
	return j
}

func userOut(u activity.User) userJSON {
	return userJSON{ID: u.ID, Login: u.Login, Name: u.Name, Extension: u.Extension, Email: u.Email, Groups: u.Groups}
}

func keyOut(k activity.APIKey) keyJSON {
	return keyJSON{ID: k.ID, Name: k.Name, Scopes: k.Scopes, CreatedAt: activity.FormatTime(k.CreatedAt),
		ExpiresAt: formatOptional(k.ExpiresAt), RevokedAt: formatOptional(k.RevokedAt), LastUsedAt: formatOptional(k.LastUsedAt)}
}

func formatOptional(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := activity.FormatTime(*t)
	return &s
}
