package ingest

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// Batch holds the items decoded from lines and not stored yet.
type Batch struct {
	Status   []activity.StatusEvent
	Sessions []activity.SessionEvent
	Calls    []activity.Call
}

// Len is the number of items in the batch.
func (b *Batch) Len() int { return len(b.Status) + len(b.Sessions) + len(b.Calls) }

// A LineDecoder turns one line of a file into items. An error is the
// reason the line is skipped; errIgnored marks a line that is fine but
// holds nothing to store (a queue_log QUEUESTART).
type LineDecoder interface {
	Decode(lineNo int64, line string, out *Batch) error
}

// errIgnored is returned for lines that are understood and hold nothing.
var errIgnored = errors.New("ignored")

// Stats counts what an import did.
type Stats struct {
	Lines   int64 // lines read
	Items   int64 // items decoded
	Stored  int64 // items stored for the first time
	Known   int64 // items there already (or replaced by the same version)
	Skipped int64 // lines skipped, each reported
	Ignored int64 // lines understood that hold nothing to store
}

// SkipError is a bad line under Strict.
type SkipError struct {
	Line   int64
	Reason string
}

func (e *SkipError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Reason) }

// Importer stores the items a LineDecoder reads, in batches.
type Importer struct {
	DB        *store.DB
	Decoder   LineDecoder
	TenantID  int64
	BatchSize int  // items per transaction; DefaultBatchSize when 0
	Strict    bool // stop at the first bad line
	// Skip is told each skipped line (may be nil).
	Skip func(line int64, reason string)
	// Progress is told the counts after each stored batch (may be nil).
	Progress func(Stats)
	// MaxLine bounds a line's length; longer lines are skipped.
	MaxLine int

	Stats   Stats
	batch   Batch
	flushes int // batches stored
}

// DefaultBatchSize is the number of items stored in one transaction.
const DefaultBatchSize = 5000

const defaultMaxLine = 1 << 20

// Run reads r line by line to its end and stores what the Decoder makes of it. A
// last line without a newline is decoded like the others; when it does not
// decode, it is reported as truncated. A CSV record whose quoted field holds
// line breaks is read whole, and numbered by its first line.
func (im *Importer) Run(ctx context.Context, r io.Reader) error {
	br := bufio.NewReaderSize(r, 256<<10)
	csv, ok := im.Decoder.(csvReader)
	joins := ok && csv.readsCSV()
	var no int64
	for {
		record, lines, err := readRecord(br, im.maxLine(), joins)
		if err != nil && err != io.EOF && !errors.Is(err, errLongLine) {
			return err
		}
		first := no + 1
		no += lines
		if errors.Is(err, errLongLine) {
			im.Stats.Lines += lines
			if serr := im.skip(first, fmt.Sprintf("the line is longer than %d bytes", im.maxLine())); serr != nil {
				return serr
			}
			continue
		}
		if len(record) > 0 {
			im.Stats.Lines += lines - 1 // Line counts the first
			truncated := err == io.EOF && (!strings.HasSuffix(record, "\n") || joins && openQuote(record))
			if lerr := im.Line(ctx, first, record, truncated); lerr != nil {
				return lerr
			}
		}
		if err == io.EOF {
			return im.Flush(ctx)
		}
	}
}

// csvReader is a decoder that may read CSV, whose records may span lines:
// a field in quotes may hold line breaks.
type csvReader interface{ readsCSV() bool }

func (*CDR) readsCSV() bool       { return true }
func (r *Records) readsCSV() bool { return !r.NDJSON }

// readRecord reads one line, and with joins the lines after it while a
// quoted CSV field is still open, up to max bytes in all. It returns the
// record and how many lines it read.
func readRecord(br *bufio.Reader, max int, joins bool) (string, int64, error) {
	record, err := readLine(br, max)
	if record == "" && err != nil {
		return "", 1, err
	}
	lines := int64(1)
	for joins && err == nil && openQuote(record) {
		var next string
		next, err = readLine(br, max-len(record))
		if errors.Is(err, errLongLine) {
			return "", lines + 1, err
		}
		if next != "" {
			lines++
		}
		record += next
	}
	return record, lines, err
}

// openQuote says whether s ends inside a quoted CSV field: an odd number
// of quote characters (a doubled quote inside a field counts two).
func openQuote(s string) bool { return strings.Count(s, `"`)%2 == 1 }

var errLongLine = errors.New("line too long")

