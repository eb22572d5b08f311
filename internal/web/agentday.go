package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/web/chart"
)

// agentDay is one agent's day: their statuses, sessions and calls.
type agentDay struct {
	User             activity.User
	Date, Prev, Next string // YYYY-MM-DD
	TZ               string // the zone asked for; "" for the tenant's
	IsToday          bool
	Chart            template.HTML
	Statuses         []dayInterval
	Sessions         []dayInterval
	Calls            []activity.Call
	Legend           []chart.Series
}

type dayInterval struct {
	State      string
	Start, End time.Time
	Open       bool
	Color      string
}

// Duration is how long the interval lasted (so far, when open).
func (d dayInterval) Duration() time.Duration { return d.End.Sub(d.Start) }

// AgentDay serves GET /agents/{id}?date=YYYY-MM-DD[&tz=ZONE]: a timeline
// of one agent's day in the tenant's zone (or the one asked for), with the
// previous and next days a click away.
func (w *Web) AgentDay(rw http.ResponseWriter, r *http.Request, v *Visit) {
	u, err := w.DB.User(r.Context(), v.Tenant.ID, r.PathValue("id"))
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	tz := r.URL.Query().Get("tz")
	if tz != "" {
		if v.Zone, err = activity.ParseZone(tz); err != nil {
			w.fail(rw, r, v, err)
			return
		}
	}
	start, err := dayParam(r.URL.Query().Get("date"), v.Zone, w.DB.Now())
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	d, err := w.agentDay(r.Context(), v, u, start)
	if err != nil {
		w.fail(rw, r, v, err)
		return
	}
	d.TZ = tz
	title := u.Login
	if u.Name != "" {
		title = u.Name
	}
	w.render(rw, r, http.StatusOK, "agentday.html", view{Visit: v, Title: title + " on " + d.Date, Nav: "wallboard", Data: d})
}

// dayParam reads a date as the local midnight starting it; "" is today.
func dayParam(s string, zone *time.Location, now time.Time) (time.Time, error) {
	if s == "" {
		y, m, d := now.In(zone).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, zone), nil
	}
	t, err := time.ParseInLocation("2006-01-02", s, zone)
	if err != nil || t.Year() < 1971 || t.Year() > 9998 {
		return t, activity.Errorf(activity.EInvalid, "date %q is not valid: use YYYY-MM-DD", s)
	}
	return t, nil
}

func (w *Web) agentDay(ctx context.Context, v *Visit, u activity.User, start time.Time) (agentDay, error) {
	end := start.AddDate(0, 0, 1)
	now := w.DB.Now()
	d := agentDay{User: u, Date: start.Format("2006-01-02"), Prev: start.AddDate(0, 0, -1).Format("2006-01-02"),
		Next: end.Format("2006-01-02"), IsToday: !now.Before(start) && now.Before(end)}
	colors, err := w.statusColors(ctx, v.Tenant.ID)
	if err != nil {
		return d, err
	}
	upTo := minTime(now, end)
	if d.Statuses, err = w.dayStatuses(ctx, v.Tenant.ID, u.ID, start, end, upTo, colors); err != nil {
		return d, err
	}
	if d.Sessions, err = w.daySessions(ctx, v.Tenant, u.ID, start, end, upTo); err != nil {
		return d, err
	}
	err = w.DB.Calls(ctx, v.Tenant.ID, store.EventFilter{From: start, To: end, UserIDs: []string{u.ID}}, func(c activity.Call) error {
		d.Calls = append(d.Calls, c)
		return nil
	})
	d.Chart = dayChart(d, start, end, v.Zone)
	d.Legend = legendOf(d.Statuses)
	return d, err
}

// dayStatuses are the status intervals overlapping the day, clipped to it;
// the status held when the day began counts from midnight.
func (w *Web) dayStatuses(ctx context.Context, tenantID int64, userID string, start, end, upTo time.Time, colors map[string]string) ([]dayInterval, error) {
	lead, err := w.DB.LastStatusesBefore(ctx, tenantID, start, []string{userID})
	if err != nil {
		return nil, err
	}
	var changes []activity.StatusChange
	if e, ok := lead[userID]; ok {
		changes = append(changes, activity.StatusChange{Status: e.Status, Time: e.Time})
	}
	err = w.DB.StatusEvents(ctx, tenantID, store.EventFilter{From: start, To: end, UserIDs: []string{userID}}, func(e store.StoredStatusEvent) error {
		changes = append(changes, activity.StatusChange{Status: e.Status, Time: e.Time})
		return nil
	})
	var out []dayInterval
	for _, iv := range clipIntervals(activity.StatusIntervals(changes, upTo), start, end) {
		if iv.State == "" {
			continue // cleared: no status to draw
		}
		out = append(out, dayInterval{State: iv.State, Start: iv.Start, End: iv.End, Open: iv.Open, Color: colorOf(colors, iv.State)})
	}
	return out, err
}

