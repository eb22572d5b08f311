package simulate

import (
	"strconv"

	"agentlog/internal/activity"
)

// idMaker derives ids from what an item is (seed, kind, day, agent, its
// number within the agent's day) rather than from a run-wide counter, so an
// item keeps its id when a later run moves End forward.
type idMaker struct {
	seed int64
	buf  []byte // reused between ids
}

// Kinds of ids.
const (
	userKind    = "user"
	statusKind  = "status"
	sessionKind = "session"
	callKind    = "call"
)

func (m *idMaker) id(kind string, day int64, agent, n int) string {
	b := append(m.buf[:0], "sim:"...)
	b = strconv.AppendInt(b, m.seed, 10)
	b = append(b, ':')
	b = append(b, kind...)
	b = append(b, ':')
	b = strconv.AppendInt(b, day, 10)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(agent), 10)
	b = append(b, ':')
	b = strconv.AppendInt(b, int64(n), 10)
	m.buf = b
	return activity.NameUUID(string(b))
}

// userID is the id of the agent with the given index.
func (m *idMaker) userID(agent int) string { return m.id(userKind, 0, agent, 0) }

// externalNumber returns a fictitious North American number: 555 is the
// area code reserved for fiction, so no real phone is named.
func externalNumber(g *rng) string {
	b := make([]byte, 0, 12)
	b = append(b, "+1555"...)
	n := g.between(0, 9_999_999)
	for div := int64(1_000_000); div > 0; div /= 10 {
		b = append(b, byte('0'+n/div%10))
	}
	return string(b)
}

// extensionOf numbers agents from 101 and skips 800–899, the queues' range,
// so an extension never reads as a queue.
func extensionOf(agent int) string {
	n := 101 + agent
	if n >= firstQueueNumber {
		n += maxQueues
	}
	return strconv.Itoa(n)
}
