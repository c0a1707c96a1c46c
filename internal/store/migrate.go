package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
)

//go:embed migrations
var migrations embed.FS

// migrationLock is the PostgreSQL advisory lock key held while migrating ("pacer" in ASCII).
const migrationLock = 0x7061636572

// migrate applies, in order and each in its own transaction, the embedded migrations of the
// store's dialect that the database has not seen. Migrations are append-only: never edit one
// that has shipped. On PostgreSQL an advisory lock makes processes starting together take turns.
func (s *Store) migrate(ctx context.Context) error { return s.migrateTo(ctx, math.MaxInt) }

// migrateTo is migrate up to and including version last (tests build old databases with it).
func (s *Store) migrateTo(ctx context.Context, last int) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if s.dialect == Postgres {
		if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
			return fmt.Errorf("take the migration lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock)
	}
	// The least-privilege role of `pacer serve` (GrantAppRole) may not create tables, not even
	// "IF NOT EXISTS" one that exists: look first.
	exists := `SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = $1`
	if s.dialect == Postgres {
		exists = `SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = $1`
	}
	var have int
	if err := conn.QueryRowContext(ctx, exists, "schema_migrations").Scan(&have); err != nil {
		return fmt.Errorf("look for schema_migrations: %w", err)
	}
	if have == 0 {
		if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
	}
	dir := path.Join("migrations", string(s.dialect))
	entries, err := fs.ReadDir(migrations, dir)
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	for _, e := range entries {
		name := e.Name()
		version, err := strconv.Atoi(strings.SplitN(name, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", name)
		}
		if version > last {
			break
		}
		body, err := fs.ReadFile(migrations, path.Join(dir, name))
		if err != nil {
			return err
		}
		err = migrationTx(ctx, conn, func(tx *sql.Tx) error {
			var seen int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = $1`, version).Scan(&seen); err != nil {
				return err
			}
			if seen > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, version, name)
			return err
		})
		var pg *pgconn.PgError
		if errors.As(err, &pg) && pg.Code == "42501" {
			return fmt.Errorf("migration %s needs the tables' owner (this connection's role may not change the schema): "+
				"run pacer db grant with the owner's URL first: %w", name, err)
		}
		if err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

// migrationTx runs one migration in a transaction of its own (without the data-version bump of
// ordinary writes: the table may not exist yet).
func migrationTx(ctx context.Context, conn *sql.Conn, fn func(*sql.Tx) error) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
