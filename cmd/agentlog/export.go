package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"agentlog/internal/activity"
	"agentlog/internal/api"
	"agentlog/internal/export"
	"agentlog/internal/store"
)

// export writes every event of a kind in a period to stdout, straight from
// the database, in the rows the HTTP export writes; progress goes to stderr.
func (p *Program) export(ctx context.Context, args []string) error {
	fs := p.newFlags("export", "export --tenant S --kind status-events|session-events|calls [--from T] [--to T] [--format ndjson|csv] [--db D]")
	dsn := p.dbFlag(fs)
	slug := fs.String("tenant", "", "the tenant's slug (required)")
	kindName := fs.String("kind", "", "status-events, session-events or calls (required)")
	fromText := fs.String("from", "", "first time included, ISO 8601 (default: the first event)")
	toText := fs.String("to", "", "first time excluded, ISO 8601 (default: after the last event)")
	formatName := fs.String("format", "ndjson", "ndjson or csv")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := noArgs("export", rest); err != nil {
		return err
	}
	if *slug == "" || *kindName == "" {
		return errUsage{"export needs --tenant and --kind"}
	}
	e := export.Export{Items: api.ExportItems}
	if e.Kind, err = export.ParseKind(*kindName); err != nil {
		return errUsage{activity.ErrorMessage(err)}
	}
	if e.Format, err = export.ParseFormat(*formatName); err != nil {
		return errUsage{activity.ErrorMessage(err)}
	}
	if e.Filter.From, err = flagTime("from", *fromText); err != nil {
		return err
	}
	if e.Filter.To, err = flagTime("to", *toText); err != nil {
		return err
	}
	if !e.Filter.From.IsZero() && !e.Filter.To.IsZero() && e.Filter.To.Before(e.Filter.From) {
		return errUsage{"export: --to is before --from: give a period that ends after it starts"}
	}
	return p.withTenant(ctx, *dsn, *slug, func(db *store.DB, t activity.Tenant) error {
		prog := newProgress(p.Stderr, e.Kind)
		e.Row = prog.update
		n, err := e.Run(ctx, db, t.ID, p.Stdout)
		prog.finish(n, err)
		return err
	})
}

// flagTime reads an optional time flag.
func flagTime(name, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, ok := activity.ParseTime(s)
	if !ok {
		return t, errUsage{fmt.Sprintf("--%s %q is not a time: accepted are %s", name, s, activity.TimeForms)}
	}
	return t, nil
}

// progress shows on stderr how many rows are written and how fast: one
// line rewritten in place a few times a second on a terminal, a line every
// progressLogEvery otherwise (a log), and a summary line at the end.
type progress struct {
	w         io.Writer
	kind      export.Kind
	terminal  bool
	every     time.Duration
	start     time.Time
	next      time.Time
	lineWidth int // of the line in place, 0 when none
}

const (
	progressTermEvery = 250 * time.Millisecond
	progressLogEvery  = 10 * time.Second
)

func newProgress(w io.Writer, kind export.Kind) *progress {
	p := &progress{w: w, kind: kind, terminal: isTerminal(w), every: progressLogEvery, start: time.Now()}
	if p.terminal {
		p.every = progressTermEvery
	}
	p.next = p.start.Add(p.every)
	return p
}

// update is called after each row; it looks at the clock every 1024 rows.
func (p *progress) update(rows int64) {
	if rows%1024 != 0 {
		return
	}
	now := time.Now()
	if now.Before(p.next) {
		return
	}
	p.next = now.Add(p.every)
	line := fmt.Sprintf("agentlog: exporting %s: %d rows, %s", p.kind, rows, rate(rows, now.Sub(p.start)))
	if p.terminal {
		p.inPlace(line)
		return
	}
	fmt.Fprintln(p.w, line)
}

// finish ends the line in place and, on success, writes the summary.
func (p *progress) finish(rows int64, err error) {
	took := time.Since(p.start)
	if err != nil {
		if p.lineWidth > 0 {
			fmt.Fprintln(p.w)
		}
		return
	}
	line := fmt.Sprintf("agentlog: exported %d rows of %s in %s (%s)", rows, p.kind, took.Round(time.Millisecond), rate(rows, took))
	if p.terminal {
		p.inPlace(line)
	} else {
		fmt.Fprint(p.w, line)
	}
	fmt.Fprintln(p.w)
}

// inPlace writes line over the previous one.
func (p *progress) inPlace(line string) {
	pad := max(0, p.lineWidth-len(line))
	fmt.Fprint(p.w, "\r"+line+strings.Repeat(" ", pad))
	p.lineWidth = len(line)
}

func rate(rows int64, took time.Duration) string {
	if took <= 0 {
		return "- rows/s"
	}
	return fmt.Sprintf("%.0f rows/s", float64(rows)/took.Seconds())
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
