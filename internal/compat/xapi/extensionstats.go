package xapi

import (
	"context"
	"net/http"
	"slices"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/odata"
	"agentlog/internal/store"
)

// extensionStatistics declares Pbx.ExtensionStatistics: one row per
// extension. The vendor's schema lets the counts be null; agentlog always
// fills them.
var extensionStatistics = &odata.Entity{Name: "ExtensionStatistics", Properties: []odata.Property{
	{Name: "Dn", Type: odata.String},
	{Name: "DisplayName", Type: odata.String, Nullable: true},
	{Name: "InboundAnsweredCount", Type: odata.Int, Nullable: true},
	{Name: "InboundAnsweredTalkingDur", Type: odata.Duration, Nullable: true},
	{Name: "InboundUnansweredCount", Type: odata.Int, Nullable: true},
	{Name: "OutboundAnsweredCount", Type: odata.Int, Nullable: true},
	{Name: "OutboundAnsweredTalkingDur", Type: odata.Duration, Nullable: true},
	{Name: "OutboundUnansweredCount", Type: odata.Int, Nullable: true},
}}

var extensionStatisticsReport = &functionReport{
	set:       "ReportExtensionStatistics",
	entity:    extensionStatistics,
	get:       "Pbx.GetExtensionStatisticsData",
	downloads: []string{"Pbx.DownloadExtensionStatistics"},
	read:      readExtensionStatistics,
}

// ReportExtensionStatistics serves GET /xapi/v1/ReportExtensionStatistics/{function}.
func (h *Handler) ReportExtensionStatistics(w http.ResponseWriter, r *http.Request) {
	h.serveReport(w, r, extensionStatisticsReport)
}

// readExtensionStatistics reads periodFrom, periodTo, extensionFilter (one
// extension, or several separated by spaces or commas; empty = all) and
// callArea (0 all, 1 internal, 2 external).
func readExtensionStatistics(h *Handler, p auth.Principal, f function) (func(context.Context) ([]odata.Row, error), error) {
	ps := newParams(f)
	filter := store.ExtensionCallFilter{From: ps.dateTime("periodFrom"), To: ps.dateTime("periodTo"),
		Extensions: items(ps.text("extensionFilter"))}
	filter.Direction = []string{"", activity.Internal, "external"}[ps.integer("callArea", 0, 2)]
	if err := ps.done(); err != nil {
		return nil, err
	}
	if err := checkPeriod(filter.From, filter.To, "periodTo"); err != nil {
		return nil, err
	}
	return func(ctx context.Context) ([]odata.Row, error) {
		return h.extensionStatisticsRows(ctx, p.Tenant.ID, filter)
	}, nil
}

// extensionStatisticsRows makes one row per extension, in the order of Dn:
// every extension of an agent, with zeros when it had no call, and every
// other extension that handled a call of the period. DisplayName is the
// name of the agent with that extension (the first by login), null for an
// extension no agent has.
func (h *Handler) extensionStatisticsRows(ctx context.Context, tenantID int64, f store.ExtensionCallFilter) ([]odata.Row, error) {
	users, err := h.DB.Users(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	counts, err := h.DB.ExtensionCalls(ctx, tenantID, f)
	if err != nil {
		return nil, err
	}
	byExt := map[string]*store.ExtensionCallCounts{}
	for i := range counts {
		byExt[counts[i].Extension] = &counts[i]
	}
	names := map[string]any{}
	for _, u := range users {
		if _, taken := names[u.Extension]; u.Extension == "" || taken || f.Extensions != nil && !slices.Contains(f.Extensions, u.Extension) {
			continue
		}
		names[u.Extension] = u.Name
		if _, ok := byExt[u.Extension]; !ok {
			byExt[u.Extension] = &store.ExtensionCallCounts{Extension: u.Extension}
		}
	}
	exts := make([]string, 0, len(byExt))
	for ext := range byExt {
		exts = append(exts, ext)
	}
	slices.Sort(exts)
	rows := make([]odata.Row, len(exts))
	for i, ext := range exts {
		c := byExt[ext]
		rows[i] = odata.Row{"Dn": ext, "DisplayName": names[ext],
			"InboundAnsweredCount": c.InboundAnswered, "InboundAnsweredTalkingDur": c.InboundTalk,
			"InboundUnansweredCount": c.InboundUnanswered, "OutboundAnsweredCount": c.OutboundAnswered,
			"OutboundAnsweredTalkingDur": c.OutboundTalk, "OutboundUnansweredCount": c.OutboundUnanswered}
	}
	return rows, nil
}
