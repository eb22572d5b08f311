package crashtest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"agentlog/internal/storetest"
)

// TestSIGTERMDuringIngestion stops the server with SIGTERM while four
// writers ingest: it must exit 0 within its grace period, answer or refuse
// each request cleanly, and keep every batch it answered.
func TestSIGTERMDuringIngestion(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		tenantID, key := prepare(t, dsn)
		p := serve(t, dsn, "--shutdown-grace", "10s")
		l := &ledger{}
		wait := writers(context.Background(), 4, p.url, key, "term", l)
		waitAcked(t, l, 20)
		took := p.terminate(t, 10*time.Second+graceSlack)
		wait() // each writer stops at its first request that gets no answer
		db := open(t, dsn)
		checked := checkLedger(t, db, tenantID, l)
		checkConsistent(t, db, dsn, tenantID)
		t.Logf("exited 0 %s after SIGTERM; %d events checked", took.Round(time.Millisecond), checked)
	})
}

// graceSlack is how much later than its grace period a server may exit on
// this shared, busy machine: the time to close connections and the
// database, and to be scheduled.
const graceSlack = 5 * time.Second

// exportEvents is the size of the tenant the export tests read: some 13 MB
// of NDJSON, far more than the sockets between server and client buffer.
const exportEvents = 100_000

// TestSIGTERMDuringExport stops the server while it streams an export.
// With time enough the export is finished whole; past the grace period it
// is cut, and the client sees a broken transfer, never a short answer that
// ends like a whole one. Either way the server exits 0.
func TestSIGTERMDuringExport(t *testing.T) {
	storetest.ForEachDSN(t, func(t *testing.T, dsn string) {
		db := open(t, dsn)
		tenantID, key := prepare(t, dsn)
		storetest.FillStatusEvents(t, db, tenantID, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), exportEvents)
		headers := map[string]string{"Authorization": "Bearer " + key}
		const export = "/api/v1/export/status-events"

		t.Run("finished within the grace period", func(t *testing.T) {
			p := serve(t, dsn)
			res := get(t, p.url+export, headers)
			r := newReading(res.Body)
			r.take(t, 64<<10) // the export is under way
			term := p.sendTERM(t)
			lines, err := r.rest(nil)
			if err != nil || lines != exportEvents {
				t.Fatalf("the export after SIGTERM: %d lines, %v; want all %d and a clean end", lines, err, exportEvents)
			}
			t.Logf("exited 0 %s after SIGTERM", p.mustExitZero(t, term, 30*time.Second+graceSlack).Round(time.Millisecond))
		})

		t.Run("cut at the end of the grace period", func(t *testing.T) {
			p := serve(t, dsn, "--shutdown-grace", "1s")
			exp := get(t, p.url+export, headers)
			compat := get(t, p.url+"/stats/user-statuses?from=2025-01-01&to=2026-01-01", map[string]string{"Key": key})
			for _, res := range []*http.Response{exp, compat} {
				// Chunked, without a length: only the closing chunk tells
				// a whole answer, and a cut one lacks it.
				if res.ContentLength != -1 || len(res.TransferEncoding) == 0 || res.TransferEncoding[0] != "chunked" {
					t.Fatalf("%s: length %d, transfer encoding %v; want chunked", res.Request.URL.Path, res.ContentLength, res.TransferEncoding)
				}
			}
			readers := []*reading{newReading(exp.Body), newReading(compat.Body)}
			for _, r := range readers {
				r.take(t, 64<<10)
			}
			term := p.sendTERM(t)
			results := make(chan error, len(readers))
			for _, r := range readers {
				go func() {
					_, err := r.rest(p.exited) // slowly until the server is gone
					results <- err
				}()
			}
			t.Logf("exited 0 %s after SIGTERM, its grace period 1s", p.mustExitZero(t, term, time.Second+graceSlack).Round(time.Millisecond))
			for range readers {
				if err := <-results; !errors.Is(err, io.ErrUnexpectedEOF) {
					t.Errorf("a cut answer ended with %v, want io.ErrUnexpectedEOF: a client must see it was cut", err)
				}
			}
			t.Logf("cut after %d bytes of the export and %d of the VoIPcube list", readers[0].bytes, readers[1].bytes)
		})
	})
}

func get(t *testing.T, url string, headers map[string]string) *http.Response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if res.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(res.Body)
		t.Fatalf("GET %s: %d %s", url, res.StatusCode, body)
	}
	return res
}

// reading reads an answer and counts its lines.
type reading struct {
	body  io.Reader
	lines int
	bytes int64
}

func newReading(body io.Reader) *reading { return &reading{body: body} }

// take reads n bytes at once.
func (r *reading) take(t *testing.T, n int64) {
	t.Helper()
	if _, err := io.CopyN(r, r.body, n); err != nil {
		t.Fatalf("reading the first %d bytes: %v", n, err)
	}
}

// rest reads to the end: slowly (16 KB every 20 ms) until fast is closed,
// at once when fast is nil or closed. It returns the lines read in all and
// how the answer ended.
func (r *reading) rest(fast <-chan struct{}) (int, error) {
	buf := make([]byte, 16<<10)
	for {
		n, err := r.body.Read(buf)
		r.Write(buf[:n])
		if err == io.EOF {
			return r.lines, nil
		}
		if err != nil {
			return r.lines, err
		}
		if fast != nil {
			select {
			case <-fast:
				fast = nil
			case <-time.After(20 * time.Millisecond):
			}
		}
	}
}

func (r *reading) Write(p []byte) (int, error) {
	r.lines += bytes.Count(p, []byte{'\n'})
	r.bytes += int64(len(p))
	return len(p), nil
}
