package oneuptime

import (
	"encoding/json"
	"net/http"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/store"
)

// listAnswer is get-list's answer: count is every match, data one page.
type listAnswer struct {
	Count int64             `json:"count"`
	Limit int               `json:"limit"`
	Skip  int               `json:"skip"`
	Data  []json.RawMessage `json:"data"`
}

// GetList serves POST and GET /api/call-log/get-list.
func (h *Handler) GetList(w http.ResponseWriter, r *http.Request) {
	p, req, err := h.begin(r)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	answer, err := h.list(r, p, req)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, answer)
}

func (h *Handler) list(r *http.Request, p auth.Principal, req request) (listAnswer, error) {
	skip, limit, err := paging(r.URL.Query(), req, h.maxLimit())
	if err != nil {
		return listAnswer{}, err
	}
	q, selected, err := parseRead(req)
	if err != nil {
		return listAnswer{}, err
	}
	answer := listAnswer{Limit: limit, Skip: skip, Data: []json.RawMessage{}}
	if answer.Count, err = h.DB.CountCalls(r.Context(), p.Tenant.ID, q); err != nil {
		return answer, err
	}
	q.Limit, q.Offset = limit, skip
	err = h.DB.FindCalls(r.Context(), p.Tenant.ID, q, func(c activity.Call) error {
		answer.Data = append(answer.Data, render(c, p.Tenant, selected))
		return nil
	})
	return answer, err
}

// Count serves POST /api/call-log/count.
func (h *Handler) Count(w http.ResponseWriter, r *http.Request) {
	p, req, err := h.begin(r)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	conds, err := parseQuery(req.Query)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	n, err := h.DB.CountCalls(r.Context(), p.Tenant.ID, store.CallQuery{Conditions: conds})
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int64{"count": n})
}

// GetItem serves POST and GET /api/call-log/{id}/get-item. A call that is
// not there (or is another tenant's) is an empty object, as OneUptime's
// server answers and its clients expect.
func (h *Handler) GetItem(w http.ResponseWriter, r *http.Request) {
	p, req, err := h.begin(r)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	id := r.PathValue("id")
	if !activity.IsUUID(id) {
		h.writeError(w, r, badRequest("Invalid ID format: %q. Expected a valid UUID.", id))
		return
	}
	selected, err := parseSelect(req.Select)
	if err != nil {
		h.writeError(w, r, err)
		return
	}
	c, err := h.DB.Call(r.Context(), p.Tenant.ID, id)
	switch activity.ErrorCode(err) {
	case "":
		writeJSON(w, http.StatusOK, render(c, p.Tenant, selected))
	case activity.ENotFound:
		writeJSON(w, http.StatusOK, struct{}{})
	default:
		h.writeError(w, r, err)
	}
}

// begin authenticates and reads the body, the first steps of every read.
func (h *Handler) begin(r *http.Request) (auth.Principal, request, error) {
	p, err := h.authenticate(r)
	if err != nil {
		return p, request{}, err
	}
	req, err := readBody(r)
	return p, req, err
}

// parseRead reads the query, sort and select of a list.
func parseRead(req request) (store.CallQuery, []column, error) {
	conds, err := parseQuery(req.Query)
	if err != nil {
		return store.CallQuery{}, nil, err
	}
	sorts, err := parseSort(req.Sort)
	if err != nil {
		return store.CallQuery{}, nil, err
	}
	selected, err := parseSelect(req.Select)
	return store.CallQuery{Conditions: conds, Sort: sorts}, selected, err
}

func (h *Handler) maxLimit() int {
	if h.MaxLimit > 0 {
		return h.MaxLimit
	}
	return DefaultMaxLimit
}
