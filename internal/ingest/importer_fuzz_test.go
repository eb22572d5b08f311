package ingest

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// decodeAll runs a fresh decoder over every line of file and returns the
// batch and what each line's error said ("" for none).
func decodeAll(t *testing.T, dec LineDecoder, file string) (Batch, []string) {
	var b Batch
	var errs []string
	for i, line := range strings.Split(file, "\n") {
		err := dec.Decode(int64(i+1), line, &b)
		switch {
		case err == nil:
			errs = append(errs, "")
		case errors.Is(err, errIgnored):
			errs = append(errs, "ignored")
		default:
			var fatal *FatalError
			if errors.As(err, &fatal) {
				return b, append(errs, "fatal: "+fatal.Msg)
			}
			if err.Error() == "" {
				t.Fatalf("line %d %q: an error without a message", i+1, line)
			}
			errs = append(errs, err.Error())
		}
	}
	return b, errs
}

// checkDecoder is the property every importer's decoder keeps, whatever
// the file: no panic, an error with a message for each refused line, and
// the same items and errors when the same file is read again, so that
// importing a file twice adds nothing the second time; the items it makes
// are validated as the importer does, without panicking.
func checkDecoder(t *testing.T, newDecoder func() LineDecoder, file string) {
	b1, e1 := decodeAll(t, newDecoder(), file)
	b2, e2 := decodeAll(t, newDecoder(), file)
	if !reflect.DeepEqual(b1, b2) || !reflect.DeepEqual(e1, e2) {
		t.Fatalf("file %q read twice gave different items or errors:\n%+v %q\n%+v %q", file, b1, e1, b2, e2)
	}
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range b1.Status {
		_ = b1.Status[i].Validate()
	}
	for i := range b1.Sessions {
		_ = b1.Sessions[i].Validate()
	}
	for i := range b1.Calls {
		_ = b1.Calls[i].Validate(now)
	}
}

// seedFile adds a test file, and each of its first lines alone, to f.
func seedFile(f *testing.F, name string) {
	raw, err := os.ReadFile("testdata/" + name)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(raw))
	for i, line := range strings.Split(string(raw), "\n") {
		if i < 8 {
			f.Add(line)
		}
	}
}

func FuzzQueueLog(f *testing.F) {
	seedFile(f, "queue_log")
	for _, s := range []string{"1|c|q|SIP/1|ENTERQUEUE||100|1", "x|||||", "1700000000|1.1|support|SIP/1001|CONNECT|99999999999999999999|1.2|3",
		"1700000000|1.1|support|NONE|ABANDON|1|1|-5", "|||||||||||", "1700000000|1|q|Local/1001@x/n|COMPLETEAGENT|1|1e9|0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, file string) {
		checkDecoder(t, func() LineDecoder { return &QueueLog{} }, file)
	})
}

func FuzzCDR(f *testing.F) {
	seedFile(f, "Master.csv")
	for _, s := range []string{`"`, `"","1","2","c","clid","SIP/1-1","","Dial","","2024-13-01 00:00:00","","x",1,1,"ANSWERED","D","u",""`, ",,,,,,,,,,,,,,,,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, file string) {
		checkDecoder(t, func() LineDecoder { return &CDR{Zone: time.UTC} }, file)
	})
}

// FuzzRecords reads generic CSV (first line the header) and NDJSON of
// each kind, with a column map as the seeds' files need.
func FuzzRecords(f *testing.F) {
	raw, _ := os.ReadFile("testdata/status.csv")
	f.Add(string(raw), uint8(0), false)
	raw, _ = os.ReadFile("testdata/sessions.ndjson")
	f.Add(string(raw), uint8(1), true)
	f.Add("id,direction,startedAt,costCents,callData\nx,inbound,2024-01-01T00:00:00Z,12,\"{\"\"a\"\":1}\"\n", uint8(2), false)
	f.Add(`{"direction":"inbound","startedAt":"2024-01-01","callData":{"a":[1]},"links":{"incidentId":"x"}}`, uint8(2), true)
	f.Add("login,status,time\n\"unclosed,x,y\n", uint8(0), false)
	f.Add("nope,status\n", uint8(0), false)
	kinds := []string{StatusEvents, SessionEvents, Calls}
	m, _ := ParseMap("agent=login,state=status,at=time,note=-")
	f.Fuzz(func(t *testing.T, file string, kind uint8, ndjson bool) {
		k := kinds[int(kind)%len(kinds)]
		checkDecoder(t, func() LineDecoder { return &Records{Kind: k, NDJSON: ndjson, Map: m} }, file)
	})
}
