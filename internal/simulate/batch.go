package simulate

import "context"

// batch collects items of one kind and hands them to the Sink when full.
// Items are filled in place (next returns a slot) so a large Call is never
// copied, and the slice is reused after each send, which is why a Sink must
// not keep it.
type batch[T any] struct {
	items []T
	send  func(context.Context, []T) error
	sent  *int  // the Stats field counting this kind
	err   error // the first Sink error; once set, nothing more is sent
}

func newBatch[T any](size int, send func(context.Context, []T) error, sent *int) *batch[T] {
	return &batch[T]{items: make([]T, 0, size), send: send, sent: sent}
}

// next returns a zeroed slot for one more item, sending the batch first if
// it is full.
func (b *batch[T]) next(ctx context.Context) *T {
	if len(b.items) == cap(b.items) {
		b.flush(ctx)
	}
	var zero T
	b.items = append(b.items, zero)
	return &b.items[len(b.items)-1]
}

// flush sends what is collected, unless an earlier send failed.
func (b *batch[T]) flush(ctx context.Context) {
	if len(b.items) > 0 && b.err == nil {
		b.err = b.send(ctx, b.items)
		if b.err == nil {
			*b.sent += len(b.items)
		}
	}
	b.items = b.items[:0]
}
