package simulate

import "agentlog/internal/activity"

// StatusDefinitions give the statuses the simulation uses their category
// and colour, for a tenant that shows simulated data (the demo, the pages'
// screenshots).
var StatusDefinitions = []activity.StatusDefinition{
	{Name: statusAvailable, Category: activity.CategoryAvailable, Color: "#2e9e44"},
	{Name: statusVisit, Category: activity.CategoryBusy, Color: "#d9822b"},
	{Name: statusResearch, Category: activity.CategoryBusy, Color: "#c25b1a"},
	{Name: statusMeeting, Category: activity.CategoryBusy, Color: "#8f5bd6"},
	{Name: statusTraining, Category: activity.CategoryOther, Color: "#3a7bd5"},
	{Name: statusBreak, Category: activity.CategoryAway, Color: "#e0b400"},
	{Name: statusLunch, Category: activity.CategoryAway, Color: "#c9a400"},
}
