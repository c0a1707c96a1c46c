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

type command struct {
	name, usage string
	run         func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"demo", "serve the Heshan 2023 demo: pacer demo [--addr 127.0.0.1:8080] [--db FILE]", runDemo},
		{"serve", "serve a database: pacer serve [--db D] [--addr 127.0.0.1:8080] [--second-factor] [--secret-key FILE] [--idle-timeout-minutes N …: first-run security policy]", runServe},
		{"import", "import files: pacer import [--db D] [--layout long|auto|indicator-rows|region-rows] [--map NAME=CODE]... FILE...", runImport},
		{"scorecard", "a region's scorecard: pacer scorecard [--db D] --region CODE --period YYYY-MM [--json]", runScorecard},
		{"user", "accounts: pacer user add NAME --role ROLE [--unit CODE] [--db D] (password on standard input); pacer user token NAME [--label L] [--expires YYYY-MM-DD | --days N] [--db D]; pacer user token list NAME; pacer user token revoke NAME ID; pacer user second-factor reset NAME; pacer user disable|enable NAME", runUser},
		{"policy", "the security policy: pacer policy [--db D]; pacer policy set NAME=VALUE... [--db D]", runPolicy},
		{"backup", "a checked copy of the database: pacer backup [--db D] --out FILE", runBackup},
		{"restore", "replace the database with a backup (stop pacer first): pacer restore [--db D] FILE", runRestore},
		{"audit", "the audit log past its retention: pacer audit purge [--db D] --before YYYY-MM-DD (at least 180 days ago; audited)", runAudit},
		{"db", "the PostgreSQL role of pacer serve: pacer db grant [--db OWNER-URL] [--role pacer_app]", runDB},
		{"ranking", "peers ranked: pacer ranking [--db D] --parent CODE --indicator CODE --period YYYY-MM [--by growth|value] [--json]", runRanking},
	}
}

// Main runs the command line args (without the program name) and returns the exit status:
// 0 success, 1 the work failed (bad input, errors listed), 2 the command was misused.
func Main(ctx context.Context, env Env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(env.Stderr)
		return 2
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
		case errors.Is(err, flag.ErrHelp), errors.As(err, new(flagError)):
			return 2 // the flag package has already said what is wrong, with the usage
		case errors.As(err, &ue):
			fmt.Fprintf(env.Stderr, "pacer %s: %s\nusage: %s\n", c.name, ue.msg, c.usage)
			return 2
		}
		var probs ingest.Problems
		if errors.As(err, &probs) {
			fmt.Fprintln(env.Stderr, probs.Format(lang(env)))
			fmt.Fprintln(env.Stderr, "pacer import: "+locale.T(lang(env), "cli.import.failed", len(probs)))
			return 1
		}
		if domain.ErrorKind(err) == domain.EINTERNAL {
			fmt.Fprintf(env.Stderr, "pacer %s: %v\n", c.name, err)
		} else {
			fmt.Fprintf(env.Stderr, "pacer %s: %s\n", c.name, domain.Message(lang(env), err))
		}
		return 1
	}
	fmt.Fprintf(env.Stderr, "pacer: unknown command %q\n", args[0])
	usage(env.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Pacer — a county's economic targets, statistics and cadence.\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %s\n", c.usage)
	}
	fmt.Fprintln(w, "\n--db is a SQLite file or a postgres:// URL (default $PACER_DB, else pacer.db); PACER_LANG=en for English messages.")
}

type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// flagError is a flag the flag set refused (and has reported, with its usage): a misuse.
type flagError struct{ error }

// flags returns a flag set that reports to env.Stderr, with the common --db flag.
func flags(env Env, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	def := env.Getenv("PACER_DB")
	if def == "" {
		def = "pacer.db"
	}
	return fs, fs.String("db", def, "SQLite file or postgres:// URL")
}

// parse parses flags wherever they stand among the positional arguments.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
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
