package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
	"agentlog/internal/storetest"
)

func TestCDRImport(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tn := storetest.MustTenant(t, db, "acme")
		st, skips, err := importFile(t, db, tn.ID, &CDR{Zone: berlin}, "testdata/Master.csv", false)
		if err != nil {
			t.Fatal(err)
		}
		if len(skips) != 1 || skips[0].line != 5 || !strings.Contains(skips[0].reason, `start "yesterday"`) {
			t.Errorf("got skipped %v, want line 5's start", skips)
		}
		if got, want := st.Stored, int64(4); got != want {
			t.Errorf("stored %d calls, want %d", got, want)
		}
		var got []string
		err = db.Calls(context.Background(), tn.ID, store.EventFilter{}, func(c activity.Call) error {
			got = append(got, strings.Join([]string{activity.FormatTime(*c.StartedAt), c.Direction, c.FromNumber, c.ToNumber,
				c.Extension, c.Queue, c.Outcome, span(c)}, " "))
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		want := []string{
			"2024-03-01T08:00:00.000Z inbound +4930123456 800 1001 support answered wait 12, talk 300",
			"2024-03-01T09:00:00.000Z outbound 1001 +4989555 1001  unanswered wait 30, unanswered",
			"2024-03-01T10:00:00.000Z internal 1001 1002 1001  busy wait 5, busy",
			"2024-03-01T11:00:00.000Z inbound +4930555 800   failed wait 1, failed",
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("calls:\ngot  %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
		}
		again, _, err := importFile(t, db, tn.ID, &CDR{Zone: berlin}, "testdata/Master.csv", false)
		if err != nil || again.Stored != 0 {
			t.Errorf("re-import: stored %d, error %v, want 0 and none", again.Stored, err)
		}
	})
}

func TestCSVImportWithMapping(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tn := storetest.MustTenant(t, db, "acme")
		m, err := ParseMap("agent=login,state=status,at=time,note=-")
		if err != nil {
			t.Fatal(err)
		}
		st, skips, err := importFile(t, db, tn.ID, &Records{Kind: StatusEvents, Map: m}, "testdata/status.csv", false)
		if err != nil {
			t.Fatal(err)
		}
		if len(skips) != 1 || skips[0].line != 5 || !strings.Contains(skips[0].reason, `time "not a time" is not a time`) {
			t.Errorf("got skipped %v, want line 5's time", skips)
		}
		if got, want := countRows(t, db, tn.ID), (counts{status: 3, users: 2}); got != want || st.Stored != 3 {
			t.Errorf("rows: got %+v (stored %d), want %+v", got, st.Stored, want)
		}
		again, _, err := importFile(t, db, tn.ID, &Records{Kind: StatusEvents, Map: m}, "testdata/status.csv", false)
		if err != nil || again.Stored != 0 || countRows(t, db, tn.ID).status != 3 {
			t.Errorf("re-import: stored %d, error %v, want nothing new", again.Stored, err)
		}
	})
}

func TestCSVUnknownColumnIsFatal(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tn := storetest.MustTenant(t, db, "acme")
		_, _, err := importFile(t, db, tn.ID, &Records{Kind: StatusEvents}, "testdata/status.csv", false)
		var fatal *FatalError
		if !errors.As(err, &fatal) || !strings.Contains(err.Error(), `column "agent" is not a field of status-events`) {
			t.Fatalf("got %v, want the unknown column", err)
		}
	})
}

func TestNDJSONImport(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tn := storetest.MustTenant(t, db, "acme")
		st, skips, err := importFile(t, db, tn.ID, &Records{Kind: SessionEvents, NDJSON: true}, "testdata/sessions.ndjson", false)
		if err != nil {
			t.Fatal(err)
		}
		if len(skips) != 2 || !strings.Contains(skips[0].reason, `action "sleep" is not valid`) || !strings.Contains(skips[1].reason, `field "shoeSize"`) {
			t.Errorf("got skipped %v, want lines 3 and 4", skips)
		}
		if st.Stored != 2 {
			t.Errorf("stored %d, want 2", st.Stored)
		}
	})
}

