package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// batch is the events of one delivery, its body, and the feed position
// after them.
type batch struct {
	id   string // the delivery id
	ids  []string
	body []byte
	end  store.FeedPosition
}

// wireEvent is one event of a delivery's body.
type wireEvent struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	Data any    `json:"data"`
}

// next reads the events after the acknowledged position, at most
// Timing.Batch of them; nil when there are none (yet).
func (w *worker) next(ctx context.Context) (*batch, error) {
	var items []store.FeedItem
	_, _, err := w.feed.Read(ctx, w.pos, w.t.Batch, func(item store.FeedItem) error {
		if len(items) < w.t.Batch {
			items = append(items, item)
		}
		return nil
	})
	if err != nil || len(items) == 0 {
		return nil, err
	}
	// Each item's position counts everything read before it, so the last
	// one kept is where the next batch starts, whatever came after it.
	b := &batch{end: items[len(items)-1].Position}
	events := make([]wireEvent, len(items))
	for i, item := range items {
		events[i] = wireEvent{ID: eventID(item), Kind: kindOf(item), Data: w.d.Render(item)}
		b.ids = append(b.ids, events[i].ID)
	}
	b.id = deliveryID(w.ref.ID, b.ids)
	b.body, err = json.Marshal(struct {
		WebhookID  string      `json:"webhookId"`
		DeliveryID string      `json:"deliveryId"`
		Events     []wireEvent `json:"events"`
	}{w.ref.ID, b.id, events})
	return b, err
}

// eventID is an event's id for receivers: the same whenever the event is
// delivered; a call's grows a version each time the call is replaced (its
// seq in the feed).
func eventID(item store.FeedItem) string {
	switch {
	case item.Status != nil:
		return activity.KindStatusEvents + ":" + item.Status.ID
	case item.Session != nil:
		return activity.KindSessionEvents + ":" + item.Session.ID
	default:
		return activity.KindCalls + ":" + item.Call.ID + ":" + strconv.FormatInt(item.Position.Call, 10)
	}
}

func kindOf(item store.FeedItem) string {
	switch {
	case item.Status != nil:
		return activity.KindStatusEvents
	case item.Session != nil:
		return activity.KindSessionEvents
	default:
		return activity.KindCalls
	}
}

// deliveryID derives a batch's id from its subscription and events, so that
// every attempt of the batch carries the same one.
func deliveryID(webhookID string, eventIDs []string) string {
	sum := sha256.Sum256([]byte(webhookID + "\n" + strings.Join(eventIDs, "\n")))
	return "d_" + hex.EncodeToString(sum[:16])
}

// Sign returns the Agentlog-Signature value of body sent at timestamp (Unix
// seconds, as written in Agentlog-Timestamp).
func Sign(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp + "."))
	mac.Write(body)
	return "v1=" + hex.EncodeToString(mac.Sum(nil))
}

// maxErrorText bounds what the log keeps of a refusing receiver's answer.
const maxErrorText = 200

// post makes one attempt to deliver b and says how it went.
func (w *worker) post(ctx context.Context, b *batch, attempt int) (a activity.WebhookAttempt) {
	a = activity.WebhookAttempt{DeliveryID: b.id, EventIDs: b.ids, Attempt: attempt, Time: w.d.DB.Now().UTC()}
	start := time.Now()
	defer func() { a.Duration = time.Since(start) }()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.target.URL, bytes.NewReader(b.body))
	if err != nil {
		a.Error = err.Error()
		return a
	}
	timestamp := strconv.FormatInt(time.Now().Unix(), 10)
	h := req.Header
	h.Set("Content-Type", "application/json")
	h.Set("User-Agent", "agentlog-webhook/1")
	h.Set("Agentlog-Webhook-Id", w.ref.ID)
	h.Set("Agentlog-Delivery-Id", b.id)
	h.Set("Agentlog-Attempt", strconv.Itoa(attempt))
	h.Set("Agentlog-Timestamp", timestamp)
	h.Set("Agentlog-Signature", Sign(w.secret, timestamp, b.body))
	res, err := w.client.Do(req)
	if err != nil {
		a.Error = err.Error()
		return a
	}
	defer res.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10)) // read, so the connection is kept
	a.StatusCode = res.StatusCode
	if !a.Succeeded() {
		a.Error = refusal(res, answer)
	}
	return a
}

// refusal describes an answer other than 2xx for the log.
func refusal(res *http.Response, answer []byte) string {
	text := strings.Join(strings.Fields(string(answer)), " ")
	if len(text) > maxErrorText {
		text = text[:maxErrorText]
		for !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
		text += "…"
	}
	msg := fmt.Sprintf("the receiver answered %s", res.Status)
	if loc := res.Header.Get("Location"); loc != "" {
		msg += " to " + loc + " (redirects are not followed)"
	}
	if text != "" {
		msg += ": " + text
	}
	return msg
}
