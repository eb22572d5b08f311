package servertest

import (
	"runtime"
	"runtime/metrics"
	"time"
)

// liveHeap is the heap the last garbage collection found alive: memory the
// process holds on to, not the garbage it has yet to collect, which grows
// and shrinks with the collector's pace on a busy machine.
const liveHeap = "/gc/heap/live:bytes"

// WatchHeap watches the live heap of this process, where Start runs the
// server, so that a test can show an answer is streamed: a server that held
// the answer in memory would keep it alive. The returned stop ends the
// watch and says how far the live heap rose above where it began.
func WatchHeap() (stop func() uint64) {
	runtime.GC()
	sample := []metrics.Sample{{Name: liveHeap}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	base, high := read(), read()
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-quit:
				return
			case <-tick.C:
				high = max(high, read())
			}
		}
	}()
	return func() uint64 {
		close(quit)
		<-done
		runtime.GC() // the end of the answer, too
		return max(high, read()) - base
	}
}
