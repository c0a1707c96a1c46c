package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"pacer/internal/store"
)

// PostgresURL is the test server: PACER_TEST_POSTGRES, default postgres://postgres@127.0.0.1:5432/test.
func PostgresURL() string {
	if u := os.Getenv("PACER_TEST_POSTGRES"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/test"
}

// OpenSQLite returns a fresh store in a temporary SQLite file, closed after the test.
func OpenSQLite(t testing.TB) *store.Store {
	t.Helper()
	dsn := filepath.Join(t.TempDir(), "pacer.db")
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	dsns.Store(s, dsn)
	t.Cleanup(func() { s.Close(); dsns.Delete(s) })
	return s
}

// OpenPostgres returns a fresh store in a new schema of the test PostgreSQL server, dropped after
// the test. It fails, never skips, when the server cannot be reached: a PostgreSQL test that
// skips is a failing test.
func OpenPostgres(t testing.TB) *store.Store {
	t.Helper()
	dsn, drop := NewPostgresSchema(t)
	s, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	dsns.Store(s, dsn)
	t.Cleanup(func() { s.Close(); dsns.Delete(s); drop() })
	return s
}

// NewPostgresSchema creates an empty schema and returns a URL whose search_path is it, and a
// function that drops it.
func NewPostgresSchema(t testing.TB) (dsn string, drop func()) {
	t.Helper()
	base := PostgresURL()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 6)
	rand.Read(buf)
	schema := "pacer_test_" + hex.EncodeToString(buf)
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		admin.Close()
		t.Fatalf("PostgreSQL at %s (set PACER_TEST_POSTGRES): %v", base, err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), func() {
		admin.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
		admin.Close()
	}
}

// Run variant for benchmarks and other packages: both stores by name.
var Dialects = []struct {
	Name string
	Open func(testing.TB) *store.Store
}{
	{"sqlite", OpenSQLite},
	{"postgres", OpenPostgres},
}

// dsns remembers the DSN each store of this package was opened with (for Backup).
var dsns sync.Map // *store.Store → string

// DSN returns the DSN the store was opened with by OpenSQLite or OpenPostgres.
func DSN(t testing.TB, s *store.Store) string {
	t.Helper()
	dsn, ok := dsns.Load(s)
	if !ok {
		t.Fatal("store not opened by storetest")
	}
	return dsn.(string)
}