// daySessions are the sessions overlapping the day; a session without a
// logout closes at the tenant's timeout.
func (w *Web) daySessions(ctx context.Context, t activity.Tenant, userID string, start, end, upTo time.Time) ([]dayInterval, error) {
	timeout := sessionTimeout(t)
	var changes []activity.SessionChange
	err := w.DB.SessionEvents(ctx, t.ID, store.EventFilter{From: start.Add(-timeout), To: end, UserIDs: []string{userID}}, func(e store.StoredSessionEvent) error {
		changes = append(changes, activity.SessionChange{Action: e.Action, Queue: e.Queue, Time: e.Time})
		return nil
	})
	var out []dayInterval
	for _, iv := range clipIntervals(activity.SessionIntervals(changes, upTo, timeout), start, end) {
		label := "Logged in" // sessions of several queues merge into one span
		if iv.Flagged {
			label += " (no logout: closed by the timeout)"
		}
		out = append(out, dayInterval{State: label, Start: iv.Start, End: iv.End, Open: iv.Open, Color: "#16324f"})
	}
	return out, err
}

// clipIntervals keeps the parts of intervals inside [start, end).
func clipIntervals(list []activity.Interval, start, end time.Time) []activity.Interval {
	var out []activity.Interval
	for _, iv := range list {
		if !iv.End.After(start) || !iv.Start.Before(end) {
			continue
		}
		if iv.Start.Before(start) {
			iv.Start = start
		}
		if iv.End.After(end) {
			iv.End = end
		}
		out = append(out, iv)
	}
	return out
}

func dayChart(d agentDay, start, end time.Time, zone *time.Location) template.HTML {
	status, sessions, calls := chart.Lane{Label: "Status"}, chart.Lane{Label: "Session"}, chart.Lane{Label: "Calls"}
	span := func(iv dayInterval) string {
		return fmt.Sprintf("%s, %s–%s (%s)", iv.State, iv.Start.In(zone).Format("15:04:05"), iv.End.In(zone).Format("15:04:05"), formatDuration(iv.Duration()))
	}
	for _, iv := range d.Statuses {
		status.Bands = append(status.Bands, chart.Band{From: iv.Start, To: iv.End, Color: iv.Color, Title: span(iv)})
	}
	for _, iv := range d.Sessions {
		sessions.Bands = append(sessions.Bands, chart.Band{From: iv.Start, To: iv.End, Color: iv.Color, Title: span(iv)})
	}
	for _, c := range d.Calls {
		calls.Marks = append(calls.Marks, callMark(c, zone))
	}
	return chart.Timeline{Start: start, End: end, Zone: zone, Lanes: []chart.Lane{status, sessions, calls},
		Label: "Timeline of the day: statuses, sessions and calls"}.SVG()
}

func callMark(c activity.Call, zone *time.Location) chart.Mark {
	at := c.CreatedAt
	to := at
	if c.EndedAt != nil {
		to = *c.EndedAt
	}
	col, what := "#a4161a", "unanswered"
	if c.AnsweredAt != nil {
		col, what = "#0b5cad", "answered"
	}
	title := fmt.Sprintf("%s %s call at %s, %s → %s", what, c.Direction, at.In(zone).Format("15:04:05"), c.FromNumber, c.ToNumber)
	return chart.Mark{At: at, To: to, Color: col, Title: title}
}

// legendOf lists the statuses of the day, each once, in order of first
// appearance.
func legendOf(list []dayInterval) []chart.Series {
	seen := map[string]bool{}
	var out []chart.Series
	for _, iv := range list {
		if !seen[iv.State] {
			seen[iv.State] = true
			out = append(out, chart.Series{Name: iv.State, Color: iv.Color})
		}
	}
	return out
}

// statusColors maps each defined status to its colour.
func (w *Web) statusColors(ctx context.Context, tenantID int64) (map[string]string, error) {
	defs, err := w.DB.StatusDefinitions(ctx, tenantID)
	out := make(map[string]string, len(defs))
	for _, d := range defs {
		out[d.Name] = d.Color
	}
	return out, err
}

func colorOf(colors map[string]string, status string) string {
	if c, ok := colors[status]; ok {
		return c
	}
	return activity.UndefinedColor
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
