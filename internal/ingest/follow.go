package ingest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"time"
)

// Follower tails a queue_log like tail -F: it reads the file as it grows,
// goes on with the new file when the old one is renamed away (after reading
// what was left of the old one), starts again from the top when the file is
// truncated, and keeps a checkpoint (the file's identity, the offset of the
// last line stored, and the calls in progress) so that a restart resumes
// where the last run stopped. A checkpoint of another file (the log was
// rotated while nothing ran) is not resumed: reading starts at the top of
// the current file.
type Follower struct {
	Importer   *Importer // its Decoder is Log
	Log        *QueueLog
	Path       string
	Checkpoint string        // file of the checkpoint; "" keeps none
	Poll       time.Duration // how often to look for growth; 1s when 0
	Notice     func(string)  // told of rotations and truncations (may be nil)

	file   *os.File
	id     fileID
	offset int64 // of the end of the last whole line read
	line   int64
	saved  int64 // offset in the last checkpoint written
}

// fileID identifies a file across renames.
type fileID struct {
	Dev uint64 `json:"dev"`
	Ino uint64 `json:"ino"`
}

// checkpoint is what the checkpoint file holds.
type checkpoint struct {
	File   fileID               `json:"file"`
	Offset int64                `json:"offset"`
	Line   int64                `json:"line"`
	Open   map[string]*OpenCall `json:"open,omitempty"`
	DIDs   map[string]string    `json:"dids,omitempty"`
}

func identity(info fs.FileInfo) fileID {
	if st, ok := info.Sys().(*syscall.Stat_t); ok {
		return fileID{Dev: uint64(st.Dev), Ino: uint64(st.Ino)}
	}
	return fileID{}
}

// Run follows the file until ctx ends, then stores what it has read,
// writes the checkpoint and returns nil.
func (f *Follower) Run(ctx context.Context) error {
	f.Importer.Decoder = f.Log
	poll := f.Poll
	if poll <= 0 {
		poll = time.Second
	}
	var cp checkpoint
	if f.Checkpoint != "" {
		data, err := os.ReadFile(f.Checkpoint)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		if err == nil {
			if err := json.Unmarshal(data, &cp); err != nil {
				return fmt.Errorf("checkpoint %s is not readable: %v (remove it to start over)", f.Checkpoint, err)
			}
			f.Log.Open, f.Log.DIDs = cp.Open, cp.DIDs
		}
	}
	if err := f.open(ctx, poll); err != nil {
		return f.stop(err)
	}
	if info, err := f.file.Stat(); err == nil && cp.File == f.id && cp.Offset <= info.Size() {
		if _, err := f.file.Seek(cp.Offset, io.SeekStart); err != nil {
			return f.stop(err)
		}
		f.offset, f.line, f.saved = cp.Offset, cp.Line, cp.Offset
	}
	defer func() { f.file.Close() }()
	for {
		if err := f.drain(ctx); err != nil {
			return f.stop(err)
		}
		if err := f.save(ctx); err != nil {
			return err
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(poll):
		}
		if err := f.checkRotation(ctx, poll); err != nil {
			return f.stop(err)
		}
	}
}

// stop ends a run on err, or cleanly when ctx is done.
func (f *Follower) stop(err error) error {
	if errors.Is(err, context.Canceled) {
		return nil
	}
	return err
}

// open opens the file, waiting for it to exist.
func (f *Follower) open(ctx context.Context, poll time.Duration) error {
	for {
		file, err := os.Open(f.Path)
		if err == nil {
			info, err := file.Stat()
			if err != nil {
				file.Close()
				return err
			}
			f.file, f.id, f.offset, f.line = file, identity(info), 0, 0
			return nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(poll):
		}
	}
}

// drain reads the whole lines written so far. A line still being written
// (no newline yet) is left for the next round.
func (f *Follower) drain(ctx context.Context) error {
	br := bufio.NewReaderSize(f.file, 256<<10)
	flushes := f.Importer.flushes
	for {
		line, err := br.ReadString('\n')
		if err != nil && err != io.EOF {
			return err
		}
		if !strings.HasSuffix(line, "\n") {
			// Unread the partial line: it is read again once whole.
			if _, serr := f.file.Seek(f.offset, io.SeekStart); serr != nil {
				return serr
			}
			return nil
		}
		f.offset += int64(len(line))
		f.line++
		if err := f.Importer.Line(ctx, f.line, line, false); err != nil {
			return err
		}
		if f.Importer.flushes != flushes {
			flushes = f.Importer.flushes
			if err := f.writeCheckpoint(); err != nil {
				return err
			}
		}
		if ctx.Err() != nil {
			return nil
		}
	}
}

// save stores the lines read and writes the checkpoint.
func (f *Follower) save(ctx context.Context) error {
	if err := f.Importer.Flush(context.WithoutCancel(ctx)); err != nil {
		return err
	}
	if f.offset == f.saved {
		return nil
	}
	return f.writeCheckpoint()
}

func (f *Follower) writeCheckpoint() error {
	f.saved = f.offset
	if f.Checkpoint == "" {
		return nil
	}
	data, err := json.Marshal(checkpoint{File: f.id, Offset: f.offset, Line: f.line, Open: f.Log.Open, DIDs: f.Log.DIDs})
	if err != nil {
		return err
	}
	tmp := f.Checkpoint + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, f.Checkpoint)
}

// checkRotation looks whether the path is another file now, or the file
// shrank.
func (f *Follower) checkRotation(ctx context.Context, poll time.Duration) error {
	info, err := os.Stat(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil // renamed away, the new one not there yet: wait
	}
	if err != nil {
		return err
	}
	if id := identity(info); id != f.id {
		if err := f.drain(ctx); err != nil { // what was written before the rename
			return err
		}
		if err := f.save(ctx); err != nil {
			return err
		}
		f.file.Close()
		f.notice(fmt.Sprintf("%s was rotated: reading the new file", f.Path))
		if err := f.open(ctx, poll); err != nil {
			return err
		}
		f.saved = -1
		return nil
	}
	if info.Size() < f.offset {
		f.notice(fmt.Sprintf("%s was truncated: reading it from the top", f.Path))
		if _, err := f.file.Seek(0, io.SeekStart); err != nil {
			return err
		}
		f.offset, f.line, f.saved = 0, 0, -1
	}
	return nil
}

func (f *Follower) notice(msg string) {
	if f.Notice != nil {
		f.Notice(msg)
	}
}