func TestNDJSONCall(t *testing.T) {
	line := `{"id":"0b6f1d7e-8a53-4a4c-9d1e-2f1e0c7b9a11","direction":"outbound","fromNumber":"1001","toNumber":"+4930","login":"ann",` +
		`"startedAt":"2024-03-01T08:00:00Z","answeredAt":null,"endedAt":"2024-03-01T08:01:00Z","statusMessage":null,` +
		`"outcome":"busy","costCents":12,"callData":{"b":1,"a":"x"},"links":{"incidentId":"1b6f1d7e-8a53-4a4c-9d1e-2f1e0c7b9a11","teamId":null}}`
	var b Batch
	if err := (&Records{Kind: Calls, NDJSON: true}).Decode(1, line, &b); err != nil {
		t.Fatal(err)
	}
	c := b.Calls[0]
	if err := c.Validate(time.Now()); err != nil {
		t.Fatal(err)
	}
	if got, want := string(c.CallData), `{"a":"x","b":1}`; got != want {
		t.Errorf("callData: got %s, want %s", got, want)
	}
	if c.Outcome != "busy" || c.CostCents != 12 || c.User.Login != "ann" || c.Links["incident"] == "" || len(c.Links) != 1 || c.AnsweredAt != nil {
		t.Errorf("got %+v", c)
	}
}

func TestLongLineIsSkipped(t *testing.T) {
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tn := storetest.MustTenant(t, db, "acme")
		var skips []skipped
		im := &Importer{DB: db, TenantID: tn.ID, Decoder: &QueueLog{}, MaxLine: 100,
			Skip: func(line int64, reason string) { skips = append(skips, skipped{line, reason}) }}
		in := "1700000000|NONE|NONE|SIP/1|PAUSE|" + strings.Repeat("x", 300<<10) + "\n1700000001|NONE|NONE|SIP/1|UNPAUSE|\n"
		if err := im.Run(context.Background(), strings.NewReader(in)); err != nil {
			t.Fatal(err)
		}
		if len(skips) != 1 || skips[0] != (skipped{1, "the line is longer than 100 bytes"}) || im.Stats.Stored != 1 {
			t.Errorf("got skipped %v, stored %d, want line 1 skipped and line 2 stored", skips, im.Stats.Stored)
		}
	})
}

// A quoted CSV field may hold line breaks: the record is read whole, the
// lines after it keep their own numbers, and a quote left open at the end
// of the file is a truncated last record. (CSV reading drops a carriage
// return before a line break, inside quotes too.)
func TestCSVRecordSpanningLines(t *testing.T) {
	in := "id,login,status,time\n" +
		"e-1,ann,\"Away:\r\nat the \"\"dentist\"\"\n\",2024-03-01T08:00:00Z\n" +
		"e-2,bob,Available,not a time\n" +
		"e-3,bob,Available,2024-03-01T09:00:00Z\n" +
		"e-4,ann,\"never closed,2024-03-01T10:00:00Z\n"
	storetest.ForEachDB(t, func(t *testing.T, db *store.DB) {
		tn := storetest.MustTenant(t, db, "acme")
		var skips []skipped
		im := &Importer{DB: db, TenantID: tn.ID, Decoder: &Records{Kind: StatusEvents},
			Skip: func(line int64, reason string) { skips = append(skips, skipped{line, reason}) }}
		if err := im.Run(context.Background(), strings.NewReader(in)); err != nil {
			t.Fatal(err)
		}
		if len(skips) != 2 || skips[0].line != 5 || skips[1].line != 7 || !strings.Contains(skips[1].reason, "truncated") {
			t.Errorf("skipped %v, want line 5 (its time) and line 7 (the open quote)", skips)
		}
		if im.Stats.Lines != 7 || im.Stats.Stored != 2 {
			t.Errorf("stats %+v, want 7 lines read and 2 events stored", im.Stats)
		}
		var statuses []string
		err := db.StatusEvents(context.Background(), tn.ID, store.EventFilter{}, func(e store.StoredStatusEvent) error {
			statuses = append(statuses, e.Status)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"Away:\nat the \"dentist\"\n", "Available"}; strings.Join(statuses, "|") != strings.Join(want, "|") {
			t.Errorf("statuses %q, want %q", statuses, want)
		}
	})
}