// readLine reads one line with its newline; a line over max bytes is
// consumed and reported as errLongLine.
func readLine(br *bufio.Reader, max int) (string, error) {
	var sb strings.Builder
	over := false
	for {
		chunk, err := br.ReadSlice('\n')
		if over || sb.Len()+len(chunk) > max {
			over = true
		} else {
			sb.Write(chunk)
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if over {
			return "", errLongLine
		}
		return sb.String(), err
	}
}

func (im *Importer) maxLine() int {
	if im.MaxLine > 0 {
		return im.MaxLine
	}
	return defaultMaxLine
}

// Line decodes one line (with or without its newline) into the batch and
// stores the batch when it is full. truncated says the line is the last
// of its file and has no newline.
func (im *Importer) Line(ctx context.Context, no int64, line string, truncated bool) error {
	im.Stats.Lines++
	line = strings.TrimRight(line, "\r\n")
	if strings.TrimSpace(line) == "" {
		return nil
	}
	var items Batch
	err := im.Decoder.Decode(no, line, &items)
	if errors.Is(err, errIgnored) {
		im.Stats.Ignored++
		return nil
	}
	if fatal := (*FatalError)(nil); errors.As(err, &fatal) {
		return fmt.Errorf("line %d: %w", no, err)
	}
	if err == nil {
		err = im.validate(&items)
	}
	if err != nil {
		reason := err.Error()
		if activity.ErrorCode(err) != activity.EInternal {
			reason = activity.ErrorMessage(err)
		}
		if truncated {
			reason = "the last line is truncated (no newline at the end): " + reason
		}
		return im.skip(no, reason)
	}
	im.Stats.Items += int64(items.Len())
	im.batch.Status = append(im.batch.Status, items.Status...)
	im.batch.Sessions = append(im.batch.Sessions, items.Sessions...)
	im.batch.Calls = append(im.batch.Calls, items.Calls...)
	if im.batch.Len() >= im.batchSize() {
		return im.Flush(ctx)
	}
	return nil
}

func (im *Importer) batchSize() int {
	if im.BatchSize > 0 {
		return im.BatchSize
	}
	return DefaultBatchSize
}

// validate checks the items of one line as the store will, so that a bad
// line is skipped alone instead of failing its whole batch.
func (im *Importer) validate(b *Batch) error {
	for i := range b.Status {
		if err := b.Status[i].Validate(); err != nil {
			return err
		}
	}
	for i := range b.Sessions {
		if err := b.Sessions[i].Validate(); err != nil {
			return err
		}
	}
	for i := range b.Calls {
		if err := b.Calls[i].Validate(im.DB.Now()); err != nil {
			return err
		}
	}
	return nil
}

func (im *Importer) skip(no int64, reason string) error {
	im.Stats.Skipped++
	if im.Strict {
		return &SkipError{Line: no, Reason: reason}
	}
	if im.Skip != nil {
		im.Skip(no, reason)
	}
	return nil
}

// Flush stores the items decoded so far.
func (im *Importer) Flush(ctx context.Context) error {
	b := &im.batch
	if b.Len() == 0 {
		return nil
	}
	var results []store.IngestResult
	if len(b.Status) > 0 {
		res, err := im.DB.IngestStatusEvents(ctx, im.TenantID, b.Status)
		if err != nil {
			return err
		}
		results = append(results, res)
	}
	if len(b.Sessions) > 0 {
		res, err := im.DB.IngestSessionEvents(ctx, im.TenantID, b.Sessions)
		if err != nil {
			return err
		}
		results = append(results, res)
	}
	if len(b.Calls) > 0 {
		b.Calls = latestCalls(b.Calls)
		res, err := im.DB.IngestCalls(ctx, im.TenantID, b.Calls)
		if err != nil {
			return err
		}
		results = append(results, res)
	}
	for _, res := range results {
		im.Stats.Stored += int64(res.New)
		im.Stats.Known += int64(res.Known)
	}
	*b = Batch{Status: b.Status[:0], Sessions: b.Sessions[:0], Calls: b.Calls[:0]}
	im.flushes++
	if im.Progress != nil {
		im.Progress(im.Stats)
	}
	return nil
}

// latestCalls keeps, of the versions of a call in the batch (a queue_log
// call's ENTERQUEUE, CONNECT and COMPLETE*), the last one: the store would
// keep only that one too, after validating them all.
func latestCalls(calls []activity.Call) []activity.Call {
	last := make(map[string]int, len(calls))
	for i := range calls {
		if calls[i].ID != "" {
			last[calls[i].ID] = i
		}
	}
	if len(last) == len(calls) {
		return calls
	}
	kept := calls[:0]
	for i := range calls {
		if j, ok := last[calls[i].ID]; !ok || j == i {
			kept = append(kept, calls[i])
		}
	}
	return kept
}
