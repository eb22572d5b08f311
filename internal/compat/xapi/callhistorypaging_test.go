package xapi_test

// CallHistoryView serves at most 1,000 rows per answer: a larger $top, or
// none, is capped and the answer ends with @odata.nextLink.

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// pagingCalls are n calls a minute apart; every third is outbound.
func pagingCalls(n int) []activity.Call {
	list := make([]rc, n)
	base := instant("2025-05-01T00:00:00Z")
	for i := range list {
		dir := activity.Inbound
		if i%3 == 0 {
			dir = activity.Outbound
		}
		list[i] = rc{n: i + 1, dir: dir, from: "+4930", to: "+4940", agent: "ann", ext: "101",
			start: base.Add(time.Duration(i) * time.Minute).Format(time.RFC3339), ring: time.Duration(i%50) * time.Second}
	}
	return rcCalls(list...)
}

func TestCallHistoryViewPaging(t *testing.T) {
	const total = 2350
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		e := newReportEnv(t, db, historyNow)
		e.calls(t, pagingCalls(total)...)
		for _, c := range []struct {
			options string
			pages   []int // rows of each answer, following nextLink
			rows    int   // rows over all pages
		}{
			{"", []int{1000, 1000, 350}, total},
			{"$count=true", []int{1000, 1000, 350}, total},
			{"$top=1500", []int{1000, 500}, 1500},
			{"$top=1000", []int{1000}, 1000},
			{"$top=999&$skip=2000", []int{350}, 350},
			{"%24skip=100&%24top=5000&%24orderby=CallTime%20desc", []int{1000, 1000, 250}, 2250},
			{"$filter=SrcExternal+eq+false&$orderby=SegmentStartTime+desc&$count=true", []int{784}, 784},
			{"$select=SegmentId&$top=2001", []int{1000, 1000, 1}, 2001},
		} {
			target := "/xapi/v1/CallHistoryView?" + c.options
			var seen []string
			var count int
			for i := 0; ; i++ {
				rows, n, next := readPage(t, target, e.get(t, target))
				if i == 0 {
					count = n
				} else if n != count {
					t.Errorf("%s: page %d: @odata.count %d, want %d as on the first", c.options, i, n, count)
				}
				if i >= len(c.pages) || len(rows) != c.pages[i] {
					t.Fatalf("%s: page %d: got %d rows, want pages of %v", c.options, i, len(rows), c.pages)
				}
				for _, r := range rows {
					seen = append(seen, fmt.Sprint(r["SegmentId"]))
				}
				if next == "" {
					break
				}
				if !strings.HasPrefix(next, e.srv.URL+"/xapi/v1/CallHistoryView?") {
					t.Fatalf("%s: nextLink %q, want a URL of %s/xapi/v1/CallHistoryView", c.options, next, e.srv.URL)
				}
				target = strings.TrimPrefix(next, e.srv.URL)
			}
			if len(seen) != c.rows || len(unique(seen)) != c.rows {
				t.Errorf("%s: got %d rows (%d different), want %d", c.options, len(seen), len(unique(seen)), c.rows)
			}
			if want := map[bool]int{true: 784, false: total}[strings.Contains(c.options, "$filter")]; strings.Contains(c.options, "$count") && count != want {
				t.Errorf("%s: @odata.count: got %d, want %d", c.options, count, want)
			}
			// Following nextLink gives the rows of the download, which is
			// not capped, in its order.
			if got, want := strings.Join(seen, " "), strings.Join(downloadIDs(t, e, c.options), " "); got != want {
				t.Errorf("%s: the pages differ from the download:\ngot  %s\nwant %s", c.options, clip(got), clip(want))
			}
		}
	})
}

func unique(list []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range list {
		m[s] = true
	}
	return m
}

// downloadIDs is the SegmentId column of Pbx.DownloadCallHistory() with
// the options.
func downloadIDs(t *testing.T, e *reportEnv, options string) []string {
	t.Helper()
	a := send(t, e.srv, "GET", "/xapi/v1/CallHistoryView/Pbx.DownloadCallHistory()?"+options,
		[][2]string{{"Authorization", "Bearer " + e.token}}, nil)
	records, err := csv.NewReader(bytes.NewReader(a.body)).ReadAll()
	if a.status != 200 || err != nil || len(records) == 0 {
		t.Fatalf("download ?%s: got %d %s (%v)", options, a.status, clip(string(a.body)), err)
	}
	col := slices.Index(records[0], "SegmentId")
	var ids []string
	for _, r := range records[1:] {
		ids = append(ids, r[col])
	}
	return ids
}
