package connector

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"agentlog/internal/activity"
)

// checkpoint is what the checkpoint file holds: which sync it belongs to,
// and the time before which everything is stored.
type checkpoint struct {
	Source string    `json:"source"`
	URL    string    `json:"url"`
	Tenant string    `json:"tenant"`
	Until  time.Time `json:"until"`
}

// defaultSince is where a sync without a checkpoint or Since starts: the
// period Cention answers by default, a modest first look at any vendor.
const defaultSince = 7 * 24 * time.Hour

// startPosition is the checkpoint's time (resumed), or Since when there is
// no checkpoint. A checkpoint of another sync is refused rather than used.
func (s *syncer) startPosition() (pos time.Time, resumed bool, err error) {
	since := s.cfg.Since
	if since.IsZero() {
		since = s.cfg.Now().Add(-defaultSince)
	}
	since = since.UTC().Truncate(time.Millisecond)
	if s.cfg.Checkpoint == "" {
		return since, false, nil
	}
	data, err := os.ReadFile(s.cfg.Checkpoint)
	if errors.Is(err, fs.ErrNotExist) {
		return since, false, nil
	}
	if err != nil {
		return time.Time{}, false, err
	}
	var cp checkpoint
	if err := json.Unmarshal(data, &cp); err != nil || cp.Until.IsZero() {
		return time.Time{}, false, fmt.Errorf("checkpoint %s is not readable (remove it to start over from --since): %v", s.cfg.Checkpoint, err)
	}
	if want := s.identity(); cp.Source != want.Source || cp.URL != want.URL || cp.Tenant != want.Tenant {
		return time.Time{}, false, fmt.Errorf("checkpoint %s belongs to another sync (%s from %s into %s): use another file",
			s.cfg.Checkpoint, cp.Source, cp.URL, cp.Tenant)
	}
	s.cfg.Progress(fmt.Sprintf("%s: resuming from checkpoint %s at %s", s.cfg.Source, s.cfg.Checkpoint, activity.FormatTime(cp.Until)))
	return cp.Until.UTC(), true, nil
}

func (s *syncer) identity() checkpoint {
	return checkpoint{Source: s.cfg.Source, URL: s.cfg.URL, Tenant: s.cfg.Tenant.Slug}
}

// saveCheckpoint records that everything before until is stored. The file
// is replaced whole (a temporary file, synced, renamed over it), so a crash
// leaves the old checkpoint or the new one, never half of one.
func (s *syncer) saveCheckpoint(until time.Time) error {
	if s.cfg.Checkpoint == "" {
		return nil
	}
	cp := s.identity()
	cp.Until = until.UTC()
	data, err := json.Marshal(cp)
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.cfg.Checkpoint), filepath.Base(s.cfg.Checkpoint)+".*.tmp")
	if err != nil {
		return fmt.Errorf("writing checkpoint: %w", err)
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing left to remove
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("writing checkpoint: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("writing checkpoint: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("writing checkpoint: %w", err)
	}
	if err := os.Rename(tmp.Name(), s.cfg.Checkpoint); err != nil {
		return fmt.Errorf("writing checkpoint: %w", err)
	}
	return nil
}
