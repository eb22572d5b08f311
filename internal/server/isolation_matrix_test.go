package server

// The tenant isolation matrix: every route of the route table, with tenant
// A's ids in its path, sent with every credential of tenant B (keys of each
// scope in each header style, access tokens) and with the keys of A that
// lack the route's scope. No answer may hold anything of A, and no row of A
// may change, on either database.

import (
	"bytes"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// noTenantData are GET routes that hold no tenant's data even for the
// tenant's own key, each with the reason; every other GET route that needs
// a key must show tenant A's data to A's key, which proves the walk's
// requests reach the data they must not leak.
var noTenantData = map[string]string{
	"GET /xapi/v1/$metadata": "the OData schema, the same for every tenant",
	"GET /api/call-log/{id}/get-item": "without a body OneUptime selects _id alone, which the path holds already " +
		"(POST get-item, the same handler, is sent a select)",
	"GET /wallboard/events": "the wallboard's server-sent updates, from now on: the walk's tenants change nothing while it reads",
}

// walkTimeout bounds each request of a walk: beyond it, a hang.
const walkTimeout = 30 * time.Second

func TestTenantIsolationMatrix(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		db := openWalkDB(t, dsn)
		raw, pg := rawDB(t, dsn), store.IsPostgresURL(dsn)
		w := startWalkServer(t, db, Config{})
		a := makeTenantA(t, w)
		cases := expandRoutes(t, w.srv.routes(), a.values)
		doc := documentedScopes(t)
		checkReachesA(t, w, a, cases, doc)

		before := takeSnapshot(t, raw, pg, a.tenant.ID)
		creds := tenantBCredentials(t, w)
		creds = append(creds, signIn(t, w, storetest.MustTenant(t, w.db, "tenant-b-pages"), "B", "walker@b.example"))
		var reads, writes []walkRequest
		for _, c := range cases {
			scopes, needsKey := routeScopes(t, c, doc)
			var list []credential
			list = append(list, creds...)
			if needsKey {
				list = append(list, underScoped(a, scopes)...)
			}
			for i := range list {
				body, ct := walkBody(c, &list[i])
				for _, query := range []string{walkQuery(c.pattern), namingA(a, walkQuery(c.pattern))} {
					req := walkRequest{c: c, query: query, body: body, contentType: ct, cred: &list[i]}
					// Writes under A's names (B defining a status A has) go
					// last, so that no read of B meets what B itself wrote there.
					if c.method == http.MethodPut || c.method == http.MethodPatch || c.method == http.MethodDelete {
						writes = append(writes, req)
					} else {
						reads = append(reads, req)
					}
				}
			}
		}
		start := time.Now()
		check := func(req walkRequest, ans walkAnswer) { checkNoLeak(t, a, req, ans, doc) }
		runWalk(w, reads, check)
		runWalk(w, writes, check)
		after := takeSnapshot(t, raw, pg, a.tenant.ID)
		compareSnapshots(t, before, after)
		t.Logf("%s: %d routes, %d cases, %d requests of B and A's under-scoped keys (%d credentials of B) in %v; tenant A: %d rows, %d markers",
			db.Dialect(), len(w.srv.routes()), len(cases), len(reads)+len(writes), len(creds), time.Since(start).Round(time.Millisecond),
			before.rowCount(), len(a.markers))
	})
}

// namingA adds to a route's query every filter a route of agentlog reads,
// each naming one of A's users, statuses, queues or extensions: a filter
// must narrow what the key's tenant holds, never reach into another's.
func namingA(a *tenantA, query string) string {
	q, _ := url.ParseQuery(query)
	alice := a.values["id"][0]
	for name, v := range map[string]string{"userIds": alice, "userIds[]": alice, "userId": alice, "status": "ZqLunchA",
		"queue": "zqq8801", "name": "zq-alice", "login": "zq-alice", "extension": "73915", "agent": "zq-alice",
		"$filter": "Extension eq '73915'", "$search": "zq-alice"} {
		q.Set(name, v)
	}
	return q.Encode()
}

// tenantBCredentials are tenant B's keys of every scope in every header
// style and B's access tokens.
func tenantBCredentials(t *testing.T, w *walkServer) []credential {
	b := storetest.MustTenant(t, w.db, "tenant-b")
	var creds []credential
	for _, s := range activity.AllScopes {
		key := storetest.MustKey(t, w.db, b, s)
		creds = append(creds, keyCredentials("B", s, key)...)
		if s == activity.ScopeAll || s == activity.ScopeReportsRead {
			creds = append(creds, tokenCredential("B", s, issueToken(t, w, key)))
		}
	}
	return creds
}

// underScoped are A's credentials that the route's scopes do not admit.
func underScoped(a *tenantA, scopes []string) []credential {
	var out []credential
	for _, s := range activity.AllScopes {
		if !slices.Contains(scopes, s) {
			out = append(out, keyCredentials("A", s, a.keys[s])...)
		}
	}
	if !slices.Contains(scopes, activity.ScopeReportsRead) {
		out = append(out, tokenCredential("A", activity.ScopeReportsRead, a.token))
	}
	return out
}

