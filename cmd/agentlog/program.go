package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	_ "time/tzdata" // the IANA zones, whatever the host has

	"agentlog/internal/activity"
	"agentlog/internal/store"
)

// Program is the whole agentlog command line. main gives it the process's
// streams and environment; tests give it their own and run the real thing.
type Program struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	Now            func() time.Time // nil: the real clock

	// Listening, when set, is told the address serve listens on.
	Listening func(addr string)
}

const usage = `agentlog records what a contact-center team does: statuses, sessions, calls.

Usage: agentlog <command> [flags]

Commands:
  serve     run the server (--demo fills a demo tenant on first start)
  migrate   apply database migrations and exit
  tenant    create, update or list tenants
  key       create, list or revoke API keys
  operator  create an operator who signs in to the web pages (password on stdin)
  demo      simulate a contact center's activity into a tenant
  export    write a tenant's events of one kind to stdout as NDJSON or CSV
  import    read an Asterisk queue_log or CDR, or a CSV or NDJSON file, into a tenant
  sync      pull a vendor API's data (VoIPcube, Cention, OneUptime, 3CX) into a tenant
  version   print agentlog's version
  healthcheck  ask a running server's /healthz (for container health checks)
  backup    copy the SQLite database, while it is in use, to a new file

Run "agentlog <command> -h" for a command's flags.
`

// errUsage marks a mistake in the command line; main exits with 2 for it.
type errUsage struct{ msg string }

func (e errUsage) Error() string { return e.msg }

// Main runs the command line and returns the exit code: 0 on success, 1 on
// failure, 2 on a mistake in the command line. Every failure is one line on
// stderr.
func (p *Program) Main(ctx context.Context, args []string) int {
	err := p.Run(ctx, args)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, new(errUsage)):
		fmt.Fprintln(p.Stderr, "agentlog: "+err.Error())
		return 2
	default:
		fmt.Fprintln(p.Stderr, "agentlog: "+errorLine(err))
		return 1
	}
}

// Run runs one command.
func (p *Program) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(p.Stderr, usage)
		return errUsage{"no command given: use serve, migrate, tenant, key, operator, demo, export, import, sync or backup"}
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return p.serve(ctx, rest)
	case "migrate":
		return p.migrate(ctx, rest)
	case "tenant":
		return p.tenant(ctx, rest)
	case "key":
		return p.key(ctx, rest)
	case "operator":
		return p.operator(ctx, rest)
	case "demo":
		return p.demo(ctx, rest)
	case "export":
		return p.export(ctx, rest)
	case "import":
		return p.importCmd(ctx, rest)
	case "sync":
		return p.syncCmd(ctx, rest)
	case "version", "--version":
		return p.version(rest)
	case "healthcheck":
		return p.healthcheck(ctx, rest)
	case "backup":
		return p.backup(ctx, rest)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(p.Stdout, usage)
		return nil
	}
	return errUsage{fmt.Sprintf("unknown command %q: use serve, migrate, tenant, key, operator, demo, export, import, sync or backup", cmd)}
}

// flags is a subcommand's flag set and the synopsis its -h shows.
type flags struct {
	*flag.FlagSet
	out      io.Writer
	synopsis string
}

// newFlags makes a flag set that reports mistakes as one line and prints
// its usage only when asked with -h.
func (p *Program) newFlags(name, synopsis string) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flags{FlagSet: fs, out: p.Stdout, synopsis: synopsis}
}

func (fs *flags) printUsage() {
	fmt.Fprintf(fs.out, "Usage: agentlog %s\n\nFlags:\n", fs.synopsis)
	fs.SetOutput(fs.out)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// parse parses flags wherever they stand among the arguments, and returns
// the other arguments.
func parse(fs *flags, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.printUsage()
				return nil, err
			}
			return nil, errUsage{fmt.Sprintf("%s: %v (see agentlog %s -h)", fs.Name(), err, fs.Name())}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// dbFlag adds --db, defaulting to $AGENTLOG_DB or agentlog.db.
func (p *Program) dbFlag(fs *flags) *string {
	def := p.env("AGENTLOG_DB", "agentlog.db")
	return fs.String("db", def, "SQLite file, or postgres:// URL (env AGENTLOG_DB)")
}

func (p *Program) env(name, def string) string {
	if v := p.Getenv(name); v != "" {
		return v
	}
	return def
}

// openDB opens and migrates the database.
func (p *Program) openDB(ctx context.Context, dsn string) (*store.DB, error) {
	db, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if p.Now != nil {
		db.Now = p.Now
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func (p *Program) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

// noArgs refuses positional arguments a command does not take.
func noArgs(cmd string, args []string) error {
	if len(args) > 0 {
		return errUsage{fmt.Sprintf("%s takes no argument %q (see agentlog %s -h)", cmd, strings.Join(args, " "), cmd)}
	}
	return nil
}

// errorLine is an error as one line: a domain error's message without its
// code, anything else as it is.
func errorLine(err error) string {
	msg := err.Error()
	if code := activity.ErrorCode(err); code != activity.EInternal {
		msg = activity.ErrorMessage(err)
	}
	return strings.ReplaceAll(msg, "\n", " ")
}

// subcommand is one of a command's subcommands (tenant create, ...).
type subcommand struct {
	name string
	run  func(context.Context, []string) error
}

// subcommand runs the subcommand of cmd that args name; -h lists them.
func (p *Program) subcommand(ctx context.Context, cmd string, args []string, subs []subcommand) error {
	names := make([]string, len(subs))
	for i, s := range subs {
		names[i] = s.name
	}
	list := strings.Join(names, ", ")
	if i := strings.LastIndex(list, ", "); i >= 0 {
		list = list[:i] + " or " + list[i+2:]
	}
	if len(args) == 0 {
		return errUsage{fmt.Sprintf("%s needs a subcommand: %s", cmd, list)}
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		fmt.Fprintf(p.Stdout, "Usage: agentlog %s %s [flags]\n\nRun \"agentlog %s %s -h\" for a subcommand's flags.\n",
			cmd, strings.Join(names, "|"), cmd, names[0])
		return nil
	}
	for _, s := range subs {
		if s.name == args[0] {
			return s.run(ctx, args[1:])
		}
	}
	return errUsage{fmt.Sprintf("unknown %s subcommand %q: use %s", cmd, args[0], list)}
}
