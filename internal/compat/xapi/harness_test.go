package xapi_test

// The harness of the HTTP tests: a tenant with a key and the real server,
// requests sent byte for byte as written, tokens fetched the way 3CX's
// client fetches them, and the checks every answer goes through.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

const (
	contextSuffix = "/xapi/v1/$metadata#Collection(Pbx.UserActivity)"
	// undiciBoundary is a boundary of the form Node's fetch uses.
	undiciBoundary = "----formdata-undici-046279381541"
)

// env is a tenant over one database, served by the real server.
type env struct {
	db     *store.DB
	srv    *servertest.Server
	tenant activity.Tenant
	key    string // a whole key with reports:read
	token  string // an access token for key, from /connect/token
}

// newEnv makes tenant "acme" with the test agents and a reports:read key,
// starts the server and fetches a token the way 3CX's client does.
func newEnv(t testing.TB, db *store.DB) *env {
	t.Helper()
	e := &env{db: db, tenant: storetest.MustTenant(t, db, "acme")}
	e.key = storetest.MustKey(t, db, e.tenant, activity.ScopeReportsRead)
	if _, err := db.EnsureUsers(context.Background(), e.tenant.ID, testUsers()); err != nil {
		t.Fatalf("creating the test agents: %v", err)
	}
	e.srv = servertest.Start(t, db)
	e.token = mustToken(t, e.srv, e.key)
	return e
}

// ingest stores calls as one batch; every one must be new.
func (e *env) ingest(t testing.TB, calls []tcall) {
	t.Helper()
	list := make([]activity.Call, len(calls))
	for i, c := range calls {
		list[i] = c.call(i)
	}
	res, err := e.db.IngestCalls(context.Background(), e.tenant.ID, list)
	if err != nil || res.New != len(calls) {
		t.Fatalf("ingesting %d calls: got %+v, %v; want all new", len(calls), res, err)
	}
}

// answer is a response as the client saw it.
type answer struct {
	status int
	header http.Header
	body   []byte
}

// send sends one request exactly as written: the request target with its
// escapes, the headers in order, the body. It fails the test on a 5xx.
func send(t testing.TB, srv *servertest.Server, method, target string, headers [][2]string, body []byte) answer {
	t.Helper()
	host := strings.TrimPrefix(srv.URL, "http://")
	conn, err := net.DialTimeout("tcp", host, 10*time.Second)
	if err != nil {
		t.Fatalf("connecting to %s: %v", host, err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(time.Minute))
	var req bytes.Buffer
	fmt.Fprintf(&req, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, target, host)
	for _, h := range headers {
		fmt.Fprintf(&req, "%s: %s\r\n", h[0], h[1])
	}
	if body != nil {
		fmt.Fprintf(&req, "Content-Length: %d\r\n", len(body))
	}
	req.WriteString("Connection: close\r\n\r\n")
	req.Write(body)
	if _, err := conn.Write(req.Bytes()); err != nil {
		t.Fatalf("%s %s: %v", method, target, err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s %s: reading the answer: %v", method, target, err)
	}
	defer res.Body.Close()
	got, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading the body: %v", method, target, err)
	}
	if res.StatusCode >= 500 {
		t.Errorf("%s %s: status: got %d, want no 5xx; body: %s", method, target, res.StatusCode, clip(string(got)))
	}
	return answer{res.StatusCode, res.Header, got}
}

// get sends GET target with the headers of 3CX's client and checks the
// answer against the vendor's document: a 200 of GetUserActivity against
// its collection schema, any error against Pbx.ODataErrors.ODataError.
func (e *env) get(t testing.TB, target, bearer string) answer {
	t.Helper()
	return get(t, e.srv, target, bearer)
}

func get(t testing.TB, srv *servertest.Server, target, bearer string) answer {
	t.Helper()
	headers := [][2]string{{"Accept", "application/json"}}
	if bearer != "" {
		headers = append(headers, [2]string{"Authorization", "Bearer " + bearer})
	}
	headers = append(headers, [2]string{"User-Agent", "axios/1.17.0"})
	a := send(t, srv, "GET", target, headers, nil)
	checkSpec(t, target, a)
	return a
}

// checkSpec validates an answer of /xapi/v1 against the vendor's schemas.
func checkSpec(t testing.TB, target string, a answer) {
	t.Helper()
	ua, oe := specSchemas(t)
	switch {
	case a.status >= 400:
		if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("GET %s: Content-Type of the %d: got %q, want application/json", target, a.status, ct)
		}
		if err := validateJSON(oe, a.body); err != nil {
			t.Errorf("GET %s: the %d is not a Pbx.ODataErrors.ODataError: %v\nbody: %s", target, a.status, err, clip(string(a.body)))
		}
	case a.status == 200 && strings.Contains(target, "/Pbx.GetUserActivity("):
		if err := validateJSON(ua, a.body); err != nil {
			t.Errorf("GET %s: the answer is not a collection of Pbx.UserActivity: %v\nbody: %s", target, err, clip(string(a.body)))
		}
	}
}

