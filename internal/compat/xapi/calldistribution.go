package xapi

import (
	"context"
	"net/http"

	"agentlog/internal/auth"
	"agentlog/internal/odata"
)

// callDistribution declares Pbx.CallDistribution: per bucket, the calls
// that came in and the calls that went out.
var callDistribution = &odata.Entity{Name: "CallDistribution", Properties: []odata.Property{
	{Name: "DateTimeInterval", Type: odata.DateTimeOffset},
	{Name: "IncomingCount", Type: odata.Int},
	{Name: "OutgoingCount", Type: odata.Int},
}}

// callDistributionReport takes the nine parameters of GetUserActivity. The
// vendor's document names the download DownloadGetGetCallDistribution (sic);
// DownloadGetCallDistribution, the name GetUserActivity's twin suggests, is
// accepted too.
var callDistributionReport = &functionReport{
	set:       "ReportCallDistribution",
	entity:    callDistribution,
	get:       "Pbx.GetCallDistribution",
	downloads: []string{"Pbx.DownloadGetGetCallDistribution", "Pbx.DownloadGetCallDistribution"},
	read:      readCallDistribution,
}

// ReportCallDistribution serves GET /xapi/v1/ReportCallDistribution/{function}.
func (h *Handler) ReportCallDistribution(w http.ResponseWriter, r *http.Request) {
	h.serveReport(w, r, callDistributionReport)
}

// readCallDistribution counts, per bucket, inbound calls as incoming and
// outbound calls as outgoing, from the same quarter-hour tallies as
// GetUserActivity. Internal calls are neither.
func readCallDistribution(h *Handler, p auth.Principal, f function) (func(context.Context) ([]odata.Row, error), error) {
	q, err := readReportQuery(f)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) ([]odata.Row, error) {
		buckets, err := h.callBuckets(ctx, p.Tenant.ID, q)
		if err != nil {
			return nil, err
		}
		rows := make([]odata.Row, len(buckets))
		for i, b := range buckets {
			rows[i] = odata.Row{"DateTimeInterval": b.start.In(q.zone), "IncomingCount": b.incoming, "OutgoingCount": b.outgoing}
		}
		return rows, nil
	}, nil
}
