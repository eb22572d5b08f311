package xapi

import (
	"context"
	"slices"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// reportQuery holds the nine parameters of the call-count reports
// (GetUserActivity, GetCallDistribution).
type reportQuery struct {
	zone         *time.Location
	from, to     time.Time
	group        string   // "": all
	extensions   []string // nil: all
	wait         time.Duration
	includeQueue bool
	callArea     int // 0 all, 1 internal, 2 external
	unit         activity.Unit
}

// groupingUnits maps groupingType to a bucket size: 0 is the hour 3CX's
// console sends; 1 to 3 are agentlog's reading of the undocumented values.
var groupingUnits = []activity.Unit{activity.Hour, activity.Day, activity.Week, activity.Month}

func readReportQuery(f function) (reportQuery, error) {
	p := newParams(f)
	q := reportQuery{
		zone:         p.zone("clientTimeZone"),
		from:         p.dateTime("periodFrom"),
		to:           p.dateTime("periodTo"),
		group:        p.text("groupNumber"),
		extensions:   list(p.text("extensionDns")),
		wait:         p.timeSpan("waitInterval"),
		includeQueue: p.boolean("includeQueueCalls"),
		callArea:     p.integer("callArea", 0, 2),
		unit:         groupingUnits[p.integer("groupingType", 0, 3)],
	}
	if err := p.done(); err != nil {
		return q, err
	}
	if q.to.Before(q.from) {
		return q, badRequest("periodTo", "periodTo is before periodFrom")
	}
	if q.to.Sub(q.from) > maxPeriod {
		return q, badRequest("periodTo", "the period is longer than %d days: ask for less at once", int(maxPeriod/(24*time.Hour)))
	}
	return q, nil
}

// maxPeriod bounds a report's period, so that one request cannot make
// millions of buckets.
const maxPeriod = 3 * 366 * 24 * time.Hour

// bucket is one row of a call-count report before it is written.
type bucket struct {
	start                time.Time
	answered, unanswered int64
	incoming, outgoing   int64
}

// callBuckets counts the calls of q per local bucket: every bucket of the
// period, empty ones too. The database counts per UTC quarter hour; the
// quarters roll up into the zone's buckets here.
func (h *Handler) callBuckets(ctx context.Context, tenantID int64, q reportQuery) ([]bucket, error) {
	f, err := h.tallyFilter(ctx, tenantID, q)
	if err != nil {
		return nil, err
	}
	tallies, err := h.DB.TallyCalls(ctx, tenantID, f)
	if err != nil {
		return nil, err
	}
	starts := activity.Buckets(q.from, q.to, q.zone, q.unit)
	buckets := make([]bucket, len(starts))
	for i, s := range starts {
		buckets[i].start = s
	}
	for _, t := range tallies {
		if i := activity.BucketIndex(starts, t.Quarter); i >= 0 {
			b := &buckets[i]
			b.answered, b.unanswered = b.answered+t.Answered, b.unanswered+t.Unanswered
			b.incoming, b.outgoing = b.incoming+t.Inbound, b.outgoing+t.Outbound
		}
	}
	return buckets, nil
}

// tallyFilter turns the report's parameters into the store's terms. A group
// and a list of extensions each become the agents they name and their
// extensions; a call must be handled by both.
func (h *Handler) tallyFilter(ctx context.Context, tenantID int64, q reportQuery) (store.TallyFilter, error) {
	f := store.TallyFilter{From: q.from, To: q.to, ExcludeQueue: !q.includeQueue, MinUnansweredRing: q.wait,
		Direction: []string{"", activity.Internal, "external"}[q.callArea]}
	if q.group == "" && len(q.extensions) == 0 {
		return f, nil
	}
	users, err := h.DB.Users(ctx, tenantID)
	if err != nil {
		return f, err
	}
	if q.group != "" {
		f.Handlers = append(f.Handlers, handlersOf(users, func(u activity.User) bool { return slices.Contains(u.Groups, q.group) }))
	}
	if len(q.extensions) > 0 {
		h := handlersOf(users, func(u activity.User) bool { return slices.Contains(q.extensions, u.Extension) })
		h.Extensions = q.extensions
		f.Handlers = append(f.Handlers, h)
	}
	return f, nil
}

// handlersOf is the agents that match, with their extensions.
func handlersOf(users []activity.User, match func(activity.User) bool) store.Handlers {
	var h store.Handlers
	for _, u := range users {
		if !match(u) {
			continue
		}
		h.UserIDs = append(h.UserIDs, u.ID)
		if u.Extension != "" {
			h.Extensions = append(h.Extensions, u.Extension)
		}
	}
	return h
}