// multipartForm is a multipart/form-data body as Node's fetch sends a
// FormData: the fields in order, each a plain Content-Disposition part.
func multipartForm(fields ...[2]string) (contentType string, body []byte) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	if err := w.SetBoundary(undiciBoundary); err != nil {
		panic(err)
	}
	for _, f := range fields {
		if err := w.WriteField(f[0], f[1]); err != nil {
			panic(err)
		}
	}
	if err := w.Close(); err != nil {
		panic(err)
	}
	return w.FormDataContentType(), b.Bytes()
}

// postToken posts a token request with the given fields, as 3CX's client
// does (multipart, accept */*, user-agent node).
func postToken(t testing.TB, srv *servertest.Server, fields ...[2]string) answer {
	t.Helper()
	ct, body := multipartForm(fields...)
	return send(t, srv, "POST", "/connect/token",
		[][2]string{{"Content-Type", ct}, {"Accept", "*/*"}, {"User-Agent", "node"}}, body)
}

// credentials are the token fields of a whole key, in the client's order.
func credentials(key string) [][2]string {
	id, secret, _ := strings.Cut(key, ".")
	return [][2]string{{"client_id", id}, {"client_secret", secret}, {"grant_type", "client_credentials"}}
}

// mustToken fetches an access token for key and checks the answer.
func mustToken(t testing.TB, srv *servertest.Server, key string) string {
	t.Helper()
	return wantToken(t, postToken(t, srv, credentials(key)...))
}

// wantToken checks a 200 token answer and returns its access token:
// {"token_type":"Bearer","expires_in":3600,"access_token":…,"refresh_token":null}.
func wantToken(t testing.TB, a answer) string {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); a.status != 200 || err != nil {
		t.Fatalf("token: got %d %s, want 200 with a JSON object", a.status, a.body)
	}
	token, _ := m["access_token"].(string)
	if len(m) != 4 || m["token_type"] != "Bearer" || m["expires_in"] != 3600.0 || token == "" ||
		m["refresh_token"] != nil || !hasKey(m, "refresh_token") {
		t.Fatalf(`token: got %s, want {"token_type":"Bearer","expires_in":3600,"access_token":"<token>","refresh_token":null}`, a.body)
	}
	if ct := a.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("token: Content-Type: got %q, want application/json", ct)
	}
	return token
}

func hasKey(m map[string]any, k string) bool { _, ok := m[k]; return ok }

// wantRows checks a 200 answer of GetUserActivity: the envelope holds
// @odata.context, @odata.count exactly when count is not nil, and value
// equal to want.
func wantRows(t testing.TB, what string, a answer, want []map[string]any, count *int) {
	t.Helper()
	if a.status != 200 {
		t.Fatalf("%s: status: got %d, want 200; body: %s", what, a.status, clip(string(a.body)))
	}
	if ct := a.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("%s: Content-Type: got %q, want %q", what, ct, "application/json; charset=utf-8")
	}
	var m map[string]any
	if err := json.Unmarshal(a.body, &m); err != nil {
		t.Fatalf("%s: body: got %s, want a JSON object: %v", what, clip(string(a.body)), err)
	}
	wantKeys := 2
	if count != nil {
		wantKeys = 3
		if got, ok := m["@odata.count"].(float64); !ok || got != float64(*count) {
			t.Errorf("%s: @odata.count: got %v, want %d", what, m["@odata.count"], *count)
		}
	}
	if ctx, _ := m["@odata.context"].(string); len(m) != wantKeys || !strings.HasSuffix(ctx, contextSuffix) {
		t.Errorf("%s: envelope: got the members %v, want @odata.context (…%s)%s and value", what, keys(m), contextSuffix,
			map[bool]string{true: ", @odata.count", false: ""}[count != nil])
	}
	got, _ := m["value"].([]any)
	if want == nil {
		want = []map[string]any{}
	}
	wantJSON, _ := json.Marshal(want)
	var wantAny []any
	_ = json.Unmarshal(wantJSON, &wantAny)
	if got == nil || !reflect.DeepEqual(got, wantAny) {
		gotJSON, _ := json.Marshal(m["value"])
		t.Errorf("%s: value: %s\ngot  %s\nwant %s", what, firstDiff(got, wantAny), clip(string(gotJSON)), clip(string(wantJSON)))
	}
}

// firstDiff says where two row lists part.
func firstDiff(got, want []any) string {
	for i := 0; i < len(got) && i < len(want); i++ {
		if !reflect.DeepEqual(got[i], want[i]) {
			g, _ := json.Marshal(got[i])
			w, _ := json.Marshal(want[i])
			return fmt.Sprintf("row %d: got %s, want %s", i, g, w)
		}
	}
	return "rows: got " + strconv.Itoa(len(got)) + ", want " + strconv.Itoa(len(want))
}

func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

// odataError decodes {"error":{"code","message","target"}}.
func odataError(t testing.TB, body []byte) (code, message, target string) {
	t.Helper()
	var v struct {
		Error struct{ Code, Message, Target string } `json:"error"`
	}
	if err := json.Unmarshal(body, &v); err != nil || v.Error.Code == "" || v.Error.Message == "" {
		t.Errorf(`error body: got %s, want {"error":{"code":…,"message":…}}`, clip(string(body)))
	}
	return v.Error.Code, v.Error.Message, v.Error.Target
}

// clip shortens a long body for a message.
func clip(s string) string {
	if len(s) <= 700 {
		return s
	}
	return s[:700] + fmt.Sprintf("… (%d bytes)", len(s))
}
