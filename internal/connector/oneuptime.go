package connector

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"agentlog/internal/activity"
)

// oneuptime reads OneUptime's Call Log, POST /api/call-log/get-list, into
// calls. Windows are periods of updatedAt, so that a call changed after it
// was read is read again; within a window the list is sorted on updatedAt
// and _id (stable: ties never repeat or skip) and read with skip and limit
// at OneUptime's documented maximum of 100.
type oneuptime struct{ s *syncer }

const (
	oneuptimeWindow = 7 * 24 * time.Hour
	oneuptimeLimit  = 100 // the documented maximum of limit
	// oneuptimeRereads bounds how often a window whose count changed
	// while it was paged through is read again.
	oneuptimeRereads = 3
)

// oneuptimeItem is a call log with every column selected.
type oneuptimeItem struct {
	ID            string          `json:"_id"`
	CreatedAt     string          `json:"createdAt"`
	UpdatedAt     string          `json:"updatedAt"`
	ToNumber      *string         `json:"toNumber"`
	FromNumber    *string         `json:"fromNumber"`
	CallData      json.RawMessage `json:"callData"`
	StatusMessage *string         `json:"statusMessage"`
	Status        *string         `json:"status"`
	Cost          int64           `json:"callCostInUSDCents"`
}

// oneuptimeColumns are the columns asked for: every plain one and the link
// ids (the relations repeat the link ids).
var oneuptimeColumns = func() map[string]bool {
	cols := map[string]bool{"createdAt": true, "updatedAt": true, "toNumber": true, "fromNumber": true,
		"callData": true, "statusMessage": true, "status": true, "callCostInUSDCents": true}
	for _, link := range activity.LinkNames {
		cols[link+"Id"] = true
	}
	return cols
}()

func (o *oneuptime) span(pos, end time.Time) (time.Time, time.Time) {
	return pos, earliest(pos.Add(o.s.windowOr(oneuptimeWindow, 0)), end)
}

// read pages through the window. The list answers its total count on every
// page: if it changed midway (calls were updated into or out of the
// window), pages may have shifted, and the window is read again.
func (o *oneuptime) read(ctx context.Context, from, to time.Time) error {
	for attempt := 0; ; attempt++ {
		stable, err := o.readWindow(ctx, from, to)
		if err != nil || stable {
			return err
		}
		if attempt == oneuptimeRereads {
			return fmt.Errorf("the call log kept changing while it was read %d times", attempt+1)
		}
		o.s.cfg.Progress("oneuptime: the count changed while paging; reading the window again")
	}
}

func (o *oneuptime) readWindow(ctx context.Context, from, to time.Time) (stable bool, err error) {
	body, err := json.Marshal(map[string]any{
		"query": map[string]any{"updatedAt": map[string]any{"_type": "InBetween",
			"startValue": activity.FormatTime(from), "endValue": activity.FormatTime(to.Add(-time.Millisecond))}},
		"select": oneuptimeColumns,
		"sort":   json.RawMessage(`{"updatedAt":"ASC","_id":"ASC"}`),
	})
	if err != nil {
		return false, err
	}
	first := -1
	for skip := 0; ; skip += oneuptimeLimit {
		var page struct {
			Count int               `json:"count"`
			Data  []json.RawMessage `json:"data"`
		}
		url := o.s.cfg.URL + "/api/call-log/get-list?skip=" + strconv.Itoa(skip) + "&limit=" + strconv.Itoa(oneuptimeLimit)
		err := o.s.post(ctx, url, "application/json", string(body), o.header, func(r io.Reader) error {
			if err := json.NewDecoder(r).Decode(&page); err != nil {
				return err
			}
			return o.store(ctx, page.Data)
		})
		if err != nil {
			return false, err
		}
		if first < 0 {
			first = page.Count
		}
		if page.Count != first {
			return false, nil
		}
		if len(page.Data) < oneuptimeLimit || skip+len(page.Data) >= page.Count {
			return true, nil
		}
	}
}

func (o *oneuptime) header(h http.Header) { h.Set("ApiKey", o.s.cfg.Key) }

// store keeps a page as calls with their ids. OneUptime's call log is of
// the calls it places, so they are outbound; it names no agent, and its
// createdAt is the call's start.
func (o *oneuptime) store(ctx context.Context, data []json.RawMessage) error {
	calls := make([]activity.Call, len(data))
	for i, raw := range data {
		c, err := oneuptimeCall(raw)
		if err != nil {
			return err
		}
		calls[i] = c
	}
	return o.s.count(o.s.cfg.DB.IngestCalls(ctx, o.s.cfg.Tenant.ID, calls))
}

func oneuptimeCall(raw json.RawMessage) (activity.Call, error) {
	var item oneuptimeItem
	if err := json.Unmarshal(raw, &item); err != nil {
		return activity.Call{}, err
	}
	var columns map[string]json.RawMessage
	if err := json.Unmarshal(raw, &columns); err != nil {
		return activity.Call{}, err
	}
	created, err := parseTime("createdAt", item.CreatedAt)
	if err != nil {
		return activity.Call{}, err
	}
	updated, err := parseTime("updatedAt", item.UpdatedAt)
	if err != nil {
		return activity.Call{}, err
	}
	c := activity.Call{ID: item.ID, Direction: activity.Outbound, FromNumber: deref(item.FromNumber), ToNumber: deref(item.ToNumber),
		StartedAt: &created, UpdatedAt: updated, Status: deref(item.Status), StatusMessage: item.StatusMessage,
		CostCents: item.Cost, Links: map[string]string{}}
	if string(item.CallData) != "null" {
		c.CallData = item.CallData
	}
	for _, link := range activity.LinkNames {
		var id *string
		if err := json.Unmarshal(orNull(columns[link+"Id"]), &id); err != nil {
			return c, err
		}
		if id != nil {
			c.Links[link] = *id
		}
	}
	return c, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func orNull(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("null")
	}
	return raw
}
