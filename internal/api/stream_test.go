package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

const (
	statusBatch  = `[{"id":"st-1","login":"ann","status":"Available","time":"2024-05-06T07:00:00Z"},{"id":"st-2","login":"bob","status":"","time":"2024-05-06T06:00:00.5Z"}]`
	sessionBatch = `[{"id":"se-1","login":"ann","action":"login","queue":"800","time":"2024-05-06T07:00:00Z"},{"id":"se-2","login":"ann","action":"logout","time":"2024-05-06T08:00:00Z"}]`
	callID       = "5f0d2a9e-1b7e-4a7d-9d9b-3c6a3c2f1a11"
	ringing      = `[{"id":"` + callID + `","direction":"inbound","fromNumber":"+15559998888","toNumber":"101","login":"ann","startedAt":"2024-05-06T07:08:09Z","updatedAt":"2024-05-06T07:08:09Z","status":"Ringing"}]`
	answered     = `[{"id":"` + callID + `","direction":"inbound","fromNumber":"+15559998888","toNumber":"101","login":"ann","startedAt":"2024-05-06T07:08:09Z","answeredAt":"2024-05-06T07:08:21Z","updatedAt":"2024-05-06T07:08:21Z","status":"Answered"}]`
)

// listed returns the item with id of a GET list answer, as JSON.
func listed(t *testing.T, srv *servertest.Server, key, path, id string) string {
	t.Helper()
	r := srv.Do(t, http.MethodGet, path, map[string]string{"Authorization": "Bearer " + key})
	type item = map[string]any
	for _, it := range decode[struct{ Items []item }](t, r.Body).Items {
		if it["id"] == id {
			b, err := json.Marshal(it)
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
	t.Fatalf("GET %s: no item %s in %s", path, id, r.Body)
	return ""
}

func TestStreamDeliversNewEventsInOrder(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv := servertest.StartConfig(t, db, fastStream)
		tn := storetest.MustTenant(t, db, "acme")
		ingest, reader := storetest.MustKey(t, db, tn, activity.ScopeIngest), storetest.MustKey(t, db, tn, activity.ScopeAll)
		s := subscribe(t, srv.URL, reader, "", "")

		post(t, srv.URL, ingest, "/api/v1/status-events", statusBatch)
		st1, st2 := s.next(t), s.next(t)
		post(t, srv.URL, ingest, "/api/v1/session-events", sessionBatch)
		se1, se2 := s.next(t), s.next(t)
		post(t, srv.URL, ingest, "/api/v1/calls", ringing)
		c1 := s.next(t)
		post(t, srv.URL, ingest, "/api/v1/calls", answered)
		c2 := s.next(t)
		s.none(t, 300*time.Millisecond)

		var got []string
		for _, ev := range []sseEvent{st1, st2, se1, se2, c1, c2} {
			got = append(got, ev.Event+" "+ev.ID)
		}
		want := []string{"status s1.e0.c0", "status s2.e0.c0", "session s2.e1.c0", "session s2.e2.c0", "call s2.e2.c1", "call s2.e2.c2"}
		if !slices.Equal(got, want) {
			t.Fatalf("events: got %q, want %q", got, want)
		}
		// Each event carries the item the lists give.
		sameJSON(t, "st-1", st1.Data, listed(t, srv, reader, "/api/v1/status-events", "st-1"))
		sameJSON(t, "st-2", st2.Data, listed(t, srv, reader, "/api/v1/status-events", "st-2"))
		sameJSON(t, "se-2", se2.Data, listed(t, srv, reader, "/api/v1/session-events", "se-2"))
		sameJSON(t, "the answered call", c2.Data, listed(t, srv, reader, "/api/v1/calls", callID))
		if decode[map[string]any](t, []byte(c1.Data))["status"] != "Ringing" {
			t.Errorf("the first call event: got %s, want the ringing call", c1.Data)
		}
	})
}

func TestStreamResumesAfterLastEventID(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv := servertest.StartConfig(t, db, fastStream)
		tn := storetest.MustTenant(t, db, "acme")
		ingest, reader := storetest.MustKey(t, db, tn, activity.ScopeIngest), storetest.MustKey(t, db, tn, activity.ScopeAll)
		s := subscribe(t, srv.URL, reader, "", "")
		post(t, srv.URL, ingest, "/api/v1/status-events", statusBatch)
		first, second := s.next(t), s.next(t)
		s.close()

		// Missed while away; the call changes twice and is sent once, as it
		// is now.
		post(t, srv.URL, ingest, "/api/v1/status-events", `[{"id":"st-3","login":"ann","status":"Busy","time":"2024-05-06T09:00:00Z"}]`)
		post(t, srv.URL, ingest, "/api/v1/session-events", sessionBatch)
		post(t, srv.URL, ingest, "/api/v1/calls", ringing)
		post(t, srv.URL, ingest, "/api/v1/calls", answered)
		missed := []string{"status s3.e0.c0", "session s3.e1.c0", "session s3.e2.c0", "call s3.e2.c2"}

		back := subscribe(t, srv.URL, reader, second.ID, "")
		if got := back.take(t, 4); !slices.Equal(got, missed) {
			t.Fatalf("after %s: got %q, want %q", second.ID, got, missed)
		}
		back.none(t, 300*time.Millisecond)
		post(t, srv.URL, ingest, "/api/v1/status-events", `[{"id":"st-4","login":"ann","status":"Ready","time":"2024-05-06T10:00:00Z"}]`)
		if got := back.take(t, 1); !slices.Equal(got, []string{"status s4.e2.c2"}) {
			t.Fatalf("a new event after resuming: got %q", got)
		}

		// From an earlier id, by query parameter: everything after it, once,
		// in order within each kind (a read sends statuses, then sessions,
		// then calls).
		mid := subscribe(t, srv.URL, reader, "", "?lastEventId="+url.QueryEscape(first.ID))
		want := []string{"status s2.e0.c0", "status s3.e0.c0", "status s4.e0.c0", "session s4.e1.c0", "session s4.e2.c0", "call s4.e2.c2"}
		if got := mid.take(t, len(want)); !slices.Equal(got, want) {
			t.Fatalf("after %s: got %q, want %q", first.ID, got, want)
		}
		mid.none(t, 300*time.Millisecond)

		// The header, which browsers send on reconnecting, wins.
		both := subscribe(t, srv.URL, reader, "s4.e2.c2", "?lastEventId="+url.QueryEscape(first.ID))
		both.none(t, 300*time.Millisecond)
	})
}

