package oneuptime_test

// Paging through 10,000 calls with skip and limit 100 under every sort:
// every call exactly once, in the order asked for, whatever the ties and
// NULLs of the sort column.

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
)

const walkSize = 10_000

// walkCalls are 10,000 calls whose sortable columns are full of ties and
// NULLs, and whose ids are not in the order of any column.
func walkCalls() []activity.Call {
	statuses := []string{"Success", "success", "Error", "Busy", "Low Balance", "Missed Call", "Ärger"}
	base := ts("2024-06-01T00:00:00Z")
	calls := make([]activity.Call, walkSize)
	for i := range calls {
		start := base.Add(time.Duration(i/2) * time.Second)
		c := activity.Call{ID: fmt.Sprintf("%08x-0000-4000-8000-%012d", i*7919%10007, i), Direction: activity.Inbound,
			StartedAt: &start, UpdatedAt: base.Add(time.Duration(i*37%1000) * time.Second),
			ToNumber: fmt.Sprintf("+1-555-%04d", i%500), FromNumber: strconv.Itoa(i % 13),
			Status: statuses[i%7], CostCents: int64(i % 101), Links: map[string]string{}}
		if i%4 != 0 {
			c.StatusMessage = ptr(fmt.Sprintf("m%02d", i%50))
		}
		for k, name := range linkNames {
			if (i+k)%3 != 0 {
				c.Links[name] = fmt.Sprintf("%08d-0000-4000-8000-%012d", i*(k+3)%17, k)
			}
		}
		calls[i] = c
	}
	return calls
}

// sortable are the columns the contract lets get-list sort on.
func sortable() []string {
	cols := []string{"_id", "createdAt", "updatedAt", "toNumber", "fromNumber", "statusMessage", "status", "callCostInUSDCents"}
	for _, l := range linkNames {
		cols = append(cols, l+"Id")
	}
	return cols
}

type sortKey struct {
	column string
	desc   bool
}

// walks are the sorts walked. Every walk costs about 100 page queries,
// each sorting all 10,000 calls (OFFSET paging), about 2 s on SQLite on a
// two-core machine; all 39 (each sortable column both ways and a two-key
// sort) would take well over a minute per database. So by default each
// column is walked one way, both ways for a nullable text and a link
// column, plus the two-key sort; AGENTLOG_WALK_ALL_SORTS=1 walks all 39.
func walks() [][]sortKey {
	if os.Getenv("AGENTLOG_WALK_ALL_SORTS") == "1" {
		var all [][]sortKey
		for _, c := range sortable() {
			all = append(all, []sortKey{{c, false}}, []sortKey{{c, true}})
		}
		return append(all, []sortKey{{"status", false}, {"callCostInUSDCents", true}})
	}
	return [][]sortKey{
		{{"_id", true}}, {{"createdAt", false}}, {{"updatedAt", true}}, {{"toNumber", false}}, {{"fromNumber", true}},
		{{"statusMessage", false}}, {{"statusMessage", true}}, {{"status", true}}, {{"callCostInUSDCents", false}},
		{{"incidentId", false}}, {{"teamId", true}},
		{{"status", false}, {"callCostInUSDCents", true}},
	}
}

func TestWalkEverySort(t *testing.T) {
	if testing.Short() {
		t.Skip("walks 10,000 calls page by page")
	}
	fill := func(t *testing.T, e *env) { mustIngest(t, e.db, e.acme, walkCalls()) }
	forEachServer(t, setup{fill: fill}, func(t *testing.T, e *env) {
		t.Parallel() // SQLite and PostgreSQL at once: SQLite keeps one core busy
		list := walks()
		start := time.Now()
		t.Cleanup(func() {
			t.Logf("%d walks of %d calls: %s", len(list), walkSize, time.Since(start).Round(time.Millisecond))
		})
		for _, keys := range list {
			t.Run(fmt.Sprint(keys), func(t *testing.T) {
				t.Parallel()
				walk(t, e, keys)
			})
		}
	})
}

// walk pages through every call under keys and checks the whole.
func walk(t *testing.T, e *env, keys []sortKey) {
	var sort, sel []string
	for _, k := range keys {
		sort = append(sort, fmt.Sprintf("%q:%q", k.column, map[bool]string{false: "ASC", true: "DESC"}[k.desc]))
		sel = append(sel, fmt.Sprintf("%q:true", k.column))
	}
	body := `{"sort":{` + strings.Join(sort, ",") + `},"select":{` + strings.Join(sel, ",") + `}}`
	seen := make(map[string]bool, walkSize)
	var prev map[string]any
	for skip := 0; ; skip += 100 {
		a := e.send(t, request{target: fmt.Sprintf("%s?limit=100&skip=%d", listPath, skip), body: body})
		if a.status != 200 {
			t.Fatalf("skip %d: status: got %d, want 200; body: %s", skip, a.status, a.body)
		}
		l := decodeList(t, a.body)
		if *l.Count != walkSize {
			t.Fatalf("skip %d: count: got %d, want %d", skip, *l.Count, walkSize)
		}
		for _, it := range l.Data {
			id, _ := it["_id"].(string)
			if seen[id] {
				t.Fatalf("skip %d: call %s: got it twice, want every call once", skip, id)
			}
			seen[id] = true
			if prev != nil && !inOrder(prev, it, keys) {
				t.Fatalf("skip %d: order: got %v before %v, want %v", skip, prev, it, keys)
			}
			prev = it
		}
		if len(l.Data) < 100 {
			break
		}
	}
	if len(seen) != walkSize {
		t.Fatalf("calls: got %d, want %d", len(seen), walkSize)
	}
}

// inOrder reports whether a may come before b: NULLs are the largest
// values, text compares by bytes, numbers as numbers.
func inOrder(a, b map[string]any, keys []sortKey) bool {
	for _, k := range keys {
		d := compareValues(a[k.column], b[k.column])
		if k.desc {
			d = -d
		}
		if d != 0 {
			return d < 0
		}
	}
	return true
}

func compareValues(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	if an, ok := a.(json.Number); ok {
		x, _ := an.Int64()
		y, _ := b.(json.Number).Int64()
		return cmp.Compare(x, y)
	}
	return bytes.Compare([]byte(a.(string)), []byte(b.(string)))
}
