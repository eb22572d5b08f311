package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/server"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/webhook"
)

type contract struct {
	doc    *openapi3.T
	router routers.Router
	mu     sync.Mutex
	seen   map[string]map[int]bool // operationId → statuses validated
	count  int
}

func newContract(t *testing.T) *contract {
	doc := loadDocument(t)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &contract{doc: doc, router: router, seen: map[string]map[int]bool{}}
}

var registerNDJSON sync.Once

// registerDecoders lets the validator read the media types it does not
// know: NDJSON bodies and the HTML reference page.
func registerDecoders() {
	openapi3filter.RegisterBodyDecoder("application/x-ndjson", openapi3filter.PlainBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/html", openapi3filter.PlainBodyDecoder)
}

// validateRequest checks a request (with its body) against the document.
func (c *contract) validateRequest(ctx context.Context, method, url, ctype string, body []byte) error {
	registerNDJSON.Do(registerDecoders)
	req, input, err := c.input(method, url, body)
	if err != nil {
		return err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	input.Options = &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}
	return openapi3filter.ValidateRequest(ctx, input)
}

func (c *contract) input(method, url string, body []byte) (*http.Request, *openapi3filter.RequestValidationInput, error) {
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s is not in the document: %w", method, url, err)
	}
	return req, &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route}, nil
}

// validateResponse checks an answer against the document: an undocumented
// status, a missing header or a body that does not match is an error.
func (c *contract) validateResponse(ctx context.Context, method, url string, status int, header http.Header, body []byte) (string, error) {
	registerNDJSON.Do(registerDecoders)
	_, input, err := c.input(method, url, nil)
	if err != nil {
		return "", err
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: input, Status: status, Header: header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	out.SetBodyBytes(body)
	return input.Route.Operation.OperationID, openapi3filter.ValidateResponse(ctx, out)
}

func (c *contract) record(op string, status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[op] == nil {
		c.seen[op] = map[int]bool{}
	}
	c.seen[op][status] = true
	c.count++
}

// client sends real requests to the real server.
type client struct {
	base string
	http *http.Client
	c    *contract
	n    int // rotates the header a key is sent in
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

// anyStatus accepts every status in send, for requests whose answer
// depends on the key only.
const anyStatus = 0

// send sends a request with key (none when ""), checks its status (unless
// want is anyStatus), and validates the answer against the document. An answer
// of 2xx also needs the document to accept the request as sent.
func (cl *client) send(t *testing.T, want int, method, path, key, ctype, body string) answer {
	t.Helper()
	ctx := context.Background()
	req, err := http.NewRequest(method, cl.base+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body != "" && ctype == "" {
		ctype = "application/json"
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if key != "" {
		switch cl.n++; cl.n % 3 {
		case 0:
			req.Header.Set("Authorization", "Bearer "+key)
		case 1:
			req.Header.Set("Key", key)
		case 2:
			req.Header.Set("ApiKey", key)
		}
	}
	resp, err := cl.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, path, err)
	}
	a := answer{status: resp.StatusCode, header: resp.Header, body: got}
	if want != anyStatus && a.status != want {
		t.Errorf("%s %s: status %d, want %d; body %s", method, path, a.status, want, clip(got))
	}
	op, err := cl.c.validateResponse(ctx, method, cl.base+path, a.status, a.header, a.body)
	if err != nil {
		t.Errorf("%s %s: the answer %d does not match openapi.json: %v\nbody: %s", method, path, a.status, err, clip(got))
	} else {
		cl.c.record(op, a.status)
	}
	if a.status/100 == 2 {
		if err := cl.c.validateRequest(ctx, method, cl.base+path, ctype, []byte(body)); err != nil {
			t.Errorf("%s %s: the server accepted a request that openapi.json refuses: %v", method, path, err)
		}
	}
	return a
}

func clip(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "..."
	}
	return string(b)
}

func decode[T any](t *testing.T, b []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("decoding %s: %v", clip(b), err)
	}
	return v
}

type ingestAnswer struct {
	Received, New, Known, UsersCreated int
	Replaced                           *int
}

type page struct {
	Items      []map[string]any `json:"items"`
	NextCursor *string          `json:"nextCursor"`
}

// startServer runs the real server over a fresh SQLite database and returns
// a client, the database, the tenant and a key per scope.
func startServer(t *testing.T) (*client, *store.DB, activity.Tenant, map[string]string) {
	ctx := context.Background()
	db, err := store.Open(ctx, t.TempDir()+"/a.db")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	tenant := activity.Tenant{Slug: "acme"}
	if err := db.CreateTenant(ctx, &tenant); err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, scope := range activity.AllScopes {
		keys[scope] = mintKey(t, db, tenant.ID, scope, 0)
	}
	// Webhooks are delivered at a test's pace, so that the delivery log
	// fills while the test waits.
	fast := webhook.Timing{Scan: 20 * time.Millisecond, Poll: 20 * time.Millisecond, RetryBase: 20 * time.Millisecond}
	srv := servertest.StartConfig(t, db, server.Config{Webhooks: fast})
	cl := &client{base: srv.URL, http: srv.Client(), c: newContract(t)}
	return cl, db, tenant, keys
}

func mintKey(t *testing.T, db *store.DB, tenantID int64, scope string, lifetime time.Duration) string {
	t.Helper()
	k, whole, hash := auth.NewKey("test "+scope, []string{scope}, lifetime, db.Now())
	if err := db.CreateKey(context.Background(), tenantID, &k, hash); err != nil {
		t.Fatal(err)
	}
	return whole
}