// walkWorkers is how many requests of a walk are in flight at once.
const walkWorkers = 6

// runWalk sends every request, a few at a time, and checks each answer.
func runWalk(w *walkServer, reqs []walkRequest, check func(walkRequest, walkAnswer)) {
	work := make(chan walkRequest)
	var wg sync.WaitGroup
	for range walkWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for req := range work {
				check(req, w.send(req, walkTimeout))
			}
		}()
	}
	for _, r := range reqs {
		work <- r
	}
	close(work)
	wg.Wait()
}

// checkNoLeak requires an answer without any of A's markers (save those the
// request itself holds: an echo is no leak), and a refusal for A's keys
// that lack the route's scope.
func checkNoLeak(t *testing.T, a *tenantA, req walkRequest, ans walkAnswer, doc map[string][]string) {
	if !answered(t, req, ans) {
		return
	}
	sent := req.c.path + "?" + req.query + "\n" + string(req.body)
	var got bytes.Buffer
	got.Write(ans.body)
	for name, values := range ans.header {
		if name == "X-Request-Id" || name == "Date" {
			continue // random and time: any string may turn up there
		}
		got.WriteString("\n" + name + ": " + strings.Join(values, ", "))
	}
	for _, m := range a.markers {
		if strings.Contains(got.String(), m) && !strings.Contains(sent, m) && !strings.Contains(sent, escapePathValue(m)) {
			t.Errorf("%s with %s: the answer (%d) holds tenant A's %q: %s", req.c, req.cred.name, ans.status, m, clip(ans.body))
		}
	}
	if strings.HasPrefix(req.cred.name, "A ") && ans.status < 300 && !signInPage(ans) {
		t.Errorf("%s with %s, which the route's scopes do not admit: got %d, want a refusal: %s", req.c, req.cred.name, ans.status, clip(ans.body))
	}
}

// answered fails the test for a request that got no answer, a hang or a
// 5xx, and reports whether there is an answer to look at.
func answered(t *testing.T, req walkRequest, ans walkAnswer) bool {
	who := "no credentials"
	if req.cred != nil {
		who = req.cred.name
	}
	if req.query != "" {
		who += ", query " + clipString(req.query)
	}
	if len(req.body) > 0 {
		who += ", body " + clipString(string(req.body))
	}
	switch {
	case ans.hung:
		t.Errorf("%s with %s: no answer within %v (a hang)", req.c, who, walkTimeout)
		return false
	case ans.err != nil:
		t.Errorf("%s with %s: %v", req.c, who, ans.err)
		return false
	case ans.status >= 500:
		t.Errorf("%s with %s: got %d, want no 5xx: %s", req.c, who, ans.status, clip(ans.body))
	}
	return true
}

// checkReachesA sends every GET route A's own all-scopes key (in each header
// style, as the surfaces differ) and requires A's data in some answer of
// each route: the walk's paths and queries reach the data, so an empty
// answer to B means isolation, not a wrong request.
func checkReachesA(t *testing.T, w *walkServer, a *tenantA, cases []routeCase, doc map[string][]string) {
	t.Helper()
	reached := map[string]bool{}
	for _, c := range cases {
		if _, needsKey := routeScopes(t, c, doc); !needsKey || c.method != http.MethodGet {
			continue
		}
		if _, ok := noTenantData[c.pattern]; ok {
			reached[c.pattern] = true
			continue
		}
		creds := keyCredentials("A", "*", a.all)
		if isWebPage(c.pattern) {
			creds = []credential{a.session}
		}
		for _, cred := range creds {
			// A stream is read again, longer, when a busy machine sent nothing
			// of its backlog in the first glance.
			for _, glance := range []time.Duration{streamGlance, 5 * time.Second} {
				ans := w.send(walkRequest{c: c, query: walkQuery(c.pattern), cred: &cred, glance: glance}, walkTimeout)
				if !answered(t, walkRequest{c: c, cred: &cred}, ans) {
					break
				}
				if holdsMarker(a, c, ans) {
					reached[c.pattern] = true
					break
				}
				if !strings.HasPrefix(ans.header.Get("Content-Type"), "text/event-stream") {
					break
				}
			}
		}
		if _, ok := reached[c.pattern]; !ok {
			reached[c.pattern] = false
		}
	}
	for pattern, ok := range reached {
		if !ok {
			t.Errorf("%s: no answer to tenant A's own key holds A's data: fix its query in walkQuery or its path values, "+
				"or list it in noTenantData with the reason it holds none", pattern)
		}
	}
}

// holdsMarker reports whether an answer holds a marker of A's that c's
// path does not.
func holdsMarker(a *tenantA, c routeCase, ans walkAnswer) bool {
	for _, m := range a.markers {
		if bytes.Contains(ans.body, []byte(m)) && !strings.Contains(c.path, escapePathValue(m)) {
			return true
		}
	}
	return false
}

// longWalk runs the longer variants of the walks.
var longWalk = os.Getenv("AGENTLOG_LONG_WALK") == "1"
