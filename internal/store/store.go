// Package store is the only package that speaks SQL. One Store runs on SQLite (a file path) or
// PostgreSQL (a postgres:// URL); both are held to the contract suite in storetest.
package store

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"pacer/internal/catalog"
	"pacer/internal/domain"
)

// Dialect names the database behind a Store.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Store is the database. Writes go through w; reads through r (the same pool on PostgreSQL;
// on SQLite w is a single connection so writers queue instead of failing with SQLITE_BUSY).
type Store struct {
	dialect Dialect
	w, r    *sql.DB
	now     func() time.Time

	version     versionCache
	localWrites atomic.Int64
	// rr is the read standby (OpenReadStandby), nil without one; replicaVersion its data version.
	rr             *sql.DB
	replicaVersion versionCache
	hot            sync.Map // query → *sql.Stmt on r: the statements every request runs, prepared once
	chains         sync.Map // region code → []domain.Region: RegionChain's answers
	sessionLookups lookups[domain.Session]
	tokenLookups   lookups[tokenUser]
}

// hotRow runs a read that every request makes (session and token lookups) through a statement
// prepared once on the read pool: the SQL is parsed once, not on every request.
func (s *Store) hotRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st, ok := s.hot.Load(query); ok {
		return st.(*sql.Stmt).QueryRowContext(ctx, args...)
	}
	st, err := s.r.PrepareContext(ctx, query)
	if err != nil {
		return s.r.QueryRowContext(ctx, query, args...) // reports the error on Scan
	}
	if prev, loaded := s.hot.LoadOrStore(query, st); loaded {
		st.Close()
		st = prev.(*sql.Stmt)
	}
	return st.QueryRowContext(ctx, args...)
}

// hotQuery is hotRow for a read returning rows (the attraction summary's grouped read).
func (s *Store) hotQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if st, ok := s.hot.Load(query); ok {
		return st.(*sql.Stmt).QueryContext(ctx, args...)
	}
	st, err := s.r.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.hot.LoadOrStore(query, st); loaded {
		st.Close()
		st = prev.(*sql.Stmt)
	}
	return st.QueryContext(ctx, args...)
}

// versionCache remembers the data version for up to versionMaxAge, so pages under load do not
// ask the database on every request. A write through this Store invalidates it at once (so a
// process always reads its own writes); writes by other processes are seen within versionMaxAge.
type versionCache struct {
	mu     sync.Mutex
	n      int64
	at     time.Time
	writes int64 // this Store's committed writes when n was read
}

const versionMaxAge = time.Second

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open connects to dsn (a SQLite file path or a postgres:// URL), applies pending migrations and
// loads the built-in catalogue (regions, indicators) where missing.
func Open(ctx context.Context, dsn string) (*Store, error) {
	s, err := connect(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.seedCatalogue(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// connect opens the connections to dsn, without migrating.
func connect(ctx context.Context, dsn string) (*Store, error) {
	s := &Store{now: clock}
	var err error
	if IsPostgres(dsn) {
		s.dialect = Postgres
		s.w, err = sql.Open("pgx", dsn)
		if err != nil {
			return nil, err
		}
		s.w.SetMaxOpenConns(16)
		s.w.SetMaxIdleConns(16)
		s.r = s.w
	} else {
		s.dialect = SQLite
		if err := s.openSQLite(dsn); err != nil {
			return nil, err
		}
	}
	if err := s.w.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("connect to %s database: %w", s.dialect, err)
	}
	return s, nil
}

// openSQLite opens one writer connection and a small pool of read-only ones. Pragmas, in order:
// busy_timeout first so the rest wait rather than fail; WAL so readers never block the writer;
// synchronous=FULL so a committed import survives power loss; foreign keys and secure delete on.
func (s *Store) openSQLite(path string) error {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(ON)", "secure_delete(ON)"} {
		q.Add("_pragma", p)
	}
	q.Set("_timezone", "Local") // times read back in the local zone, as pgx gives them
	q.Set("_txlock", "immediate")
	var err error
	s.w, err = sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		return err
	}
	s.w.SetMaxOpenConns(1)
	// The writer must exist (and be in WAL mode) before read-only connections open.
	if err := s.w.Ping(); err != nil {
		s.w.Close()
		return fmt.Errorf("open SQLite database %s: %w", path, err)
	}
	q.Set("_txlock", "deferred")
	q.Add("_pragma", "query_only(ON)")
	s.r, err = sql.Open("sqlite", "file:"+path+"?"+q.Encode())
	if err != nil {
		s.w.Close()
		return err
	}
	s.r.SetMaxOpenConns(4)
	s.r.SetMaxIdleConns(4) // the default of 2 would close and reopen readers under load
	return nil
}

// Dialect reports which database the store runs on.
func (s *Store) Dialect() Dialect { return s.dialect }

// Ping reports whether the database answers (the writer's connection: on PostgreSQL, the
// read-write server a multi-host URL found).
func (s *Store) Ping(ctx context.Context) error { return s.w.PingContext(ctx) }

// PoolStats reports the connection pools' use: the writer's and the readers' (the same pool on
// PostgreSQL, reported once under "rw").
func (s *Store) PoolStats() map[string]sql.DBStats {
	if s.r == s.w {
		return map[string]sql.DBStats{"rw": s.w.Stats()}
	}
	return map[string]sql.DBStats{"write": s.w.Stats(), "read": s.r.Stats()}
}

// Close closes the connections.
func (s *Store) Close() error {
	s.hot.Range(func(_, st any) bool { st.(*sql.Stmt).Close(); return true })
	err := s.w.Close()
	if s.rr != nil {
		s.rr.Close()
	}
	if s.r != s.w {
		if e := s.r.Close(); err == nil {
			err = e
		}
	}
	return err
}

// seedCatalogue inserts built-in regions and indicators that the database does not have yet.
func (s *Store) seedCatalogue(ctx context.Context) error {
	var n int
	if err := s.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions`).Scan(&n); err != nil {
		return err
	}
	regions, err := catalog.Regions()
	if err != nil {
		return err
	}
	inds := catalog.Indicators()
	var m int
	if err := s.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicators WHERE built_in`).Scan(&m); err != nil {
		return err
	}
	if n >= len(regions) && m >= len(inds) {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := insertRegions(ctx, tx, regions); err != nil {
			return err
		}
		for _, ind := range inds {
			if _, err := tx.ExecContext(ctx, `INSERT INTO indicators
				(code, name, name_en, unit, kind, direction, precision, mode, tolerance, growth_tolerance, owner_unit, built_in, comparable_price, frequency)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, TRUE, $12, $13) ON CONFLICT (code) DO NOTHING`,
				ind.Code, ind.Name, ind.NameEN, ind.Unit, ind.Kind, ind.Direction, ind.Precision, ind.Mode,
				ind.Tolerance, ind.GrowthTolerance, ind.OwnerUnit, ind.ComparablePrice, frequency(ind)); err != nil {
				return err
			}
		}
		return nil
	})
}

