package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/ingest"
	"agentlog/internal/store"
)

const importSynopsis = "import --tenant S --format asterisk-queue-log|asterisk-cdr|csv|ndjson [--kind status-events|session-events|calls] " +
	"[--map col=field,...] [--zone Z] [--strict] [--follow] [--checkpoint FILE] [--db D] FILE"

// importCmd reads a file of another system's events into a tenant, in
// batches, reporting skipped lines on stderr; progress goes there too.
func (p *Program) importCmd(ctx context.Context, args []string) error {
	fs := p.newFlags("import", importSynopsis)
	dsn := p.dbFlag(fs)
	slug := fs.String("tenant", "", "the tenant's slug (required)")
	format := fs.String("format", "", "asterisk-queue-log, asterisk-cdr, csv or ndjson (required)")
	kind := fs.String("kind", "", "csv and ndjson: status-events, session-events or calls")
	mapping := fs.String("map", "", "csv and ndjson: rename columns to agentlog fields, col=field,...; col=- drops a column")
	zone := fs.String("zone", "", "asterisk-cdr: the zone of its local times (default: the tenant's)")
	strict := fs.Bool("strict", false, "stop at the first bad line (exit 1) instead of skipping it")
	follow := fs.Bool("follow", false, "asterisk-queue-log: keep reading as the file grows, across rotations, until interrupted")
	checkpoint := fs.String("checkpoint", "", "with --follow: file that keeps the position read, to resume from")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if *slug == "" || *format == "" || len(rest) != 1 {
		return errUsage{"import needs --tenant, --format and one FILE (see agentlog import -h)"}
	}
	path := rest[0]
	m, err := ingest.ParseMap(*mapping)
	if err != nil {
		return errUsage{err.Error()}
	}
	switch *format {
	case "asterisk-queue-log", "asterisk-cdr", "csv", "ndjson":
	default:
		return errUsage{fmt.Sprintf("--format %q is unknown: use asterisk-queue-log, asterisk-cdr, csv or ndjson", *format)}
	}
	if *kind != "" && *kind != ingest.StatusEvents && *kind != ingest.SessionEvents && *kind != ingest.Calls {
		return errUsage{fmt.Sprintf("--kind %q is unknown: use status-events, session-events or calls", *kind)}
	}
	switch {
	case (*format == "csv" || *format == "ndjson") && *kind == "":
		return errUsage{"import --format " + *format + " needs --kind status-events, session-events or calls"}
	case *kind != "" && *format != "csv" && *format != "ndjson":
		return errUsage{"--kind is for --format csv and ndjson"}
	case *mapping != "" && *format != "csv" && *format != "ndjson":
		return errUsage{"--map is for --format csv and ndjson"}
	case *follow && *format != "asterisk-queue-log":
		return errUsage{"--follow is for --format asterisk-queue-log"}
	case *follow && path == "-":
		return errUsage{"--follow needs a file, not stdin"}
	case *checkpoint != "" && !*follow:
		return errUsage{"--checkpoint is for --follow"}
	case *zone != "" && *format != "asterisk-cdr":
		return errUsage{"--zone is for --format asterisk-cdr"}
	}
	var loc *time.Location
	if *zone != "" {
		if loc, err = time.LoadLocation(*zone); err != nil {
			return errUsage{fmt.Sprintf("--zone %q is unknown: use an IANA name such as Europe/Berlin", *zone)}
		}
	}
	return p.withTenant(ctx, *dsn, *slug, func(db *store.DB, t activity.Tenant) error {
		var dec ingest.LineDecoder
		switch *format {
		case "asterisk-queue-log":
			dec = &ingest.QueueLog{}
		case "asterisk-cdr":
			if loc == nil {
				if loc, err = time.LoadLocation(t.TimeZone); err != nil {
					return err
				}
			}
			dec = &ingest.CDR{Zone: loc}
		default:
			dec = &ingest.Records{Kind: *kind, NDJSON: *format == "ndjson", Map: m}
		}
		prog := newImportProgress(p.Stderr, path)
		im := &ingest.Importer{DB: db, TenantID: t.ID, Decoder: dec, Strict: *strict, Progress: prog.update,
			Skip: func(line int64, reason string) {
				prog.say(fmt.Sprintf("agentlog: %s:%d: skipped: %s", path, line, reason))
			}}
		if *follow {
			f := &ingest.Follower{Importer: im, Log: dec.(*ingest.QueueLog), Path: path, Checkpoint: *checkpoint,
				Notice: func(s string) { prog.say("agentlog: " + s) }}
			err = f.Run(ctx)
		} else {
			err = p.importFile(ctx, im, path)
		}
		prog.finish(im.Stats, err)
		var skip *ingest.SkipError
		if errors.As(err, &skip) {
			return fmt.Errorf("%s:%d: %s (--strict)", path, skip.Line, skip.Reason)
		}
		return err
	})
}

func (p *Program) importFile(ctx context.Context, im *ingest.Importer, path string) error {
	var r io.Reader = p.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	return im.Run(ctx, r)
}

// importProgress shows the counts on stderr like export's progress: in
// place on a terminal, a line every progressLogEvery otherwise.
type importProgress struct {
	w        io.Writer
	path     string
	terminal bool
	every    time.Duration
	start    time.Time
	next     time.Time
	inPlace  bool
}

func newImportProgress(w io.Writer, path string) *importProgress {
	p := &importProgress{w: w, path: path, terminal: isTerminal(w), every: progressLogEvery, start: time.Now()}
	if p.terminal {
		p.every = progressTermEvery
	}
	p.next = p.start.Add(p.every)
	return p
}

func (p *importProgress) line(s ingest.Stats, took time.Duration) string {
	perSec := "-"
	if took > 0 {
		perSec = fmt.Sprintf("%.0f", float64(s.Lines)/took.Seconds())
	}
	return fmt.Sprintf("%d lines read, %d items stored, %d known already, %d lines skipped, %d ignored (%s lines/s)",
		s.Lines, s.Stored, s.Known, s.Skipped, s.Ignored, perSec)
}

// say writes a line of its own, below the line in place.
func (p *importProgress) say(msg string) {
	if p.inPlace {
		fmt.Fprintln(p.w)
		p.inPlace = false
	}
	fmt.Fprintln(p.w, msg)
}

func (p *importProgress) update(s ingest.Stats) {
	now := time.Now()
	if now.Before(p.next) {
		return
	}
	p.next = now.Add(p.every)
	msg := "agentlog: importing " + p.path + ": " + p.line(s, now.Sub(p.start))
	if p.terminal {
		fmt.Fprint(p.w, "\r\033[K"+msg)
		p.inPlace = true
		return
	}
	fmt.Fprintln(p.w, msg)
}

func (p *importProgress) finish(s ingest.Stats, err error) {
	word := "imported"
	if err != nil {
		word = "stopped importing"
	}
	p.say(fmt.Sprintf("agentlog: %s %s: %s in %s", word, p.path, p.line(s, time.Since(p.start)), time.Since(p.start).Round(time.Millisecond)))
}
