package simulate

import (
	"context"
	"errors"
	"time"

	"agentlog/internal/activity"
)

// Config says what to simulate. Zero fields take their defaults; End is
// required, since the simulation never reads the clock.
type Config struct {
	Agents    int            // number of agents, default 50
	Days      int            // number of whole days before End's day, default 14
	Seed      int64          // same Seed and End give identical output
	End       time.Time      // the simulated "now": nothing at or after it is emitted
	Zone      *time.Location // local zone of shifts and of the call profile, default UTC
	BatchSize int            // most items per Sink call, default 5000
}

// Sink receives the simulated data in batches: all users first, then the
// events day by day, each kind in per-agent time order.
//
// A Sink must not keep a batch slice after its call returns: Run reuses it
// for the next batch. Copying the items out is fine (the pointers inside a
// Call are its own).
type Sink interface {
	Users(ctx context.Context, users []activity.User) error
	StatusEvents(ctx context.Context, events []activity.StatusEvent) error
	SessionEvents(ctx context.Context, events []activity.SessionEvent) error
	Calls(ctx context.Context, calls []activity.Call) error
}

// Stats counts what Run emitted.
type Stats struct{ Users, StatusEvents, SessionEvents, Calls int }

// Defaults of Config's zero fields.
const (
	defaultAgents    = 50
	defaultDays      = 14
	defaultBatchSize = 5000
)

// withDefaults fills the zero fields of cfg and rejects what cannot be
// simulated.
func (cfg Config) withDefaults() (Config, error) {
	if cfg.End.IsZero() {
		return cfg, errors.New("simulate: End is required: the simulation never reads the clock")
	}
	if cfg.Agents < 0 || cfg.Days < 0 || cfg.BatchSize < 0 {
		return cfg, errors.New("simulate: Agents, Days and BatchSize must not be negative")
	}
	cfg.Agents = orDefault(cfg.Agents, defaultAgents)
	cfg.Days = orDefault(cfg.Days, defaultDays)
	cfg.BatchSize = orDefault(cfg.BatchSize, defaultBatchSize)
	if cfg.Zone == nil {
		cfg.Zone = time.UTC
	}
	return cfg, nil
}

func orDefault(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}

// start is the first instant simulated: local midnight of End's day, Days
// days back. cfg must have its defaults.
func (cfg Config) start() time.Time {
	y, m, d := cfg.End.In(cfg.Zone).Date()
	return time.Date(y, m, d-cfg.Days, 0, 0, 0, 0, cfg.Zone).UTC()
}
