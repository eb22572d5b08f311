package simulate

import (
	"context"
	"iter"
	"time"

	"agentlog/internal/activity"
)

// Run simulates cfg and hands the result to sink: all users, then the
// events day by day. It stops at the first Sink error, and between days
// when ctx is done, returning what was emitted so far.
func Run(ctx context.Context, cfg Config, sink Sink) (Stats, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return Stats{}, err
	}
	s := newSim(ctx, cfg, sink)
	if err := s.emitUsers(sink); err != nil {
		return s.stats, err
	}
	for d := range s.days() {
		if err := ctx.Err(); err != nil {
			return s.stats, err
		}
		s.simulateDay(d)
		if err := s.sinkErr(); err != nil {
			return s.stats, err
		}
	}
	s.flush()
	return s.stats, s.sinkErr()
}

// sim is one run's state. Everything in it is sized by the number of
// agents or the batch size, never by the number of days.
type sim struct {
	ctx      context.Context // Run's, kept here so every generator need not pass it on
	cfg      Config
	endMs    int64 // nothing at or after it is emitted
	staff    roster
	g        *rng
	ids      idMaker
	shift    shift    // the current agent-day's plan
	seq      sequence // the current agent-day's item numbers
	statuses *batch[activity.StatusEvent]
	sessions *batch[activity.SessionEvent]
	calls    *batch[activity.Call]
	stats    Stats
}

// sequence numbers an agent-day's items of each kind for their ids. Every
// item drawn gets a number, emitted or not, so an item's id does not depend
// on End.
type sequence struct{ status, session, call int }

func newSim(ctx context.Context, cfg Config, sink Sink) *sim {
	s := &sim{ctx: ctx, cfg: cfg, endMs: cfg.End.UnixMilli(), g: newRNG(), ids: idMaker{seed: cfg.Seed}}
	s.staff = newRoster(cfg, &s.ids)
	s.statuses = newBatch(cfg.BatchSize, sink.StatusEvents, &s.stats.StatusEvents)
	s.sessions = newBatch(cfg.BatchSize, sink.SessionEvents, &s.stats.SessionEvents)
	s.calls = newBatch(cfg.BatchSize, sink.Calls, &s.stats.Calls)
	return s
}

// emitUsers sends the roster in batches; each is capped at its length so a
// Sink that appends cannot overwrite the next.
func (s *sim) emitUsers(sink Sink) error {
	for users := s.staff.users; len(users) > 0; {
		n := min(len(users), s.cfg.BatchSize)
		if err := sink.Users(s.ctx, users[:n:n]); err != nil {
			return err
		}
		s.stats.Users += n
		users = users[n:]
	}
	return nil
}

// days yields the local days from the start up to End's own day.
func (s *sim) days() iter.Seq[day] {
	y, m, first := s.cfg.start().In(s.cfg.Zone).Date()
	return func(yield func(day) bool) {
		for d := first; time.Date(y, m, d, 0, 0, 0, 0, s.cfg.Zone).Before(s.cfg.End); d++ {
			if !yield(newDay(y, m, d, s.cfg.Zone)) {
				return
			}
		}
	}
}

func (s *sim) simulateDay(d day) {
	for i := range s.staff.agents {
		a := &s.staff.agents[i]
		s.g.reseed(s.cfg.Seed, d.number, a.index)
		s.seq = sequence{}
		if s.shift.plan(s.g, a, d) {
			s.work(a, d)
		}
	}
}

func (s *sim) flush() {
	s.statuses.flush(s.ctx)
	s.sessions.flush(s.ctx)
	s.calls.flush(s.ctx)
}

func (s *sim) sinkErr() error {
	for _, err := range []error{s.statuses.err, s.sessions.err, s.calls.err} {
		if err != nil {
			return err
		}
	}
	return nil
}

// toTime converts the simulation's milliseconds to the UTC time agentlog
// stores.
func toTime(ms int64) time.Time { return time.UnixMilli(ms).UTC() }
