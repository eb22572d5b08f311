package servertest

import (
	"bytes"
	"io"
	"net/http"
	"testing"
	"time"
)

// HeapAllowance is how much the live heap may grow while one answer is
// streamed: buffers and driver state, a small fraction of an answer of a
// million rows.
const HeapAllowance = 8 << 20

// MeasureStream fetches url with the headers and counts the marker byte in
// the answer as it arrives, without keeping it, while it watches the heap.
// The test fails unless the answer is a 200 streamed whole with the live
// heap growing less than HeapAllowance; outside -short the answer must
// also be large enough (three allowances) for that to tell. It logs the
// figures and returns the count.
func MeasureStream(t *testing.T, url string, headers map[string]string, marker byte) int {
	t.Helper()
	stop := WatchHeap()
	began := time.Now()
	count, size := fetchCounting(t, url, headers, marker)
	took := time.Since(began)
	growth := stop()
	if growth > HeapAllowance || (!testing.Short() && size < 3*HeapAllowance) {
		t.Fatalf("%s: the heap grew by %d MB while streaming %d MB: not streamed (allowed: %d MB)",
			url, growth>>20, size>>20, HeapAllowance>>20)
	}
	t.Logf("%d records, %d MB in %s (%.0f records/s); the live heap grew by %.1f MB",
		count, size>>20, took.Round(time.Millisecond), float64(count)/took.Seconds(), float64(growth)/(1<<20))
	return count
}

func fetchCounting(t *testing.T, url string, headers map[string]string, marker byte) (int, int64) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for name, v := range headers {
		req.Header.Set(name, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("%s: status %d: %s", url, resp.StatusCode, clip(body))
	}
	c := counter{marker: marker}
	if _, err := io.Copy(&c, resp.Body); err != nil {
		t.Fatalf("%s: the answer was cut after %d records: %v", url, c.count, err)
	}
	return c.count, c.bytes
}

// counter counts a marker byte in what is written to it.
type counter struct {
	marker byte
	count  int
	bytes  int64
}

func (c *counter) Write(p []byte) (int, error) {
	c.count += bytes.Count(p, []byte{c.marker})
	c.bytes += int64(len(p))
	return len(p), nil
}
