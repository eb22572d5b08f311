package xapi

// The differential test of CallHistoryView: every query of
// testdata/callhistory-corpus.txt runs the way the handler runs it, through
// internal/odata's SQL builder in the database, and through the in-memory
// evaluator (Options.Apply) over the same rows; both must give the same
// rows in the same order and the same count, on SQLite and PostgreSQL.

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/auth"
	"agentlog/internal/odata"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

var diffUsers = []activity.User{
	{ID: "00000000-0000-4000-c000-000000000001", Login: "ann", Name: "Ann Smith", Extension: "101"},
	{ID: "00000000-0000-4000-c000-000000000002", Login: "bob", Name: "Bob O'Brien", Extension: "102"},
	{ID: "00000000-0000-4000-c000-000000000003", Login: "cy", Name: "cy lower", Extension: "103"},
	{ID: "00000000-0000-4000-c000-000000000004", Login: "dee", Name: "Dee Dee"},
}

// diffCalls are n calls of every shape: each direction, with and without
// an agent, an extension, a queue, a start, an answer and an end, some
// numbers empty or with LIKE's wildcards, several starting at the same
// millisecond.
func diffCalls(n int) []activity.Call {
	r := rand.New(rand.NewPCG(6, 6))
	pick := func(list ...string) string { return list[r.IntN(len(list))] }
	base := time.Date(2025, 5, 1, 10, 0, 0, 0, time.UTC)
	out := make([]activity.Call, n)
	for i := range out {
		c := activity.Call{ID: fmt.Sprintf("00000000-0000-4000-d000-%012d", r.IntN(1e9)*100+i),
			Direction: pick(activity.Inbound, activity.Outbound, activity.Internal), Queue: pick("", "", "800", "801")}
		agent := r.IntN(len(diffUsers) + 1)
		if agent < len(diffUsers) {
			c.User = activity.UserRef{ID: diffUsers[agent].ID}
			c.Extension = pick(diffUsers[agent].Extension, "", "105")
		} else {
			c.Extension = pick("", "101", "105")
		}
		outside, ext := pick("+4930111", "+49301234", "", "0%_1", "+4940222"), pick("101", "102", "103", "105", "")
		switch c.Direction {
		case activity.Inbound:
			c.FromNumber, c.ToNumber = outside, pick(ext, "800")
		case activity.Outbound:
			c.FromNumber, c.ToNumber = ext, outside
		default:
			c.FromNumber, c.ToNumber = pick(ext, c.Extension), pick(ext, c.Extension)
		}
		if r.IntN(12) > 0 {
			start := base.Add(time.Duration(r.IntN(40)) * 90 * time.Minute)
			if r.IntN(4) == 0 {
				start = start.Add(time.Duration(r.IntN(1000)) * time.Millisecond)
			}
			end := start.Add(time.Duration(r.IntN(7200)) * time.Second)
			c.StartedAt, c.EndedAt = &start, &end
			if r.IntN(3) > 0 {
				answered := start.Add(end.Sub(start) / 3)
				c.AnsweredAt = &answered
			}
			if r.IntN(10) == 0 {
				c.EndedAt = nil
			}
		}
		out[i] = c
	}
	return out
}

func TestCallHistoryViewSQLMatchesMemory(t *testing.T) {
	corpus := readCorpus(t, "testdata/callhistory-corpus.txt")
	if len(corpus) < 100 {
		t.Fatalf("the corpus has %d queries, want at least 100", len(corpus))
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		db.Now = func() time.Time { return time.Date(2025, 5, 3, 0, 0, 0, 0, time.UTC) }
		tenant := storetest.MustTenant(t, db, "diff")
		if _, err := db.EnsureUsers(ctx, tenant.ID, diffUsers); err != nil {
			t.Fatal(err)
		}
		for _, batch := range slices.Collect(slices.Chunk(diffCalls(120), 40)) {
			if _, err := db.IngestCalls(ctx, tenant.ID, batch); err != nil {
				t.Fatal(err)
			}
		}
		h := &Handler{DB: db}
		p := auth.Principal{Tenant: tenant}
		all, err := h.callHistoryRows(ctx, p, store.CallViewQuery{Select: callHistorySelect})
		if err != nil || len(all) != 120 {
			t.Fatalf("all rows: got %d, %v; want 120", len(all), err)
		}
		for _, line := range corpus {
			opts, q, err := h.callHistoryQuery(httptest.NewRequest("GET", "/xapi/v1/CallHistoryView?"+line, nil))
			if err != nil {
				t.Errorf("%s: %v", line, err)
				continue
			}
			got, gotCount, err := runSQL(ctx, h, p, opts, q)
			if err != nil {
				t.Errorf("%s: SQL: %v\nWHERE %s\nORDER BY %s\nargs %v", line, err, q.Where, q.OrderBy, q.Args)
				continue
			}
			base := slices.Clone(all) // in the order the database breaks ties in
			if q.Descending {
				slices.Reverse(base)
			}
			page, count := opts.Apply(base)
			if want := segmentIDs(page); !slices.Equal(got, want) || opts.Count && gotCount != count {
				t.Errorf("%s:\nSQL    %v (count %d)\nmemory %v (count %d)\nWHERE %s\nORDER BY %s\nargs %v",
					line, got, gotCount, want, count, q.Where, q.OrderBy, q.Args)
			}
		}
	})
}

// runSQL runs q as the handler does, without the server's cap on $top.
func runSQL(ctx context.Context, h *Handler, p auth.Principal, opts *odata.Options, q store.CallViewQuery) ([]int64, int, error) {
	var count int64
	var err error
	if opts.Count {
		if count, err = h.DB.CountCallView(ctx, p.Tenant.ID, q.Where, q.Args); err != nil {
			return nil, 0, err
		}
	}
	if opts.Top != nil {
		q.Limit = *opts.Top
	}
	if opts.Skip != nil {
		q.Offset = *opts.Skip
	}
	if opts.Top != nil && *opts.Top == 0 {
		return []int64{}, int(count), nil
	}
	rows, err := h.callHistoryRows(ctx, p, q)
	return segmentIDs(rows), int(count), err
}

func segmentIDs(rows []odata.Row) []int64 {
	ids := []int64{}
	for _, r := range rows {
		ids = append(ids, r["SegmentId"].(int64))
	}
	return ids
}

// readCorpus reads the queries of file, percent-encoding each value.
func readCorpus(t *testing.T, file string) []string {
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var params []string
		for _, param := range strings.Split(line, "&") {
			name, value, _ := strings.Cut(param, "=")
			params = append(params, name+"="+url.QueryEscape(value))
		}
		out = append(out, strings.Join(params, "&"))
	}
	return out
}