func TestStreamSendsOnlyWhatTheKeyMayRead(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv := servertest.StartConfig(t, db, fastStream)
		tn := storetest.MustTenant(t, db, "acme")
		ingest := storetest.MustKey(t, db, tn, activity.ScopeIngest)
		noCalls := subscribe(t, srv.URL, storetest.MustKey(t, db, tn, activity.ScopeStatusesRead, activity.ScopeSessionsRead), "", "")
		onlyCalls := subscribe(t, srv.URL, storetest.MustKey(t, db, tn, activity.ScopeCallsRead), "", "")

		post(t, srv.URL, ingest, "/api/v1/calls", ringing)
		post(t, srv.URL, ingest, "/api/v1/status-events", statusBatch)
		post(t, srv.URL, ingest, "/api/v1/session-events", sessionBatch)
		if got, want := noCalls.take(t, 4), []string{"status s1.e0.c0", "status s2.e0.c0", "session s2.e1.c0", "session s2.e2.c0"}; !slices.Equal(got, want) {
			t.Errorf("statuses:read and sessions:read: got %q, want %q", got, want)
		}
		noCalls.none(t, 300*time.Millisecond)
		if got, want := onlyCalls.take(t, 1), []string{"call s0.e0.c1"}; !slices.Equal(got, want) {
			t.Errorf("calls:read: got %q, want %q", got, want)
		}
		onlyCalls.none(t, 300*time.Millisecond)

		auth := func(scopes ...string) map[string]string {
			return map[string]string{"Authorization": "Bearer " + storetest.MustKey(t, db, tn, scopes...)}
		}
		servertest.Run(t, srv, []servertest.Scenario{
			{Name: "no key", Path: "/api/v1/stream", Status: http.StatusUnauthorized, ContentType: "application/json"},
			{Name: "reports:read reads no events", Path: "/api/v1/stream", Headers: auth(activity.ScopeReportsRead),
				Status: http.StatusForbidden, Contains: []string{"statuses:read, sessions:read, calls:read"}},
			{Name: "admin reads no events", Path: "/api/v1/stream", Headers: auth(activity.ScopeAdmin), Status: http.StatusForbidden},
			{Name: "ingest reads nothing", Path: "/api/v1/stream", Headers: auth(activity.ScopeIngest), Status: http.StatusForbidden},
			{Name: "a Last-Event-ID not of this stream", Path: "/api/v1/stream?lastEventId=42", Headers: auth(activity.ScopeAll),
				Status: http.StatusBadRequest, ContentType: "application/json", Contains: []string{`Last-Event-ID \"42\" is not valid`}},
			{Name: "a negative position", Path: "/api/v1/stream", Headers: map[string]string{"Authorization": auth(activity.ScopeAll)["Authorization"],
				"Last-Event-ID": "s-1.e0.c0"}, Status: http.StatusBadRequest},
			{Name: "POST", Method: http.MethodPost, Path: "/api/v1/stream", Headers: auth(activity.ScopeAll), Status: http.StatusMethodNotAllowed},
		})
	})
}

func TestStreamKeepsTenantsApart(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv := servertest.StartConfig(t, db, fastStream)
		a, b := storetest.MustTenant(t, db, "a"), storetest.MustTenant(t, db, "b")
		ingestA, ingestB := storetest.MustKey(t, db, a, activity.ScopeIngest), storetest.MustKey(t, db, b, activity.ScopeIngest)
		streamA := subscribe(t, srv.URL, storetest.MustKey(t, db, a, activity.ScopeAll), "", "")
		streamB := subscribe(t, srv.URL, storetest.MustKey(t, db, b, activity.ScopeAll), "", "")

		post(t, srv.URL, ingestA, "/api/v1/status-events", statusBatch)
		post(t, srv.URL, ingestA, "/api/v1/session-events", sessionBatch)
		post(t, srv.URL, ingestA, "/api/v1/calls", ringing)
		streamA.take(t, 5)
		post(t, srv.URL, ingestB, "/api/v1/status-events", `[{"id":"b-1","login":"zed","status":"Away","time":"2024-05-06T07:00:00Z"}]`)
		ev := streamB.next(t)
		if data := decode[map[string]any](t, []byte(ev.Data)); ev.Event != "status" || data["id"] != "b-1" || data["login"] != "zed" {
			t.Fatalf("tenant b's first event: got %+v, want its own status event b-1", ev)
		}
		streamB.none(t, 300*time.Millisecond)
		streamA.none(t, 100*time.Millisecond)
	})
}
