package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
)

// Backup writes a consistent copy of the database to dest (which must not exist) and checks it:
// SQLite with VACUUM INTO (never a file copy of a live database) and PRAGMA integrity_check on
// the copy; PostgreSQL with pg_dump -Fc, checked by pg_restore --list. The backup is audited.
func (s *Store) Backup(ctx context.Context, by Who, dsn, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup: %s already exists", dest)
	}
	switch s.dialect {
	case SQLite:
		if _, err := s.w.ExecContext(ctx, `VACUUM INTO $1`, dest); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
		if err := checkSQLite(ctx, dest); err != nil {
			os.Remove(dest)
			return err
		}
	case Postgres:
		conn, schema, err := pgDumpTarget(dsn)
		if err != nil {
			return err
		}
		args := []string{"--format=custom", "--file=" + dest, "--dbname=" + conn}
		if schema != "" {
			args = append(args, "--schema="+schema)
		}
		if out, err := exec.CommandContext(ctx, "pg_dump", args...).CombinedOutput(); err != nil {
			os.Remove(dest)
			return fmt.Errorf("backup: pg_dump: %v: %s", err, out)
		}
		if out, err := exec.CommandContext(ctx, "pg_restore", "--list", dest).CombinedOutput(); err != nil {
			os.Remove(dest)
			return fmt.Errorf("backup: the dump does not read back: %v: %s", err, out)
		}
	}
	return s.AuditEvent(ctx, by, "backup.create", "backup:"+dest, "ok")
}

// checkSQLite opens a SQLite file read-only and runs PRAGMA integrity_check on it.
func checkSQLite(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("check %s: %w", path, err)
	}
	if res != "ok" {
		return fmt.Errorf("check %s: integrity_check says %q", path, res)
	}
	var n int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil || n == 0 {
		return fmt.Errorf("check %s: not a Pacer database", path)
	}
	return nil
}

// RestoreSQLite replaces the SQLite database at path with a checked backup. Nothing may have the
// database open. The restore is audited in the restored database.
func RestoreSQLite(ctx context.Context, by Who, path, backup string) error {
	if err := checkSQLite(ctx, backup); err != nil {
		return err
	}
	data, err := os.ReadFile(backup)
	if err != nil {
		return err
	}
	tmp := path + ".restoring"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	s, err := Open(ctx, path)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.AuditEvent(ctx, by, "backup.restore", "backup:"+backup, "ok")
}

// RestorePostgres replaces the Pacer tables of the database at dsn with a pg_dump backup
// (pg_restore --clean), then audits the restore there.
func RestorePostgres(ctx context.Context, by Who, dsn, backup string) error {
	conn, schema, err := pgDumpTarget(dsn)
	if err != nil {
		return err
	}
	if out, err := exec.CommandContext(ctx, "pg_restore", "--list", backup).CombinedOutput(); err != nil {
		return fmt.Errorf("restore: %s is not a readable dump: %v: %s", backup, err, out)
	}
	args := []string{"--clean", "--if-exists", "--no-owner", "--single-transaction", "--dbname=" + conn}
	if schema != "" {
		args = append(args, "--schema="+schema)
	}
	if out, err := exec.CommandContext(ctx, "pg_restore", append(args, backup)...).CombinedOutput(); err != nil {
		return fmt.Errorf("restore: pg_restore: %v: %s", err, out)
	}
	s, err := Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	return s.AuditEvent(ctx, by, "backup.restore", "backup:"+backup, "ok")
}

// pgDumpTarget turns a Pacer PostgreSQL URL into one libpq tools accept, and the schema its
// search_path names (tests and multi-tenant set-ups use one).
func pgDumpTarget(dsn string) (conn, schema string, err error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", "", err
	}
	q := u.Query()
	schema = strings.TrimSpace(strings.Split(q.Get("search_path"), ",")[0])
	q.Del("search_path")
	u.RawQuery = q.Encode()
	return u.String(), schema, nil
}
