package xapi

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/odata"
	"agentlog/internal/store"
)

// agentLoginHistory declares Pbx.AgentLoginHistory: one row per agent,
// queue and local day. loggedInDt has a lower-case l, as 3CX spells it.
var agentLoginHistory = &odata.Entity{Name: "AgentLoginHistory", Properties: []odata.Property{
	{Name: "QueueNo", Type: odata.String},
	{Name: "AgentNo", Type: odata.String},
	{Name: "Agent", Type: odata.String},
	{Name: "Day", Type: odata.DateTimeOffset, Nullable: true},
	{Name: "loggedInDt", Type: odata.DateTimeOffset, Nullable: true},
	{Name: "LoggedOutDt", Type: odata.DateTimeOffset, Nullable: true},
	{Name: "LoggedInInterval", Type: odata.Duration, Nullable: true},
	{Name: "LoggedInDayInterval", Type: odata.Duration, Nullable: true},
	{Name: "LoggedInTotalInterval", Type: odata.Duration, Nullable: true},
	{Name: "TalkingInterval", Type: odata.Duration, Nullable: true},
	{Name: "TalkingDayInterval", Type: odata.Duration, Nullable: true},
	{Name: "TalkingTotalInterval", Type: odata.Duration, Nullable: true},
}}

var loginHistoryReport = &functionReport{
	set:       "ReportAgentLoginHistory",
	entity:    agentLoginHistory,
	get:       "Pbx.GetAgentLoginHistoryData",
	downloads: []string{"Pbx.DownloadAgentLoginHistory"},
	read:      readLoginHistory,
}

// ReportAgentLoginHistory serves GET /xapi/v1/ReportAgentLoginHistory/{function}.
func (h *Handler) ReportAgentLoginHistory(w http.ResponseWriter, r *http.Request) {
	h.serveReport(w, r, loginHistoryReport)
}

// loginHistoryQuery holds the parameters of GetAgentLoginHistoryData.
type loginHistoryQuery struct {
	zone     *time.Location
	from, to time.Time
	queues   []string // nil: all
	agents   []string // extensions; nil: all agents
}

// talkLookback is how long before the period a call may have started for
// its talk inside the period to count.
const talkLookback = 24 * time.Hour

func readLoginHistory(h *Handler, p auth.Principal, f function) (func(context.Context) ([]odata.Row, error), error) {
	ps := newParams(f)
	q := loginHistoryQuery{zone: ps.zone("clientTimeZone"), from: ps.dateTime("startDt"), to: ps.dateTime("endDt"),
		queues: items(ps.text("queueDnStr")), agents: items(ps.text("agentDnStr"))}
	if err := ps.done(); err != nil {
		return nil, err
	}
	if err := checkPeriod(q.from, q.to, "endDt"); err != nil {
		return nil, err
	}
	return func(ctx context.Context) ([]odata.Row, error) { return h.loginHistoryRows(ctx, p.Tenant, q) }, nil
}

// loginHistoryRows makes the rows: each agent's sessions per queue, split
// at local midnight and at the period's ends, with the talk of the agent's
// answered calls of that queue. A session still running now runs until now
// and has no LoggedOutDt.
func (h *Handler) loginHistoryRows(ctx context.Context, tenant activity.Tenant, q loginHistoryQuery) ([]odata.Row, error) {
	users, err := h.DB.Users(ctx, tenant.ID)
	if err != nil {
		return nil, err
	}
	agents := users
	if q.agents != nil {
		agents = slices.DeleteFunc(slices.Clone(users), func(u activity.User) bool { return !slices.Contains(q.agents, u.Extension) })
	}
	timeout := tenant.SessionTimeout
	if timeout == 0 {
		timeout = activity.DefaultSessionTimeout
	}
	talk, err := h.agentTalk(ctx, tenant.ID, agents, len(agents) == len(users), q)
	if err != nil {
		return nil, err
	}
	lh := loginHistory{days: activity.Buckets(q.from, q.to, q.zone, activity.Day), period: activity.Span{Start: q.from, End: q.to}, zone: q.zone}
	// Sessions are followed one timeout past the period, by when every
	// session open at its end has closed, so that one running past the
	// period's end is cut there as at midnight; only one still running now
	// has no logout.
	end := q.to.Add(timeout)
	if now := h.DB.Now(); now.Before(end) {
		end = now
	}
	var rows []odata.Row
	for _, a := range agents {
		changes, err := h.sessionChanges(ctx, tenant.ID, a.ID, q.from.Add(-timeout), q.to.Add(timeout))
		if err != nil {
			return nil, err
		}
		for queue, sessions := range queueSessions(changes, end, timeout) {
			if q.queues == nil || slices.Contains(q.queues, queue) {
				rows = append(rows, lh.rows(a, queue, sessions, talk[agentQueue{a.ID, queue}])...)
			}
		}
	}
	slices.SortStableFunc(rows, func(a, b odata.Row) int {
		return strings.Compare(a["QueueNo"].(string)+"\x00"+a["AgentNo"].(string), b["QueueNo"].(string)+"\x00"+b["AgentNo"].(string))
	})
	return rows, nil
}

