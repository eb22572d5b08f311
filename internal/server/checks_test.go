package server_test

// Checks and hooks the scenario tables share: decoding answers, comparing
// them, reading back what a tenant holds.

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"agentlog/internal/activity"
)

// ingestAnswer is the answer of the ingestion routes.
type ingestAnswer struct {
	Received     int  `json:"received"`
	New          int  `json:"new"`
	Known        int  `json:"known"`
	Replaced     *int `json:"replaced"`
	UsersCreated int  `json:"usersCreated"`
}

// item is one listed object, compared field by field.
type item = map[string]any

// listPage is the answer of the list routes.
type listPage struct {
	Items      []item  `json:"items"`
	NextCursor *string `json:"nextCursor"`
}

func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decoding %s: %v", body, err)
	}
	return v
}

// wantAnswer checks an event ingestion answer (no "replaced").
func wantAnswer(received, new, known, usersCreated int) func(*testing.T, *fixture, response) {
	return func(t *testing.T, f *fixture, r response) {
		t.Helper()
		got := decode[ingestAnswer](t, r.body)
		want := ingestAnswer{Received: received, New: new, Known: known, UsersCreated: usersCreated}
		if got.Replaced != nil || got != want {
			t.Errorf("ingest answer: got %s, want %+v without replaced", r.body, want)
		}
	}
}

// wantCallAnswer checks a call ingestion answer, "replaced" included.
func wantCallAnswer(received, new, known, replaced, usersCreated int) func(*testing.T, *fixture, response) {
	return func(t *testing.T, f *fixture, r response) {
		t.Helper()
		got := decode[ingestAnswer](t, r.body)
		if got.Replaced == nil {
			t.Fatalf("ingest answer: got %s, want a replaced count", r.body)
		}
		g := [5]int{got.Received, got.New, got.Known, *got.Replaced, got.UsersCreated}
		w := [5]int{received, new, known, replaced, usersCreated}
		if g != w {
			t.Errorf("ingest answer [received new known replaced usersCreated]: got %v, want %v (%s)", g, w, r.body)
		}
	}
}

// wantCount checks the number of items of a list answer.
func wantCount(n int) func(*testing.T, *fixture, response) {
	return func(t *testing.T, f *fixture, r response) {
		t.Helper()
		if got := len(decode[listPage](t, r.body).Items); got != n {
			t.Errorf("items: got %d, want %d (%s)", got, n, r.body)
		}
	}
}

// list reads one page of a list route with an all-scopes key of the
// scenario's tenant.
func (f *fixture) list(path string) listPage {
	f.t.Helper()
	return decode[listPage](f.t, f.do("GET", path, "*", "", 200))
}

// ingest posts a JSON batch with an ingest key and returns the answer.
func (f *fixture) ingest(path, body string) ingestAnswer {
	f.t.Helper()
	return decode[ingestAnswer](f.t, f.do("POST", path, "ingest", body, 200))
}

// userID returns the id of the tenant's user with login, and notes it as
// the var named login.
func (f *fixture) userID(login string) string {
	f.t.Helper()
	for _, u := range f.list("/api/v1/users").Items {
		if u["login"] == login {
			f.vars[login] = u["id"].(string)
			return f.vars[login]
		}
	}
	f.t.Fatalf("user %q is not listed", login)
	return ""
}

// wantItems checks the items of a list, in order: each field of want must
// equal the item's, compared as printed. "<uuid>" matches any UUID, "<nil>"
// a null or missing field, and a {{name}} placeholder its value.
func wantItems(t *testing.T, f *fixture, what string, got []item, want []item) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d items %v, want %d", what, len(got), got, len(want))
	}
	for i := range want {
		for field, w := range want[i] {
			g, ok := got[i][field]
			gs, ws := fmt.Sprint(g), f.expand(fmt.Sprint(w))
			switch {
			case ws == "<uuid>" && activity.IsUUID(gs) && gs == strings.ToLower(gs):
			case ws == "<nil>" && g == nil:
			case ok && gs == ws:
			default:
				t.Errorf("%s[%d].%s: got %q (present %v), want %q; item %v", what, i, field, gs, ok, ws, got[i])
			}
		}
	}
}

// wantList checks what a list route of the scenario's tenant holds.
func wantList(path string, want ...item) func(*testing.T, *fixture) {
	return func(t *testing.T, f *fixture) {
		t.Helper()
		wantItems(t, f, "GET "+path, f.list(path).Items, want)
	}
}

// nothingStored checks that the tenant holds no event, call or user: what a
// refused batch must leave.
func nothingStored(t *testing.T, f *fixture) {
	t.Helper()
	for _, path := range []string{"/api/v1/status-events", "/api/v1/session-events", "/api/v1/calls", "/api/v1/users"} {
		if items := f.list(path).Items; len(items) != 0 {
			t.Errorf("GET %s after a refused request: got %d items %v, want none", path, len(items), items)
		}
	}
}

// ids lists the "id" field of items.
func ids(items []item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i], _ = it["id"].(string)
	}
	return out
}

// readAll follows nextCursor from the first page of path (which holds its
// limit) to the end and returns every item and how many pages it took.
func (f *fixture) readAll(path string) ([]item, int) {
	f.t.Helper()
	var all []item
	p := f.list(path)
	pages := 1
	for {
		all = append(all, p.Items...)
		if p.NextCursor == nil {
			return all, pages
		}
		if pages > 1000 {
			f.t.Fatalf("GET %s: still a nextCursor after %d pages", path, pages)
		}
		p = f.list(path + "&cursor=" + url.QueryEscape(*p.NextCursor))
		pages++
	}
}

// jsonArray writes items as a JSON array, ndjsonLines as NDJSON.
func jsonArray(items ...string) string   { return "[" + strings.Join(items, ",\n") + "]" }
func ndjsonLines(items ...string) string { return strings.Join(items, "\n") + "\n" }

// ndjson is the header of an NDJSON batch.
var ndjson = map[string]string{"Content-Type": "application/x-ndjson"}
