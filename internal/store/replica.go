package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"pacer/internal/domain"
)

// A read standby (pacer serve --db-read URL): a PostgreSQL streaming replica of the primary.
// Reads of requests marked with domain.ReadAtLeast go to it when its data version has reached
// the mark (the user's own last write), else to the primary; writes, sign-in, sessions, tokens,
// the security policy and anything unmarked always use the primary.

// replicaVersionMaxAge is how long the standby's data version is remembered. A remembered
// version is never above the standby's real one (it only grows), so at worst a read goes to the
// primary that could have gone to the standby.
const replicaVersionMaxAge = 200 * time.Millisecond

// OpenReadStandby connects to dsn, a read-only standby of this store's PostgreSQL database, for
// the reads of marked requests. It checks that dsn answers with the same schema (its data
// version can be read) and does not migrate it.
func (s *Store) OpenReadStandby(ctx context.Context, dsn string) error {
	if s.dialect != Postgres || !IsPostgres(dsn) {
		return errors.New("a read standby needs PostgreSQL on both sides")
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	var n int64
	if err := db.QueryRowContext(ctx, `SELECT n FROM data_version WHERE id = 1`).Scan(&n); err != nil {
		db.Close()
		return fmt.Errorf("read standby: %w", err)
	}
	s.rr = db
	return nil
}

// rd is the pool a read of ctx uses: the standby when ctx is marked and the standby has reached
// the mark, else the primary's read pool.
func (s *Store) rd(ctx context.Context) *sql.DB {
	if s.rr == nil {
		return s.r
	}
	min, ok := domain.ReadVersion(ctx)
	if !ok {
		return s.r
	}
	if v, err := s.standbyVersion(ctx); err != nil || v < min {
		return s.r
	}
	return s.rr
}

// standbyVersion is the standby's data version, remembered for replicaVersionMaxAge.
func (s *Store) standbyVersion(ctx context.Context) (int64, error) {
	s.replicaVersion.mu.Lock()
	if !s.replicaVersion.at.IsZero() && time.Since(s.replicaVersion.at) < replicaVersionMaxAge {
		n := s.replicaVersion.n
		s.replicaVersion.mu.Unlock()
		return n, nil
	}
	s.replicaVersion.mu.Unlock()
	var n int64
	if err := s.rr.QueryRowContext(ctx, `SELECT n FROM data_version WHERE id = 1`).Scan(&n); err != nil {
		return 0, err
	}
	s.replicaVersion.mu.Lock()
	if n > s.replicaVersion.n || s.replicaVersion.at.IsZero() {
		s.replicaVersion.n = n
	}
	s.replicaVersion.at = time.Now()
	n = s.replicaVersion.n
	s.replicaVersion.mu.Unlock()
	return n, nil
}

// ReadsFromStandby reports whether the reads of ctx would go to the read standby now.
func (s *Store) ReadsFromStandby(ctx context.Context) bool { return s.rr != nil && s.rd(ctx) == s.rr }