// loginHistory is what the rows of every agent and queue share.
type loginHistory struct {
	days   []time.Time // the starts of the local days
	period activity.Span
	zone   *time.Location
}

// rows makes the rows of one agent and queue, in day order.
func (lh loginHistory) rows(a activity.User, queue string, sessions []activity.Interval, talk []activity.Span) []odata.Row {
	name := a.Name
	if name == "" {
		name = a.Login
	}
	var total time.Duration
	cells := dayCells(sessions, lh.days, lh.period)
	for _, c := range cells {
		if c != nil {
			total += c.logged
		}
	}
	talkTotal := within(talk, lh.period)
	var rows []odata.Row
	for i, c := range cells {
		if c == nil {
			continue
		}
		var out any = c.last.In(lh.zone)
		if c.open {
			out = nil
		}
		rows = append(rows, odata.Row{"QueueNo": queue, "AgentNo": a.Extension, "Agent": name,
			"Day": lh.days[i].In(lh.zone), "loggedInDt": c.first.In(lh.zone), "LoggedOutDt": out,
			"LoggedInInterval": c.last.Sub(c.first), "LoggedInDayInterval": c.logged, "LoggedInTotalInterval": total,
			"TalkingInterval":    within(talk, activity.Span{Start: c.first, End: c.last}),
			"TalkingDayInterval": within(talk, daySpan(lh.days, i, lh.period)), "TalkingTotalInterval": talkTotal})
	}
	return rows
}

// agentQueue keys the talk of an agent (user id) in a queue.
type agentQueue struct{ agent, queue string }

// agentTalk reads the talk of the agents' answered calls, per agent and
// queue. A call is its agent's, or when it names none, its extension's
// agent's (the first by login).
func (h *Handler) agentTalk(ctx context.Context, tenantID int64, agents []activity.User, all bool, q loginHistoryQuery) (map[agentQueue][]activity.Span, error) {
	byID, byExt := map[string]bool{}, map[string]string{}
	var handlers *store.Handlers
	if !all {
		handlers = &store.Handlers{}
	}
	for _, a := range agents {
		byID[a.ID] = true
		if _, taken := byExt[a.Extension]; a.Extension != "" && !taken {
			byExt[a.Extension] = a.ID
		}
		if handlers != nil {
			handlers.UserIDs = append(handlers.UserIDs, a.ID)
			if a.Extension != "" {
				handlers.Extensions = append(handlers.Extensions, a.Extension)
			}
		}
	}
	out := map[agentQueue][]activity.Span{}
	err := h.DB.TalkSpans(ctx, tenantID, q.from.Add(-talkLookback), q.to, handlers, func(s store.TalkSpan) error {
		agent := byExt[s.Extension]
		if s.UserID != "" {
			agent = ""
			if byID[s.UserID] {
				agent = s.UserID
			}
		}
		if agent != "" {
			out[agentQueue{agent, s.Queue}] = append(out[agentQueue{agent, s.Queue}], s.Span)
		}
		return nil
	})
	return out, err
}

// sessionChanges reads a user's session events from one timeout before the
// period on: a session still open at its start began since.
func (h *Handler) sessionChanges(ctx context.Context, tenantID int64, userID string, from, to time.Time) ([]activity.SessionChange, error) {
	var changes []activity.SessionChange
	f := store.EventFilter{From: from, To: to, UserIDs: []string{userID}}
	err := h.DB.SessionEvents(ctx, tenantID, f, func(e store.StoredSessionEvent) error {
		changes = append(changes, activity.SessionChange{Action: e.Action, Queue: e.Queue, Time: e.Time})
		return nil
	})
	return changes, err
}
