package voipcube_test

import (
	"fmt"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/servertest"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// pagingStatuses are "s01" … "s30", a minute apart.
func pagingStatuses(from, to int) []string {
	var list []string
	for i := from; i <= to; i++ {
		list = append(list, fmt.Sprintf("s%02d", i))
	}
	return list
}

func TestUserStatusesPageAndSize(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		srv, tenant, key := mustSetup(t, db, "acme")
		var events []activity.StatusEvent
		for i := 1; i <= 30; i++ {
			ev := status(i%3+1, fmt.Sprintf("s%02d", i), "2024-03-01T08:00:00Z")
			ev.Time = ev.Time.Add(time.Duration(i) * time.Minute)
			events = append(events, ev)
		}
		mustIngest(t, db, tenant, events...)
		day := func(more ...string) string { return period("2024-03-01", "2024-03-02", more...) }
		all, first25, last5 := pagingStatuses(1, 30), pagingStatuses(1, 25), pagingStatuses(26, 30)
		first4 := pagingStatuses(1, 4)
		table := []servertest.Scenario{
			ok("neither page nor size: everything", day(), key, all...),
			ok("page only: size 25", day("page=1"), key, first25...),
			ok("page 2 of size 25", day("page=2"), key, last5...),
			ok("size only: page 1", day("size=4"), key, first4...),
			ok("page 3 of size 4", day("page=3", "size=4"), key, pagingStatuses(9, 12)...),
			ok("the last full page", day("page=6", "size=5"), key, last5...),
			ok("page and size both empty: page 1 of 25", day("page=", "size="), key, first25...),
			ok("a page just beyond the end", day("page=7", "size=5"), key),
			ok("a deep page", day("page=1000"), key),
			ok("a very deep page is still beyond the end", day("page=2000000000", "size=25"), key),
			ok("a size larger than the list: everything", day("page=1", "size=2000000000"), key, all...),
		}
		for _, v := range []string{"0", "-1", "x", "1.5", ""} {
			table = append(table,
				ok(fmt.Sprintf("size=%q falls back to 25", v), day("page=2", "size="+v), key, last5...),
				ok(fmt.Sprintf("page=%q falls back to 1", v), day("page="+v, "size=4"), key, first4...))
		}
		servertest.Run(t, srv, table)
	})
}
