package store

import (
	"context"
	"database/sql"
	"time"

	"pacer/internal/domain"
)

// The scheduler's record (job_runs): a job's slot is claimed by inserting its row — the primary
// key (job, slot) lets one claimant in, whichever process, whenever — and finished with its
// outcome. A claim never finished (its process died) may be taken over once it is older than the
// caller's staleness limit.

// ClaimJobSlot claims slot of job for owner at now and reports whether owner got it: true when
// no one had claimed the slot, or when the claim on it was never finished and started before
// staleBefore (taken over, its attempts counted); false when the slot is done or running.
func (s *Store) ClaimJobSlot(ctx context.Context, job, slot, owner string, now, staleBefore time.Time) (bool, error) {
	var claimed bool
	err := s.bookTx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `INSERT INTO job_runs (job, slot, claimed_by, started_at, attempts) VALUES ($1, $2, $3, $4, 1)
			ON CONFLICT (job, slot) DO NOTHING`, job, slot, owner, s.dialect.stamp(now))
		if err != nil {
			return err
		}
		if n, _ := r.RowsAffected(); n == 1 {
			claimed = true
			return nil
		}
		r, err = tx.ExecContext(ctx, `UPDATE job_runs SET claimed_by = $3, started_at = $4, attempts = attempts + 1
			WHERE job = $1 AND slot = $2 AND finished_at IS NULL AND started_at < $5`,
			job, slot, owner, s.dialect.stamp(now), s.dialect.stamp(staleBefore))
		if err != nil {
			return err
		}
		n, _ := r.RowsAffected()
		claimed = n == 1
		return nil
	})
	return claimed, err
}

// FinishJobSlot records how owner's run of a slot ended ("ok", or the error) at at. It reports
// whether owner still held the claim (a run taken over as stale does not overwrite the new one).
func (s *Store) FinishJobSlot(ctx context.Context, job, slot, owner, outcome string, at time.Time) (bool, error) {
	var n int64
	err := s.bookTx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `UPDATE job_runs SET finished_at = $4, outcome = $5
			WHERE job = $1 AND slot = $2 AND claimed_by = $3 AND finished_at IS NULL`, job, slot, owner, s.dialect.stamp(at), outcome)
		if err != nil {
			return err
		}
		n, err = r.RowsAffected()
		return err
	})
	return n == 1, err
}

// JobRuns lists the scheduler's record, newest start first: of job (every job when ""), at most
// limit rows.
func (s *Store) JobRuns(ctx context.Context, job string, limit int) ([]domain.JobRun, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT job, slot, claimed_by, started_at, finished_at, outcome, attempts FROM job_runs
		WHERE ($1 = '' OR job = $1) ORDER BY started_at DESC, job, slot LIMIT $2`, job, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.JobRun
	for rows.Next() {
		var r domain.JobRun
		var fin sql.NullTime
		if err := rows.Scan(&r.Job, &r.Slot, &r.ClaimedBy, &r.StartedAt, &fin, &r.Outcome, &r.Attempts); err != nil {
			return nil, err
		}
		if fin.Valid {
			t := fin.Time
			r.FinishedAt = &t
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// PruneJobRuns deletes finished runs that started before before and returns how many.
func (s *Store) PruneJobRuns(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := s.bookTx(ctx, func(tx *sql.Tx) error {
		r, err := tx.ExecContext(ctx, `DELETE FROM job_runs WHERE finished_at IS NOT NULL AND started_at < $1`, s.dialect.stamp(before))
		if err != nil {
			return err
		}
		n, err = r.RowsAffected()
		return err
	})
	return n, err
}
