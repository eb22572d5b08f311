package api

import (
	"mime"
	"net/http"

	"agentlog/internal/activity"
	"agentlog/internal/ingest"
	"agentlog/internal/metrics"
	"agentlog/internal/store"
)

type ingestAnswer struct {
	Received     int  `json:"received"`
	New          int  `json:"new"`
	Known        int  `json:"known"`
	Replaced     *int `json:"replaced,omitempty"`
	UsersCreated int  `json:"usersCreated"`
}

// IngestStatusEvents serves POST /api/v1/status-events.
func (a *API) IngestStatusEvents(w http.ResponseWriter, r *http.Request) {
	events, err := decodeItems(a, w, r, statusEventJSON.domain)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	res, err := a.DB.IngestStatusEvents(r.Context(), principal(r).Tenant.ID, events)
	countIngested("status", res, err)
	a.answerIngest(w, r, res, err, false)
}

// IngestSessionEvents serves POST /api/v1/session-events.
func (a *API) IngestSessionEvents(w http.ResponseWriter, r *http.Request) {
	events, err := decodeItems(a, w, r, sessionEventJSON.domain)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	res, err := a.DB.IngestSessionEvents(r.Context(), principal(r).Tenant.ID, events)
	countIngested("session", res, err)
	a.answerIngest(w, r, res, err, false)
}

// IngestCalls serves POST /api/v1/calls.
func (a *API) IngestCalls(w http.ResponseWriter, r *http.Request) {
	calls, err := decodeItems(a, w, r, callJSON.domain)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	res, err := a.DB.IngestCalls(r.Context(), principal(r).Tenant.ID, calls)
	countIngested("call", res, err)
	a.answerIngest(w, r, res, err, true)
}

func (a *API) answerIngest(w http.ResponseWriter, r *http.Request, res store.IngestResult, err error, calls bool) {
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	answer := ingestAnswer{Received: res.Received, New: res.New, Known: res.Known, UsersCreated: res.UsersCreated}
	if calls {
		answer.Replaced = &res.Replaced
	}
	writeJSON(w, http.StatusOK, answer)
}

// countIngested counts the events of a committed batch for /metrics.
func countIngested(kind string, res store.IngestResult, err error) {
	if err != nil {
		return
	}
	metrics.IngestedEvents.WithLabelValues(kind, "new").Add(float64(res.New))
	metrics.IngestedEvents.WithLabelValues(kind, "known").Add(float64(res.Known))
}

// decodeItems reads a batch within the size limits and converts each item
// to the domain, naming the first item that does not convert.
func decodeItems[J any, D any](a *API, w http.ResponseWriter, r *http.Request, convert func(J) (D, error)) ([]D, error) {
	body := http.MaxBytesReader(w, r.Body, a.Limits.MaxBodyBytes)
	items, err := ingest.DecodeBatch[J](body, isNDJSON(r), a.Limits.MaxBatch)
	if err != nil {
		return nil, err
	}
	out := make([]D, len(items))
	for i, item := range items {
		if out[i], err = convert(item); err != nil {
			return nil, activity.Errorf(activity.EInvalid, "item %d: %s", i, activity.ErrorMessage(err))
		}
	}
	return out, nil
}

func isNDJSON(r *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return mt == "application/x-ndjson" || mt == "application/jsonl" || mt == "application/jsonlines"
}
