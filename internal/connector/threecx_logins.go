package connector

import (
	"context"
	"encoding/json"
	"io"
	"time"

	"agentlog/internal/activity"
)

// loginDay is a row of 3CX's agent login history: an agent's first login
// and last logout of a queue on one day.
type loginDay struct {
	QueueNo     string  `json:"QueueNo"`
	AgentNo     string  `json:"AgentNo"`
	Agent       string  `json:"Agent"`
	LoggedIn    *string `json:"loggedInDt"` // lower-case l, as 3CX spells it
	LoggedOutDt *string `json:"LoggedOutDt"`
}

// readLogins reads the login history of whole days, in UTC. A row becomes a
// login at loggedInDt and, unless the session is still running, a logout at
// LoggedOutDt, of the row's queue: 3CX tells a day's first login and last
// logout, not the sessions between.
func (x *threeCX) readLogins(ctx context.Context, ag *agents, from, to time.Time) error {
	path := "/xapi/v1/ReportAgentLoginHistory/Pbx.GetAgentLoginHistoryData(clientTimeZone='UTC',startDt=" + literal(from) +
		",endDt=" + literal(to) + ",queueDnStr='',agentDnStr='')"
	return x.get(ctx, path, func(r io.Reader) error {
		var page struct {
			Value []loginDay `json:"value"`
		}
		if err := json.NewDecoder(r).Decode(&page); err != nil {
			return err
		}
		return x.storeLogins(ctx, ag, page.Value)
	})
}

func (x *threeCX) storeLogins(ctx context.Context, ag *agents, rows []loginDay) error {
	var events []activity.SessionEvent
	for _, row := range rows {
		user := ag.ref(row.AgentNo, row.Agent)
		for _, e := range []struct {
			action string
			at     *string
		}{{activity.Login, row.LoggedIn}, {activity.Logout, row.LoggedOutDt}} {
			if e.at == nil {
				continue
			}
			t, err := parseTime(e.action, *e.at)
			if err != nil {
				return err
			}
			events = append(events, activity.SessionEvent{User: user, Action: e.action, Time: t, Queue: row.QueueNo})
		}
	}
	if err := x.createAgents(ctx, ag); err != nil {
		return err
	}
	return x.s.count(x.s.cfg.DB.IngestSessionEvents(ctx, x.s.cfg.Tenant.ID, events))
}
