// Package cli is the pacer command: flags in, a subcommand run, an exit status out. main only
// calls Main, so tests run the very same code.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"

	"pacer/internal/domain"
	"pacer/internal/ingest"
	"pacer/internal/locale"
	"pacer/internal/store"
)

// Env is what a command may touch: its arguments' streams and environment.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Getenv         func(string) string
}

// OSEnv is the process's own environment.
func OSEnv() Env {
	return Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}
}

// command is a subcommand; its usage line is the catalogue's cli.usage.<name>.
type command struct {
	name string
	run  func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"setup", runSetup},
		{"unit", runUnit},
		{"user", runUser},
		{"import", runImport},
		{"serve", runServe},
		{"scorecard", runScorecard},
		{"ranking", runRanking},
		{"rollup", runRollup},
		{"backup", runBackup},
		{"restore", runRestore},
		{"policy", runPolicy},
		{"audit", runAudit},
		{"db", runDB},
		{"demo", runDemo},
		{"projects", runProjects},
		{"indicator", runIndicator},
		{"plan", runPlan},
		{"goal", runGoal},
		{"run", runRun},
		{"dispatch", runDispatch},
		{"assess", runAssess},
		{"attraction", runAttraction},
		{"report", runReport},
	}
}

// usageOf is a command's usage line in the command's language.
func usageOf(env Env, name string) string { return locale.T(lang(env), "cli.usage."+name) }

// Main runs the command line args (without the program name) and returns the exit status:
// 0 success (help asked for included), 1 the work failed (bad input, errors listed), 2 the
// command was misused. Every message is in one language: PACER_LANG (zh-CN by default).
func Main(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 {
		usage(env, env.Stderr)
		return 2
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env, env.Stdout)
		return 0
	}
	for _, c := range commands() {
		if c.name != args[0] {
			continue
		}
		err := c.run(ctx, env, args[1:])
		var ue usageError
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0 // -h: the flag set has printed the usage, as asked
		case errors.As(err, new(flagError)):
			return 2 // the flag package has already said what is wrong, with the usage
		case errors.As(err, &ue):
			fmt.Fprintln(env.Stderr, locale.T(lang(env), "cli.misuse", c.name, ue.msg.In(lang(env)), usageOf(env, c.name)))
			return 2
		}
		var probs ingest.Problems
		if errors.As(err, &probs) {
			fmt.Fprintln(env.Stderr, probs.Format(lang(env)))
			fmt.Fprintln(env.Stderr, "pacer import: "+locale.T(lang(env), "cli.import.failed", len(probs)))
			return 1
		}
		if domain.ErrorKind(err) == domain.EINTERNAL {
			fmt.Fprintln(env.Stderr, locale.T(lang(env), "cli.failed", c.name, err.Error()))
		} else {
			fmt.Fprintln(env.Stderr, locale.T(lang(env), "cli.failed", c.name, domain.Message(lang(env), err)))
		}
		return 1
	}
	fmt.Fprintln(env.Stderr, locale.T(lang(env), "cli.unknown_command", args[0]))
	usage(env, env.Stderr)
	return 2
}

func usage(env Env, w io.Writer) {
	l := lang(env)
	fmt.Fprintln(w, locale.T(l, "cli.help.intro"))
	for _, c := range commands() {
		fmt.Fprintf(w, "  %s\n", usageOf(env, c.name))
	}
	fmt.Fprintln(w, locale.T(l, "cli.help.db"))
	fmt.Fprintln(w, locale.T(l, "cli.help.command"))
}

// usageError is a misuse of a command, said in the catalogue's words.
type usageError struct{ msg locale.Msg }

func (e usageError) Error() string { return e.msg.In("en") }

// misuse is a usageError of a catalogue key.
func misuse(key string, args ...any) usageError { return usageError{locale.M(key, args...)} }

// flagError is a flag the flag set refused (and has reported, with its usage): a misuse.
type flagError struct{ error }

// flags returns a flag set that reports to env.Stderr, with the common --db flag.
func flags(env Env, name string) (*flagSet, *string) {
	fs := newFlagSet(env, name)
	def := env.Getenv("PACER_DB")
	if def == "" {
		def = "pacer.db"
	}
	return fs, fs.String("db", def, locale.T(lang(env), "cli.flag.db"))
}

// flagSet is a command's flags; -h prints its usage line and flags in the command's language,
// on standard output when asked for (-h), on standard error after a misuse.
type flagSet struct {
	*flag.FlagSet
	stdout io.Writer
}

func newFlagSet(env Env, name string) *flagSet {
	fs := &flagSet{flag.NewFlagSet(name, flag.ContinueOnError), env.Stdout}
	fs.SetOutput(env.Stderr)
	cmd, _, _ := strings.Cut(name, " ")
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintln(w, usageOf(env, cmd))
		fmt.Fprintln(w, locale.T(lang(env), "cli.flags_of", name))
		fs.PrintDefaults()
	}
	return fs
}

// asksHelp reports whether args ask for help (-h, -help, --help) before a "--".
func asksHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "-help", "--h", "--help":
			return true
		}
	}
	return false
}

// parse parses flags wherever they stand among the positional arguments.
func parse(fs *flagSet, args []string) ([]string, error) {
	if asksHelp(args) {
		fs.SetOutput(fs.stdout)
	}
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, flagError{err}
		}
		if fs.NArg() == 0 {
			return rest, nil
		}
		rest = append(rest, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// lang is the language of the command's messages: PACER_LANG (en for English), else zh-CN.
func lang(env Env) string { return locale.Match(env.Getenv("PACER_LANG")) }

func actor() string {
	if u, err := user.Current(); err == nil {
		return "cli:" + u.Username
	}
	return "cli"
}

func openStore(ctx context.Context, dsn string) (*store.Store, error) {
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", redact(dsn), err)
	}
	return s, nil
}

// redact hides a password in a database URL.
func redact(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.Index(dsn[i+3:], "@"); at >= 0 {
			cred := dsn[i+3 : i+3+at]
			if u, _, ok := strings.Cut(cred, ":"); ok {
				return dsn[:i+3] + u + ":***" + dsn[i+3+at:]
			}
		}
	}
	return dsn
}
