package connector

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"agentlog/internal/activity"
)

// batchSize is how many items are stored per ingestion while an answer is
// read, so that a long answer is stored as it streams in.
const batchSize = 5000

// get sends a GET with the headers the source sets and hands the body to
// read, with retries.
func (s *syncer) get(ctx context.Context, url string, header func(http.Header), read func(io.Reader) error) error {
	return s.http.do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err == nil {
			header(req.Header)
		}
		return req, err
	}, read)
}

// post sends a POST of body (JSON or a form, as contentType says).
func (s *syncer) post(ctx context.Context, url, contentType, body string, header func(http.Header), read func(io.Reader) error) error {
	return s.http.do(ctx, func(ctx context.Context) (*http.Request, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, strings.NewReader(body))
		if err == nil {
			req.Header.Set("Content-Type", contentType)
			header(req.Header)
		}
		return req, err
	}, read)
}

// decodeArray reads a JSON array item by item and hands the items to store
// in batches of at most batchSize, so memory does not grow with the answer.
// It returns how many items there were.
func decodeArray[T any](r io.Reader, store func([]T) error) (int, error) {
	dec := json.NewDecoder(r)
	if tok, err := dec.Token(); err != nil {
		return 0, err
	} else if tok != json.Delim('[') {
		return 0, badAnswer{fmt.Errorf("want a JSON array, got %v", tok)}
	}
	batch := make([]T, 0, 256)
	n := 0
	for dec.More() {
		var item T
		if err := dec.Decode(&item); err != nil {
			return n, err
		}
		batch = append(batch, item)
		n++
		if len(batch) == batchSize {
			if err := store(batch); err != nil {
				return n, err
			}
			batch = batch[:0]
		}
	}
	if _, err := dec.Token(); err != nil { // the closing bracket: a cut-off answer fails here
		return n, err
	}
	if len(batch) > 0 {
		return n, store(batch)
	}
	return n, nil
}

// parseTime reads a vendor's ISO 8601 time, or fails the answer.
func parseTime(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return t, badAnswer{fmt.Errorf("%s %q is not an ISO 8601 time", field, s)}
	}
	return t.UTC().Truncate(time.Millisecond), nil
}

// twins numbers identical items within a window. A vendor answer may hold
// the same content twice (two logins of one agent in one second): the
// first keeps the id agentlog derives from its content, so it is
// recognised whichever way it arrived, and each further one gets an id of
// its own from the content and its number, which is the same on every
// read of the window since a window always holds whole milliseconds.
type twins map[string]int

// id is "" for the first item of this content, else a derived id.
func (tw twins) id(content ...string) string {
	key := strings.Join(content, "\x00")
	n := tw[key]
	tw[key] = n + 1
	if n == 0 {
		return ""
	}
	return activity.NameUUID(key + "\x00" + strconv.Itoa(n))
}
