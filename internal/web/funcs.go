package web

import (
	"fmt"
	"html/template"
	"time"

	"agentlog/internal/activity"
)

var timeZero time.Time

// funcs are the helpers templates may call.
var funcs = template.FuncMap{
	"duration": formatDuration,
	"clock":    func(t time.Time, zone *time.Location) string { return t.In(zone).Format("15:04:05") },
	"datetime": func(t time.Time, zone *time.Location) string { return t.In(zone).Format("2006-01-02 15:04:05") },
	"hours":    func(seconds float64) string { return fmt.Sprintf("%.1f", seconds/3600) },
	"bucketChoices": func() [][2]string {
		return [][2]string{{"all", "whole period"}, {"15m", "15 minutes"}, {"30m", "30 minutes"}, {"1h", "hour"}, {"1d", "day"}, {"1w", "week"}, {"1M", "month"}}
	},
	"directionChoices": func() []string { return []string{"outbound", "internal", "all"} },
	"callDirections":   func() []string { return []string{"inbound", "outbound", "internal"} },
	"talk":             talkTime,
	"categories": func() []string {
		return []string{activity.CategoryAvailable, activity.CategoryBusy, activity.CategoryAway, activity.CategoryOffline, activity.CategoryOther}
	},
	"cents": func(c int64) string { return fmt.Sprintf("%d.%02d", c/100, c%100) },
	"percent": func(part, whole int) string {
		if whole == 0 {
			return "–"
		}
		return fmt.Sprintf("%.0f%%", 100*float64(part)/float64(whole))
	},
}

// talkTime is how long a call was answered: answer to end, or "–".
func talkTime(c activity.Call) string {
	if c.AnsweredAt == nil || c.EndedAt == nil {
		return "–"
	}
	return formatDuration(c.EndedAt.Sub(*c.AnsweredAt))
}

// formatDuration writes a duration the way a wallboard shows it: 2h 05m,
// 12m 30s, 45s.
func formatDuration(d time.Duration) string {
	d = d.Round(time.Second)
	switch {
	case d < 0:
		return "0s"
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%dm %02ds", int(d.Minutes()), int(d.Seconds())%60)
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh %02dm", int(d.Hours()), int(d.Minutes())%60)
	}
	return fmt.Sprintf("%dd %02dh", int(d.Hours())/24, int(d.Hours())%24)
}
