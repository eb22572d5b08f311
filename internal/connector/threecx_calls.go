package connector

import (
	"context"
	"encoding/json"
	"io"
	"net/url"
	"strconv"
	"time"

	"agentlog/internal/activity"
)

// callSegment is a row of 3CX's CallHistoryView, the properties a call is
// made of.
type callSegment struct {
	Start          string  `json:"SegmentStartTime"`
	End            string  `json:"SegmentEndTime"`
	Answered       *bool   `json:"CallAnswered"`
	SrcNumber      *string `json:"SrcCallerNumber"`
	DstNumber      *string `json:"DstCallerNumber"`
	SrcDn          *string `json:"SrcDn"`
	DstDn          *string `json:"DstDn"`
	SrcDisplayName *string `json:"SrcDisplayName"`
	DstDisplayName *string `json:"DstDisplayName"`
	SrcExternal    bool    `json:"SrcExternal"`
	DstExternal    bool    `json:"DstExternal"`
}

// readCalls pages through the calls that started in the window, ordered by
// start (3CX breaks ties by call id). $skip moves on by the rows answered,
// so that a server answering fewer than $top (with an @odata.nextLink) is
// read whole too.
func (x *threeCX) readCalls(ctx context.Context, ag *agents, from, to time.Time) error {
	filter := "SegmentStartTime ge " + activity.FormatTime(from) + " and SegmentStartTime lt " + activity.FormatTime(to)
	for skip := 0; ; {
		q := url.Values{"$filter": {filter}, "$orderby": {"SegmentStartTime"},
			"$top": {strconv.Itoa(threeCXTop)}, "$skip": {strconv.Itoa(skip)}}
		var page struct {
			Value []callSegment `json:"value"`
			Next  string        `json:"@odata.nextLink"`
		}
		err := x.get(ctx, "/xapi/v1/CallHistoryView?"+q.Encode(), func(r io.Reader) error {
			if err := json.NewDecoder(r).Decode(&page); err != nil {
				return err
			}
			return x.storeCalls(ctx, ag, page.Value)
		})
		if err != nil || len(page.Value) == 0 || len(page.Value) < threeCXTop && page.Next == "" {
			return err
		}
		skip += len(page.Value)
	}
}

func (x *threeCX) storeCalls(ctx context.Context, ag *agents, segments []callSegment) error {
	calls := make([]activity.Call, len(segments))
	for i, seg := range segments {
		c, err := seg.call(ag)
		if err != nil {
			return err
		}
		calls[i] = c
	}
	if err := x.createAgents(ctx, ag); err != nil {
		return err
	}
	return x.s.count(x.s.cfg.DB.IngestCalls(ctx, x.s.cfg.Tenant.ID, calls))
}

// call makes a call of a segment. The outside party decides the direction;
// the handler is the extension on the other side (of an internal call, the
// side that shows the agent's name, else the source). 3CX gives no answer
// time: an answered call is taken as answered at its start. The call has
// no id of 3CX's (SegmentId is not stable), so its id is derived from its
// parties and start.
func (seg callSegment) call(ag *agents) (activity.Call, error) {
	start, err := parseTime("SegmentStartTime", seg.Start)
	if err != nil {
		return activity.Call{}, err
	}
	end, err := parseTime("SegmentEndTime", seg.End)
	if err != nil {
		return activity.Call{}, err
	}
	c := activity.Call{Direction: activity.Internal, FromNumber: deref(seg.SrcNumber), ToNumber: deref(seg.DstNumber), StartedAt: &start}
	ext, name := deref(seg.SrcDn), deref(seg.SrcDisplayName)
	switch {
	case seg.SrcExternal:
		c.Direction, ext, name = activity.Inbound, deref(seg.DstDn), deref(seg.DstDisplayName)
	case seg.DstExternal:
		c.Direction = activity.Outbound
	case seg.DstDisplayName != nil:
		ext, name = deref(seg.DstDn), deref(seg.DstDisplayName)
	}
	c.Extension, c.User = ext, ag.ref(ext, name)
	if end.After(start) {
		c.EndedAt = &end
	}
	if seg.Answered != nil && *seg.Answered {
		c.AnsweredAt = &start
	}
	return c, nil
}
