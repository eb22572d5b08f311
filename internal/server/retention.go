package server

import (
	"context"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// retain deletes the events each tenant keeps no longer, at start and then
// every RetentionEvery, until ctx is done. Each pass deletes in small
// transactions (store.RetentionBatch rows), so ingestion goes on meanwhile.
// Several instances over one PostgreSQL may pass together: they delete the
// same rows, and a row deleted twice is deleted once.
func (s *Server) retain(ctx context.Context) {
	tick := time.NewTicker(s.cfg.RetentionEvery)
	defer tick.Stop()
	for {
		err := s.db.ApplyRetention(ctx, func(t activity.Tenant, e store.Expired, err error) {
			switch {
			case err != nil && ctx.Err() == nil:
				s.log.Warn("deleting expired events failed", "tenant", t.Slug, "err", err)
			case e.Total() > 0:
				s.log.Info("deleted expired events", "tenant", t.Slug, "retentionDays", t.RetentionDays,
					"statusEvents", e.StatusEvents, "sessionEvents", e.SessionEvents, "calls", e.Calls)
			}
		})
		if err != nil && ctx.Err() == nil {
			s.log.Warn("deleting expired events failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
