package voipcube

import (
	"bufio"
	"encoding/json"
	"net/http"

	"agentlog/internal/activity"
	"agentlog/internal/metrics"
	"agentlog/internal/store"
)

// entry is one log entry as VoIPcube writes it: status, userId, time.
type entry struct {
	Status string `json:"status"`
	UserID string `json:"userId"`
	Time   string `json:"time"`
}

// stream writes the events of f as a JSON array while it reads them, so
// memory does not grow with the period. An error before the first row is
// an ordinary error answer; one after it can only cut the response short.
func (h *Handler) stream(w http.ResponseWriter, r *http.Request, tenantID int64, f store.EventFilter) {
	out := bufio.NewWriterSize(w, 32<<10)
	n := 0
	err := h.DB.StatusEvents(r.Context(), tenantID, f, func(e store.StoredStatusEvent) error {
		if n == 0 {
			w.Header().Set("Content-Type", "application/json; charset=utf-8")
			out.WriteByte('[')
		} else {
			out.WriteByte(',')
		}
		n++
		b, err := json.Marshal(entry{Status: e.Status, UserID: e.User.ID, Time: activity.FormatTime(e.Time)})
		if err != nil {
			return err
		}
		_, err = out.Write(b)
		return err
	})
	metrics.RowsStreamed.WithLabelValues("voipcube").Add(float64(n))
	switch {
	case err != nil && n == 0:
		h.writeError(w, r, err)
	case err != nil:
		h.Log.Warn("status log cut short", "path", r.URL.Path, "rows", n, "err", err)
		panic(http.ErrAbortHandler) // the client must see a broken response, not a short one
	case n == 0:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write([]byte("[]"))
	default:
		out.WriteByte(']')
		_ = out.Flush()
	}
}
