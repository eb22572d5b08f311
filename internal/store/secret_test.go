package store_test

import (
	"bytes"
	"sync"
	"testing"

	"agentlog/internal/store"
)

func TestSecretIsMadeOnceAndShared(t *testing.T) {
	forEachBackend(t, func(t *testing.T, b backend) {
		first := b.open(t)
		must(t, first.Migrate(t.Context()))
		second := b.open(t) // another instance on the same database
		var wg sync.WaitGroup
		got := make([][]byte, 8)
		for i := range got {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db := []*store.DB{first, second}[i%2]
				s, err := db.Secret(t.Context(), "token-signing")
				if err != nil {
					t.Error(err)
				}
				got[i] = s
			}()
		}
		wg.Wait()
		for i, s := range got {
			if len(s) != 32 || !bytes.Equal(s, got[0]) {
				t.Fatalf("instance call %d got secret %x, want the 32 bytes %x every call got", i, s, got[0])
			}
		}
		other, err := first.Secret(t.Context(), "another")
		must(t, err)
		if bytes.Equal(other, got[0]) {
			t.Fatal("two names gave the same secret")
		}
	})
}
