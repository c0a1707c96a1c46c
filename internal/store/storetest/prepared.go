package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"pacer/internal/store"
)

// Prepared builds a store once per dialect (the demo case, say: a second of work and a dozen
// password hashes) and gives every test its own copy of it, opened afresh — a SQLite file copied
// with VACUUM INTO, a PostgreSQL schema migrated and filled with the prepared schema's rows. A
// copy shares nothing with the prepared store or with other copies: what one test writes no
// other sees, and nothing the store keeps in memory is carried over. Close removes the prepared
// stores (call it from TestMain).
type Prepared struct {
	build func(context.Context, *store.Store) error

	mu   sync.Mutex
	srcs map[string]*preparedSource // dialect name → its prepared store, built on first use
}

type preparedSource struct {
	once   sync.Once
	err    error
	sqlite string // the prepared SQLite file
	schema string // the prepared PostgreSQL schema
	script string // the SQL that copies its rows (copyScript)
	dir    string
}

// NewPrepared returns a Prepared whose stores build fills.
func NewPrepared(build func(context.Context, *store.Store) error) *Prepared {
	return &Prepared{build: build, srcs: map[string]*preparedSource{}}
}

// Open returns a copy of the prepared store of dialect ("sqlite" or "postgres"), closed (and
// dropped) after the test.
func (p *Prepared) Open(t testing.TB, dialect string) *store.Store {
	t.Helper()
	src := p.source(dialect)
	if src.err != nil {
		t.Fatalf("prepare the %s store: %v", dialect, src.err)
	}
	ctx := context.Background()
	switch dialect {
	case "sqlite":
		dsn := filepath.Join(t.TempDir(), "pacer.db")
		db, err := sql.Open("sqlite", src.sqlite)
		if err != nil {
			t.Fatal(err)
		}
		_, err = db.ExecContext(ctx, `VACUUM INTO `+quote(dsn))
		db.Close()
		if err != nil {
			t.Fatalf("copy the prepared SQLite store: %v", err)
		}
		s, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		dsns.Store(s, dsn)
		t.Cleanup(func() { s.Close(); dsns.Delete(s) })
		return s
	case "postgres":
		s := OpenPostgres(t) // migrated, empty
		dsn := DSN(t, s)
		s.Close() // reopened below, after the copy, so that it caches nothing of the empty schema
		if err := copyRows(ctx, dsn, src.script); err != nil {
			t.Fatalf("copy the prepared PostgreSQL store: %v", err)
		}
		s2, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		dsns.Store(s2, dsn)
		t.Cleanup(func() { s2.Close(); dsns.Delete(s2) })
		return s2
	}
	t.Fatalf("no dialect %q", dialect)
	return nil
}

// Close removes the prepared stores.
func (p *Prepared) Close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, src := range p.srcs {
		if src.dir != "" {
			os.RemoveAll(src.dir)
		}
		if src.schema != "" {
			if admin, err := sql.Open("pgx", PostgresURL()); err == nil {
				admin.Exec(`DROP SCHEMA ` + src.schema + ` CASCADE`)
				admin.Close()
			}
		}
	}
	p.srcs = map[string]*preparedSource{}
}

func (p *Prepared) source(dialect string) *preparedSource {
	p.mu.Lock()
	src, ok := p.srcs[dialect]
	if !ok {
		src = &preparedSource{}
		p.srcs[dialect] = src
	}
	p.mu.Unlock()
	src.once.Do(func() { src.err = p.prepare(dialect, src) })
	return src
}

func (p *Prepared) prepare(dialect string, src *preparedSource) error {
	ctx := context.Background()
	var dsn string
	switch dialect {
	case "sqlite":
		dir, err := os.MkdirTemp("", "pacer-prepared-")
		if err != nil {
			return err
		}
		src.dir = dir
		dsn = filepath.Join(dir, "pacer.db")
		src.sqlite = dsn
	case "postgres":
		admin, err := sql.Open("pgx", PostgresURL())
		if err != nil {
			return err
		}
		defer admin.Close()
		buf := make([]byte, 6)
		rand.Read(buf)
		schema := "pacer_prepared_" + hex.EncodeToString(buf)
		if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
			return fmt.Errorf("PostgreSQL at %s (set PACER_TEST_POSTGRES): %w", PostgresURL(), err)
		}
		src.schema = schema
		if dsn, err = withSearchPath(PostgresURL(), schema); err != nil {
			return err
		}
	default:
		return fmt.Errorf("no dialect %q", dialect)
	}
	s, err := store.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := p.build(ctx, s); err != nil {
		return err
	}
	if dialect == "postgres" {
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		src.script, err = copyScript(ctx, db, src.schema)
		return err
	}
	return nil
}

func withSearchPath(base, schema string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// copyScript is the SQL that replaces every table's rows in a schema migrated like the prepared
// schema src with src's rows, and moves each sequence past the rows copied; one round trip.
// Triggers and foreign-key checks are off while it copies (session_replication_role = replica:
// the test server's account is a superuser).
func copyScript(ctx context.Context, db *sql.DB, src string) (string, error) {
	rows, err := db.QueryContext(ctx, `SELECT c.relname, a.attname, a.attidentity = 'a',
		a.attidentity <> '' OR coalesce(pg_get_expr(d.adbin, d.adrelid) LIKE 'nextval(%', false)
		FROM pg_class c
		JOIN pg_namespace n ON n.oid = c.relnamespace
		JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
		LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
		WHERE n.nspname = $1 AND c.relkind IN ('r', 'p')
		ORDER BY c.relname, a.attnum`, src)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	type table struct {
		cols, sequenced []string
		always          bool
	}
	tables := map[string]*table{}
	var names []string
	for rows.Next() {
		var name, col string
		var always, sequenced bool
		if err := rows.Scan(&name, &col, &always, &sequenced); err != nil {
			return "", err
		}
		tb := tables[name]
		if tb == nil {
			tb = &table{}
			tables[name] = tb
			names = append(names, name)
		}
		tb.cols = append(tb.cols, quoteIdent(col))
		tb.always = tb.always || always
		if sequenced {
			tb.sequenced = append(tb.sequenced, col)
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(names) == 0 {
		return "", fmt.Errorf("no tables in the prepared schema %s", src)
	}
	var b strings.Builder
	b.WriteString("SET LOCAL session_replication_role = replica;\n")
	for _, n := range names {
		b.WriteString("DELETE FROM " + quoteIdent(n) + ";\n")
	}
	for _, n := range names {
		tb := tables[n]
		cols := strings.Join(tb.cols, ", ")
		overriding := ""
		if tb.always {
			overriding = " OVERRIDING SYSTEM VALUE"
		}
		b.WriteString("INSERT INTO " + quoteIdent(n) + " (" + cols + ")" + overriding + " SELECT " + cols +
			" FROM " + quoteIdent(src) + "." + quoteIdent(n) + ";\n")
		for _, col := range tb.sequenced {
			b.WriteString("SELECT setval(pg_get_serial_sequence(" + quote(quoteIdent(n)) + ", " + quote(col) + "), max(" +
				quoteIdent(col) + ")) FROM " + quoteIdent(n) + " HAVING max(" + quoteIdent(col) + ") IS NOT NULL;\n")
		}
	}
	return b.String(), nil
}

// copyRows runs script (copyScript's) on the schema of dsn, in one transaction.
func copyRows(ctx context.Context, dsn, script string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, script); err != nil {
		return err
	}
	return tx.Commit()
}

func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

func quote(s string) string { return `'` + strings.ReplaceAll(s, `'`, `''`) + `'` }
