package servertest

import (
	"runtime"
	"time"
)

// WatchHeap watches the heap of this process, where Start runs the server,
// so that a test can show an answer is streamed. The returned stop ends the
// watch and says how far the heap rose above where it began.
func WatchHeap() (stop func() uint64) {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	base, high := m.HeapAlloc, m.HeapAlloc
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
				runtime.ReadMemStats(&m)
				high = max(high, m.HeapAlloc)
			}
		}
	}()
	return func() uint64 { close(quit); <-done; return high - base }
}
