package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
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
	s, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "pacer.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
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
	t.Cleanup(func() { s.Close(); drop() })
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