// insertRegions inserts regions parents first, skipping codes already present, and returns how
// many it added.
func insertRegions(ctx context.Context, tx *sql.Tx, regions []domain.Region) (int64, error) {
	var added int64
	const perStmt = 400
	for start := 0; start < len(regions); start += perStmt {
		chunk := regions[start:min(start+perStmt, len(regions))]
		var b strings.Builder
		b.WriteString(`INSERT INTO regions (code, name, level, parent_code) VALUES `)
		args := make([]any, 0, len(chunk)*4)
		for i, r := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "($%d, $%d, $%d, $%d)", i*4+1, i*4+2, i*4+3, i*4+4)
			args = append(args, r.Code, r.Name, string(r.Level), nullString(r.Parent))
		}
		b.WriteString(` ON CONFLICT (code) DO NOTHING`)
		r, err := tx.ExecContext(ctx, b.String(), args...)
		if err != nil {
			return added, fmt.Errorf("insert regions: %w", err)
		}
		n, _ := r.RowsAffected()
		added += n
	}
	return added, nil
}

// inTx runs fn in one write transaction (BEGIN IMMEDIATE on SQLite).
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	return s.inConnTx(ctx, func(_ *sql.Conn, tx *sql.Tx) error { return fn(tx) })
}

// inConnTx is inTx with the connection the transaction runs on, for bulk paths that need the
// driver's own connection inside the transaction (PostgreSQL COPY).
func (s *Store) inConnTx(ctx context.Context, fn func(*sql.Conn, *sql.Tx) error) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(conn, tx); err != nil {
		tx.Rollback()
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE data_version SET n = n + 1 WHERE id = 1`); err != nil {
		tx.Rollback()
		return fmt.Errorf("bump data version: %w", err)
	}
	err = tx.Commit()
	s.localWrites.Add(1) // even a failed commit: re-reading the version costs one query
	return err
}

// DataVersion returns a number that changes whenever a write transaction commits: what was read
// at one version is current as long as the version has not moved.
//
// For a request that reads from the read standby (see rd), it is the standby's version: views
// cached under it were computed from what the standby held.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	if s.rr != nil {
		if min, ok := domain.ReadVersion(ctx); ok {
			if v, err := s.standbyVersion(ctx); err == nil && v >= min {
				return v, nil
			}
		}
	}
	writes := s.localWrites.Load()
	s.version.mu.Lock()
	if !s.version.at.IsZero() && s.version.writes == writes && time.Since(s.version.at) < versionMaxAge {
		n := s.version.n
		s.version.mu.Unlock()
		return n, nil
	}
	s.version.mu.Unlock()
	var n int64
	if err := s.r.QueryRowContext(ctx, `SELECT n FROM data_version WHERE id = 1`).Scan(&n); err != nil {
		return 0, err
	}
	s.version.mu.Lock()
	s.version.n, s.version.at, s.version.writes = n, time.Now(), writes
	s.version.mu.Unlock()
	return n, nil
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullFloat(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}

func floatPtr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}

// Now is the store's clock: workflows stamp the records they decide on with it.
func (s *Store) Now() time.Time { return s.now() }
