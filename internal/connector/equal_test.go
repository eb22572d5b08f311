package connector_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/connector"
	"agentlog/internal/simulate"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

// The tests of this file sync a simulated contact center from A into B
// through one vendor contract, then ask A and B the same question through
// that contract: the answers must be equal on every field the contract
// carries. A second sync of the same period must add nothing.

func TestSyncEqualsVendor(t *testing.T) {
	for _, source := range connector.Sources {
		t.Run(source, func(t *testing.T) {
			storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
				e := newEnv(t, db)
				sim := e.simulateA(t)
				cfg, _ := e.config(source)
				stats := mustSync(t, cfg)
				if want := simulated(source, sim); source != "3cx" && (stats.Read != want || stats.New != want) {
					t.Errorf("stats %+v, want %d items read and new", stats, want)
				}
				e.assertSame(t, source, cfg, sim)
				wantNothingNew(t, cfg)
			})
		})
	}
}

// simulated is how many items of the kind a source reads A simulated.
func simulated(source string, sim simulate.Stats) int {
	return map[string]int{"voipcube": sim.StatusEvents, "cention": sim.SessionEvents, "oneuptime": sim.Calls, "3cx": sim.Calls}[source]
}

// assertSame asks A and B the same questions through source's contract
// and requires equal answers.
func (e *env) assertSame(t *testing.T, source string, cfg connector.Config, sim simulate.Stats) {
	t.Helper()
	switch source {
	case "voipcube":
		path := fmt.Sprintf("/stats/user-statuses?from=%s&to=%s", activity.FormatTime(cfg.Since), activity.FormatTime(simEnd))
		a := fetch(t, e.a, "GET", path, map[string]string{"Key": e.a.key}, "")
		b := fetch(t, e.b, "GET", path, map[string]string{"Key": e.b.key}, "")
		if string(a) != string(b) || len(decode[[]any](t, a)) != sim.StatusEvents {
			t.Errorf("B's status log differs from A's:\nA %.400s\nB %.400s", a, b)
		}
	case "cention":
		query := fmt.Sprintf("?format=json&from=%d&to=%d", cfg.Since.Unix(), simEnd.Unix())
		a := fetch(t, e.a, "GET", "/s/alpha/capi/custom/logio"+query, map[string]string{"Authorization": "Bearer " + e.a.key}, "")
		b := fetch(t, e.b, "GET", "/s/beta/capi/custom/logio"+query, map[string]string{"Authorization": "Bearer " + e.b.key}, "")
		if string(a) != string(b) || len(decode[[]any](t, a)) != sim.SessionEvents {
			t.Errorf("B's logio differs from A's:\nA %.400s\nB %.400s", a, b)
		}
	case "oneuptime":
		a, b := callLog(t, e.a), callLog(t, e.b)
		if len(a) != sim.Calls || !reflect.DeepEqual(a, b) {
			t.Errorf("B's call log (%d) differs from A's (%d): %s", len(b), len(a), firstDiff(a, b))
		}
	case "3cx":
		a, b := callHistory(t, e.a), callHistory(t, e.b)
		if len(a) != sim.Calls || !reflect.DeepEqual(a, b) {
			t.Errorf("B's call history (%d) differs from A's (%d): %s", len(b), len(a), firstDiff(a, b))
		}
		a, b = loginHistory(t, e.a, cfg), loginHistory(t, e.b, cfg)
		if len(a) == 0 || !reflect.DeepEqual(a, b) {
			t.Errorf("B's login history (%d rows) differs from A's (%d): %s", len(b), len(a), firstDiff(a, b))
		}
	}
}

// callLog reads a side's whole call log, every column but the project
// (each side's own tenant), oldest first, a page of 100 at a time.
func callLog(t *testing.T, s side) []map[string]any {
	t.Helper()
	sel := `"createdAt":true,"updatedAt":true,"toNumber":true,"fromNumber":true,"callData":true,"statusMessage":true,"status":true,"callCostInUSDCents":true`
	for _, link := range activity.LinkNames {
		sel += fmt.Sprintf(`,%q:true,%q:true`, link+"Id", link)
	}
	body := `{"select":{` + sel + `},"sort":{"createdAt":"ASC","_id":"ASC"}}`
	var all []map[string]any
	for skip := 0; ; skip += 100 {
		page := decode[struct {
			Count int
			Data  []map[string]any
		}](t, fetch(t, s, "POST", fmt.Sprintf("/api/call-log/get-list?skip=%d&limit=100", skip), map[string]string{"ApiKey": s.key}, body))
		all = append(all, page.Data...)
		if len(page.Data) < 100 {
			return all
		}
	}
}

// callHistory reads a side's CallHistoryView without SegmentId, a number
// in each side's own change order.
func callHistory(t *testing.T, s side) []map[string]any {
	t.Helper()
	page := decode[struct{ Value []map[string]any }](t, fetch(t, s, "GET", "/xapi/v1/CallHistoryView?$top=1000", map[string]string{"Authorization": "Bearer " + s.key}, ""))
	for _, row := range page.Value {
		delete(row, "SegmentId")
	}
	return page.Value
}

// loginHistory reads a side's agent login history of the whole days
// synced, in the columns a sync carries: 3CX tells a day's first login and
// last logout, not the sessions between them (LoggedInDayInterval and
// LoggedInTotalInterval), nor when a call was answered (the Talking…
// intervals); and its times are whole seconds, so LoggedInInterval, to
// the millisecond in A, is not either.
func loginHistory(t *testing.T, s side, cfg connector.Config) []map[string]any {
	t.Helper()
	path := fmt.Sprintf("/xapi/v1/ReportAgentLoginHistory/Pbx.GetAgentLoginHistoryData(clientTimeZone='UTC',startDt=%s,endDt=%s,queueDnStr='',agentDnStr='')",
		strings.ReplaceAll(activity.FormatTime(cfg.Since.Truncate(24*time.Hour)), ":", "%3A"), strings.ReplaceAll(activity.FormatTime(simEnd.Truncate(24*time.Hour)), ":", "%3A"))
	page := decode[struct{ Value []map[string]any }](t, fetch(t, s, "GET", path, map[string]string{"Authorization": "Bearer " + s.key}, ""))
	for _, row := range page.Value {
		for name := range row {
			if strings.HasPrefix(name, "Talking") || name == "LoggedInInterval" || name == "LoggedInDayInterval" || name == "LoggedInTotalInterval" {
				delete(row, name)
			}
		}
	}
	return page.Value
}

// wantNothingNew syncs cfg again, without a checkpoint: everything read
// must be there already.
func wantNothingNew(t *testing.T, cfg connector.Config) {
	t.Helper()
	cfg.Checkpoint = ""
	stats := mustSync(t, cfg)
	if stats.Read == 0 || stats.New != 0 || stats.UsersCreated != 0 {
		t.Errorf("second sync: %+v, want items read and none new", stats)
	}
}

func firstDiff(a, b []map[string]any) string {
	for i := range min(len(a), len(b)) {
		if !reflect.DeepEqual(a[i], b[i]) {
			return fmt.Sprintf("row %d:\nA %v\nB %v", i, a[i], b[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d", len(a), len(b))
}
