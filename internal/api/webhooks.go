package api

import (
	"encoding/base64"
	"net/http"
	"strconv"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// Webhook subscriptions (admin scope): their delivery is package webhook's.

type webhookJSON struct {
	ID        string   `json:"id"`
	URL       string   `json:"url"`
	Kinds     []string `json:"kinds"`
	Enabled   bool     `json:"enabled"`
	CreatedAt string   `json:"createdAt"`
	UpdatedAt string   `json:"updatedAt"`
	Secret    string   `json:"secret,omitempty"` // only in the answer that creates it
}

type webhookAttemptJSON struct {
	DeliveryID string   `json:"deliveryId"`
	EventIDs   []string `json:"eventIds"`
	Attempt    int      `json:"attempt"`
	Time       string   `json:"time"`
	DurationMs int64    `json:"durationMs"`
	StatusCode *int     `json:"statusCode"`
	Error      *string  `json:"error"`
	Succeeded  bool     `json:"succeeded"`
}

// ListWebhooks serves GET /api/v1/webhooks.
func (a *API) ListWebhooks(w http.ResponseWriter, r *http.Request) {
	list, err := a.DB.Webhooks(r.Context(), principal(r).Tenant.ID)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	out := make([]webhookJSON, len(list))
	for i, h := range list {
		out[i] = webhookOut(h)
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": out})
}

// GetWebhook serves GET /api/v1/webhooks/{id}.
func (a *API) GetWebhook(w http.ResponseWriter, r *http.Request) {
	h, err := a.DB.Webhook(r.Context(), principal(r).Tenant.ID, r.PathValue("id"))
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, webhookOut(h))
}

// CreateWebhook serves POST /api/v1/webhooks. The answer is the only place
// the signing secret ever appears.
func (a *API) CreateWebhook(w http.ResponseWriter, r *http.Request) {
	var in struct {
		URL     string   `json:"url"`
		Kinds   []string `json:"kinds"`
		Enabled *bool    `json:"enabled"`
	}
	if err := decodeObject(w, r, &in); err != nil {
		a.WriteError(w, r, err)
		return
	}
	h := activity.Webhook{URL: in.URL, Kinds: in.Kinds, Enabled: in.Enabled == nil || *in.Enabled}
	secret, err := a.DB.CreateWebhook(r.Context(), principal(r).Tenant.ID, &h)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	out := webhookOut(h)
	out.Secret = secret
	writeJSON(w, http.StatusCreated, out)
}

// UpdateWebhook serves PATCH /api/v1/webhooks/{id}.
func (a *API) UpdateWebhook(w http.ResponseWriter, r *http.Request) {
	var in struct {
		URL     *string   `json:"url"`
		Kinds   *[]string `json:"kinds"`
		Enabled *bool     `json:"enabled"`
	}
	if err := decodeObject(w, r, &in); err != nil {
		a.WriteError(w, r, err)
		return
	}
	h, err := a.DB.UpdateWebhook(r.Context(), principal(r).Tenant.ID, r.PathValue("id"),
		activity.WebhookPatch{URL: in.URL, Kinds: in.Kinds, Enabled: in.Enabled})
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, webhookOut(h))
}

// DeleteWebhook serves DELETE /api/v1/webhooks/{id}.
func (a *API) DeleteWebhook(w http.ResponseWriter, r *http.Request) {
	if err := a.DB.DeleteWebhook(r.Context(), principal(r).Tenant.ID, r.PathValue("id")); err != nil {
		a.WriteError(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// ListWebhookDeliveries serves GET /api/v1/webhooks/{id}/deliveries: the
// attempts, newest first, paged by a cursor.
func (a *API) ListWebhookDeliveries(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	n, err := limit(q.Get("limit"))
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	before, err := decodeAttemptCursor(q.Get("cursor"))
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	list, err := a.DB.WebhookAttempts(r.Context(), principal(r).Tenant.ID, r.PathValue("id"), before, n)
	if err != nil {
		a.WriteError(w, r, err)
		return
	}
	out := page[webhookAttemptJSON]{Items: make([]webhookAttemptJSON, len(list))}
	for i, at := range list {
		out.Items[i] = attemptOut(at)
	}
	if len(list) == n {
		next := base64.RawURLEncoding.EncodeToString([]byte("a:" + strconv.FormatInt(list[n-1].Seq, 10)))
		out.NextCursor = &next
	}
	writeJSON(w, http.StatusOK, out)
}

// decodeAttemptCursor reads the cursor of the delivery log: the seq of the
// last attempt of the previous page; 0 without one.
func decodeAttemptCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	var seq int64
	if err == nil && len(raw) > 2 && string(raw[:2]) == "a:" {
		seq, err = strconv.ParseInt(string(raw[2:]), 10, 64)
	}
	if err != nil || seq <= 0 {
		return 0, activity.Errorf(activity.EInvalid, "cursor %q is not valid: pass the nextCursor of the previous page unchanged", s)
	}
	return seq, nil
}

func webhookOut(h activity.Webhook) webhookJSON {
	return webhookJSON{ID: h.ID, URL: h.URL, Kinds: h.Kinds, Enabled: h.Enabled,
		CreatedAt: activity.FormatTime(h.CreatedAt), UpdatedAt: activity.FormatTime(h.UpdatedAt)}
}

func attemptOut(at activity.WebhookAttempt) webhookAttemptJSON {
	j := webhookAttemptJSON{DeliveryID: at.DeliveryID, EventIDs: at.EventIDs, Attempt: at.Attempt,
		Time: activity.FormatTime(at.Time), DurationMs: at.Duration.Milliseconds(), Succeeded: at.Succeeded()}
	if at.StatusCode != 0 {
		j.StatusCode = &at.StatusCode
	}
	if at.Error != "" {
		j.Error = &at.Error
	}
	if j.EventIDs == nil {
		j.EventIDs = []string{}
	}
	return j
}

// FeedItemData is a feed row as the API lists it, for the deliverer of
// webhooks: a receiver gets the same JSON a client reading the lists does.
func FeedItemData(item store.FeedItem) any {
	switch {
	case item.Status != nil:
		return statusEventOut(item.Status.StatusEvent)
	case item.Session != nil:
		return sessionEventOut(item.Session.SessionEvent)
	default:
		return callOut(*item.Call)
	}
}
