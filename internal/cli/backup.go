package cli

import (
	"context"
	"fmt"

	"pacer/internal/locale"
	"pacer/internal/store"
)

// pacer backup --db D --out FILE: a checked, consistent copy (SQLite VACUUM INTO; PostgreSQL pg_dump).
func runBackup(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "backup")
	out := fs.String("out", "", locale.T(lang(env), "cli.flag.out"))
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *out == "" {
		return misuse("cli.backup.out_required")
	}
	s, err := openStore(ctx, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.Backup(ctx, store.Who{Username: actor()}, *db, *out); err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, locale.T(lang(env), "cli.backup.written", *out))
	return nil
}

// pacer restore --db D FILE: replace the database with a backup (stop every pacer using it first).
func runRestore(ctx context.Context, env Env, args []string) error {
	fs, db := flags(env, "restore")
	rest, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(rest) != 1 {
		return misuse("cli.restore.one_file")
	}
	by := store.Who{Username: actor()}
	if store.IsPostgres(*db) {
		err = store.RestorePostgres(ctx, by, *db, rest[0])
	} else {
		err = store.RestoreSQLite(ctx, by, *db, rest[0])
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, locale.T(lang(env), "cli.restore.done", redact(*db), rest[0]))
	return nil
}
