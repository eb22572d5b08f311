package server_test

// Parallel batches, as several collectors send them: no 5xx, every new
// user created once, every event and call stored once.

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

const parallel = 8

// postParallel sends the bodies to path at once, with an ingest key, and
// returns the answers in body order. It may run outside the test's
// goroutine: failures are reported with Errorf.
func postParallel(t *testing.T, f *fixture, path string, bodies []string) []ingestAnswer {
	key := f.key("ingest")
	answers := make([]ingestAnswer, len(bodies))
	var wg sync.WaitGroup
	for i, body := range bodies {
		wg.Go(func() {
			req, err := http.NewRequest("POST", f.srv.base+path, strings.NewReader(body))
			if err != nil {
				t.Errorf("request %d: %v", i, err)
				return
			}
			req.Header.Set("Authorization", "Bearer "+key)
			req.Header.Set("Content-Type", "application/json")
			res, err := f.srv.client.Do(req)
			if err != nil {
				t.Errorf("POST %s %d: %v", path, i, err)
				return
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			if res.StatusCode != 200 {
				t.Errorf("POST %s %d: status: got %d, want 200; body: %s", path, i, res.StatusCode, b)
				return
			}
			if err := json.Unmarshal(b, &answers[i]); err != nil {
				t.Errorf("POST %s %d: %v (%s)", path, i, err, b)
			}
		})
	}
	wg.Wait()
	return answers
}

// sums adds up the answers.
func sums(answers []ingestAnswer) (new, known, replaced, usersCreated int) {
	for _, a := range answers {
		new, known, usersCreated = new+a.New, known+a.Known, usersCreated+a.UsersCreated
		if a.Replaced != nil {
			replaced += *a.Replaced
		}
	}
	return
}

func TestIngestConcurrent(t *testing.T) {
	runScenarios(t, testLimits, []scenario{
		{name: "status events naming the same new users", method: "GET", path: "/healthz", status: 200,
			after: func(t *testing.T, f *fixture) {
				bodies := make([]string, parallel)
				for i := range bodies {
					bodies[i] = jsonArray(
						fmt.Sprintf(`{"login":"alice","status":"s%d","time":"2023-07-19T10:00:00Z"}`, i),
						fmt.Sprintf(`{"login":"bob","status":"s%d","time":"2023-07-19T10:00:00Z"}`, i),
						fmt.Sprintf(`{"login":"u%d","status":"s","time":"2023-07-19T10:00:00Z"}`, i))
				}
				new, known, _, created := sums(postParallel(t, f, "/api/v1/status-events", bodies))
				if new != 3*parallel || known != 0 || created != 2+parallel {
					t.Errorf("sums of the answers: got new %d, known %d, usersCreated %d; want %d, 0, %d", new, known, created, 3*parallel, 2+parallel)
				}
				wantCounted("/api/v1/users", 2+parallel)(t, f)
				wantCounted("/api/v1/status-events", 3*parallel)(t, f)
			}},
		{name: "the same batch of session events", method: "GET", path: "/healthz", status: 200,
			after: func(t *testing.T, f *fixture) {
				bodies := make([]string, parallel)
				for i := range bodies {
					bodies[i] = jsonArray(sessionItems...)
				}
				new, known, _, created := sums(postParallel(t, f, "/api/v1/session-events", bodies))
				if new != 3 || known != 3*(parallel-1) || created != 2 {
					t.Errorf("sums of the answers: got new %d, known %d, usersCreated %d; want 3, %d, 2", new, known, created, 3*(parallel-1))
				}
				wantCounted("/api/v1/users", 2)(t, f)
				wantCounted("/api/v1/session-events", 3)(t, f)
			}},
		{name: "versions of one call: the newest wins", method: "GET", path: "/healthz", status: 200,
			after: func(t *testing.T, f *fixture) {
				bodies := make([]string, parallel)
				for i := range bodies {
					bodies[i] = jsonArray(callVersion(fmt.Sprintf("v%d", i), fmt.Sprintf("2023-07-19T08:00:0%dZ", i)))
				}
				// The counts of new and known calls are checked below, without users.
				if _, _, _, created := sums(postParallel(t, f, "/api/v1/calls", bodies)); created != 1 {
					t.Errorf("sum of usersCreated: got %d, want 1", created)
				}
				wantCounted("/api/v1/users", 1)(t, f)
				wantCallStatuses(fmt.Sprintf("v%d", parallel-1))(t, f)
			}},
		{name: "versions of calls without a user", method: "GET", path: "/healthz", status: 200,
			after: func(t *testing.T, f *fixture) {
				for round := range 5 {
					id := fmt.Sprintf("00000000-0000-4000-8000-%012d", round)
					bodies := make([]string, parallel)
					for i := range bodies {
						bodies[i] = jsonArray(callVersionOf(id, "", fmt.Sprintf("v%d", i), fmt.Sprintf("2023-07-19T08:00:0%dZ", i)))
					}
					new, known, replaced, _ := sums(postParallel(t, f, "/api/v1/calls", bodies))
					if new != 1 || known != parallel-1 || replaced < 0 || replaced > parallel-1 {
						t.Errorf("round %d: sums of the answers: got new %d, known %d, replaced %d; want 1, %d, 0 to %d",
							round, new, known, replaced, parallel-1, parallel-1)
					}
				}
				wantCounted("/api/v1/calls", 5)(t, f)
			}},
	})
}
